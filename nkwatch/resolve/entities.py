"""Resolve names of facilities, systems, programmes and organizations (and places) to pack ids.

    index = EntityIndex.from_pack(load_pack("dprk"))
    index.best("Namp'o Dockyard")            # -> facility/nampho-shipyard
    index.best("남포조선소")                  # the same record, from its Hangul
    index.best("Kangdong hospital", context="Pyongyang")

A name is read as a *key*: its distinctive words folded the way place names are folded
(romanization differences evened out: Nampho/Namp'o/Nampo, Kim Ch'aek/Kimchaek), numbered names
in one form (February 8 / Feb. 8 / 2.8 / 2·8 -> 2.8), and its generic words reduced to classes
from the pack lexicon `entity_words.yaml` (Shipyard/Dockyard/Shipbuilding Complex -> shipyard).
Two names with the same distinctive words and the same strong classes are one name; the weak
classes (complex, factory: the owner's style) only lower the score when they differ. Hangul
names get the same treatment with Hangul suffixes and the ROK initial-sound rule (련합/연합).

Scores: a written form known exactly 0.95; the same key 0.90; the same key but other weak words
0.86; a stem one edit away (two from ten letters) 0.80 x similarity. Context adds 0.06 when it
names the record's county or province, 0.04 when it names its programme or year. `best()`
answers when the top score is >= 0.75 and leads the next record by >= 0.05: unknown rather than
wrong. A bare place name (only a place's words and no strong class: "Nampho Complex") matches
no facility.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from nkwatch.resolve.hangul import is_hangul, to_rok
from nkwatch.resolve.normalize import exact, fold_latin, strip_marks
from nkwatch.resolve.resolver import PhraseFinder

if TYPE_CHECKING:
    from nkwatch.packs import Pack
    from nkwatch.resolve.gazetteer import Gazetteer

KINDS = ("facility", "system", "programme", "organization", "place")
EXACT, KEY, WEAK_DIFFERS, ROMANIZED, AT_PLACE, FUZZY_WEIGHT = 0.95, 0.90, 0.84, 0.84, 0.80, 0.80
PLACE_CONTEXT, OTHER_CONTEXT, WORDS_AS_WRITTEN = 0.06, 0.04, 0.05
MIN_BEST, MARGIN = 0.75, 0.05
MAX_VARIANTS = 48  # generated forms per written form: enough for synonyms x romanizations

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_WORD = {m[:3]: n for n, m in enumerate(_MONTHS, 1)} | {m: n for n, m in enumerate(_MONTHS, 1)}
_MONTH_DAY = re.compile(r"\b(" + "|".join(sorted(_MONTH_WORD, key=len, reverse=True))
                        + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\b")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\s?[.·・∙•]\s?(\d{1,2})(?![\d.])")
_HANGUL_DATE = re.compile(r"(\d{1,2})월\s?(\d{1,2})일")
_TOKEN = re.compile(r"\d+\.\d+|[a-z0-9]+|[\uac00-\ud7a3]+")
_APOSTROPHES = str.maketrans({"’": "", "‘": "", "`": "", "ʼ": "", "ʻ": "", "´": "", "'": ""})


@dataclass(frozen=True, slots=True)
class Entity:
    """What the resolver knows of one pack record, whatever its kind."""

    id: str
    kind: str  # facility | system | programme | organization | place
    name: str
    type: str  # the record's own kind: shipyard, icbm, policy, ministry, county ...
    province: str | None = None  # canonical first-level name
    place_id: str | None = None
    first_level: str | None = None
    programme: str | None = None
    year: int | None = None
    sector: str | None = None
    lat: float | None = None
    lon: float | None = None
    located: str | None = None  # where lat/lon come from: "record", "place" or "province"
    hangul: str | None = None
    forms: tuple[str, ...] = ()  # the written forms of the record (name, aliases, Hangul)


@dataclass(frozen=True, slots=True)
class EntityCandidate:
    entity: Entity
    score: float
    how: str  # exact | key | weak | fuzzy | context | place
    matched: str = ""


@dataclass(frozen=True, slots=True)
class NameKey:
    stem: str  # distinctive words, folded; "h:" prefix for Hangul
    strong: tuple[str, ...]  # sorted strong classes
    weak: tuple[str, ...]  # sorted weak classes
    place_only: bool = False  # every distinctive word is a place name
    words: str = ""  # the distinctive words unfolded ("kim chaek" vs "kimchaek")
    latin: str = ""  # a Hangul name's stem romanized and folded: how it meets Latin names
    tokens: frozenset[str] = frozenset()  # the distinctive words folded one by one, any order

    @property
    def main(self) -> tuple[str, tuple[str, ...]]:
        return self.stem, self.strong


@dataclass
class _Words:
    """entity_words.yaml, compiled for token-level matching."""

    english: dict[tuple[str, ...], str]  # phrase tokens -> class
    longest: int
    hangul: list[tuple[str, str]]  # (suffix in ROK spelling, class), longest first
    weak: frozenset[str]
    spellings: dict[str, str]
    stopwords: frozenset[str]
    not_records: frozenset[str]
    reporters: frozenset[str]
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # class -> English phrases

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any]) -> _Words:
        english: dict[tuple[str, ...], str] = {}
        hangul: list[tuple[str, str]] = []
        synonyms: dict[str, list[str]] = {}
        for name, spec in lex["classes"].items():
            for phrase in spec["english"]:
                english[tuple(_TOKEN.findall(phrase.lower()))] = name
            # Generated forms use the first, commonest phrases of a class (singular ones).
            synonyms[name] = [p for p in spec["english"] if not p.endswith("s") or p.endswith("ss")][:5]
            hangul += [(s, name) for s in spec["hangul"]]  # as written: 련합 mid-word stays 련합
        hangul.sort(key=lambda pair: -len(pair[0]))
        return cls(english, max(map(len, english)), hangul,
                   frozenset(n for n, s in lex["classes"].items() if s.get("weak")),
                   {k.lower(): v.lower() for k, v in lex.get("spellings", {}).items()},
                   frozenset(w.lower() for w in lex.get("stopwords", [])),
                   frozenset(w.lower() for w in lex.get("not_records", [])),
                   frozenset(lex.get("reporters", [])), synonyms)


def _numbered(text: str) -> str:
    """February 8 / Feb. 8 / 8 February / 2·8 / 2월8일 -> 2.8 (a numbered name's one form)."""
    text = _HANGUL_DATE.sub(lambda m: f"{int(m[1])}.{int(m[2])}", text)
    text = _MONTH_DAY.sub(lambda m: f"{_MONTH_WORD[m[1]]}.{int(m[2])}", text)
    text = _DAY_MONTH.sub(lambda m: f"{_MONTH_WORD[m[2][:3]]}.{int(m[1])}", text)
    return _DOTTED.sub(lambda m: f"{int(m[1])}.{int(m[2])}", text)


class EntityIndex:
    def __init__(self, entities: Iterable[Entity], words: _Words, gazetteer: Gazetteer,
                 cache_size: int = 1 << 15) -> None:
        self.words = words
        self.gaz = gazetteer
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        place_keys = {k for k in gazetteer.by_key if not k.startswith("h:")}
        self._place_keys = frozenset(place_keys | {k[2:] for k in gazetteer.by_key if k.startswith("h:")})
        self.key = lru_cache(maxsize=cache_size)(self._key)
        self.by_exact: dict[str, set[str]] = defaultdict(set)
        # key -> record -> the weak words of each of its forms with that key
        self.by_key: dict[tuple[str, tuple[str, ...]], dict[str, set[tuple[str, ...]]]] = defaultdict(dict)
        self.by_words: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        self.by_tokens: dict[tuple[frozenset[str], tuple[str, ...]], set[str]] = defaultdict(set)
        self.at_place: dict[str, dict[str, set[str]]] = defaultdict(dict)  # place -> record -> classes
        for e in self.entities.values():
            if e.kind == "place":  # places are the gazetteer's to resolve
                continue
            for form in e.forms:
                self.by_exact[exact(form)].add(e.id)
                k = self.key(form)
                if k.stem and not (k.place_only and not k.strong):
                    self.by_key[k.main].setdefault(e.id, set()).add(k.weak)
                    self.by_words[(k.words, k.strong)].add(e.id)
                    if len(k.tokens) > 1:
                        self.by_tokens[(k.tokens, k.strong)].add(e.id)
                if e.place_id:
                    self.at_place[e.place_id].setdefault(e.id, set()).update((*k.strong, *k.weak))
        self._stems: dict[tuple[str, ...], list[str]] = defaultdict(list)  # strong -> stems
        for stem, strong in self.by_key:
            if not stem.startswith("h:") and len(stem) >= 5:
                self._stems[strong].append(stem)
        self._places = PhraseFinder({exact(v.text): pid for pid, vs in gazetteer.variants.items()
                                     for v in vs if len(v.text) >= 4 and not v.former})
        self._programmes = PhraseFinder({exact(f): e.id for e in self.entities.values()
                                         if e.kind == "programme" for f in e.forms if len(f) >= 5})
        self._resolve = lru_cache(maxsize=cache_size)(self._resolve_uncached)

    @classmethod
    def from_pack(cls, pack: Pack) -> EntityIndex:
        """Built once per pack and kept on it."""
        cached = getattr(pack, "_entity_index", None)
        if cached is None:
            from nkwatch.resolve.gazetteer import Gazetteer

            gaz = Gazetteer.from_pack(pack)
            cached = cls(pack_entities(pack, gaz), _Words.from_lexicon(pack.lexicons["entity_words"]),
                         gaz)
            object.__setattr__(pack, "_entity_index", cached)
        return cached

    # -- keys ------------------------------------------------------------------------------
    def _key(self, name: str) -> NameKey:
        text = unicodedata.normalize("NFC", name).casefold()
        text = _numbered(text)
        if any(is_hangul(ch) for ch in text):
            return self._hangul_key(text)
        text = strip_marks(text).translate(_APOSTROPHES).replace("&", " and ")
        tokens = [self.words.spellings.get(t, t) for t in _TOKEN.findall(text)]
        stem_tokens, classes = self._classes(tokens)
        unit_tokens = self.gaz.keyer.unit_tokens
        kept = [t for t in stem_tokens if t not in self.words.stopwords and t not in unit_tokens]
        if not kept:
            kept = [t for t in stem_tokens if t not in self.words.stopwords]
        stem = fold_latin("".join(t for t in kept if not t[0].isdigit()))
        numbers = [t for t in kept if t[0].isdigit()]
        stem = stem + "#" + "#".join(numbers) if numbers else stem
        return self._name_key(stem, classes, place_only=bool(kept) and not numbers and self._all_places(kept),
                              words=" ".join(kept),
                              tokens=frozenset(fold_latin(t) for t in kept))

    def _hangul_key(self, text: str) -> NameKey:
        text = re.sub(r"[\s\-]+", "", text)
        classes: set[str] = set()
        stripped = True
        while stripped:
            stripped = False
            for suffix, name in self.words.hangul:
                if text.endswith(suffix) and len(text) > len(suffix):
                    text, stripped = text[: -len(suffix)], True
                    classes.add(name)
                    break
        for suffix in self.gaz.keyer.hangul_suffixes:  # 강동군병원: the county's name, no 군
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                break
        place_only = ("h:" + to_rok(text)) in self.gaz.by_key
        return self._name_key("h:" + to_rok(text), classes, place_only=place_only,
                              latin=_romanized(text))

    def _name_key(self, stem: str, classes: set[str], place_only: bool, words: str = "",
                  latin: str = "", tokens: frozenset[str] = frozenset()) -> NameKey:
        strong = tuple(sorted(c for c in classes if c not in self.words.weak))
        weak = tuple(sorted(c for c in classes if c in self.words.weak))
        return NameKey(stem, strong, weak, place_only, words or stem, latin, tokens)

    def _classes(self, tokens: list[str]) -> tuple[list[str], set[str]]:
        """Split tokens into distinctive ones and the classes of generic phrases (longest first)."""
        stem: list[str] = []
        classes: set[str] = set()
        i = 0
        while i < len(tokens):
            for size in range(min(self.words.longest, len(tokens) - i), 0, -1):
                name = self.words.english.get(tuple(tokens[i : i + size]))
                if name is not None:
                    classes.add(name)
                    i += size
                    break
            else:
                stem.append(tokens[i])
                i += 1
        return stem, classes

    def _all_places(self, tokens: list[str]) -> bool:
        key = fold_latin("".join(t for t in tokens if not t[0].isdigit()))
        return key in self._place_keys

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, name: str, context: str | None = None, kind: str | None = None
                ) -> list[EntityCandidate]:
        """Ranked candidates, best first; [] when nothing is known by that name."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        return list(self._resolve(name.strip(), context or "", kind))

    def best(self, name: str, context: str | None = None, kind: str | None = None
             ) -> EntityCandidate | None:
        """The one right answer, or None when unknown or ambiguous."""
        found = self.resolve(name, context, kind)
        if not found or found[0].score < MIN_BEST:
            return None
        if len(found) > 1 and found[0].score - found[1].score < MARGIN:
            return None
        return found[0]

    def _resolve_uncached(self, name: str, context: str, kind: str | None
                          ) -> tuple[EntityCandidate, ...]:
        if not name:
            return ()
        scores: dict[str, tuple[float, str, str]] = {}
        if kind != "place":
            scores = self._match(name)
            key = self.key(name)
            if not scores and not key.stem and context:  # "the regional factories" + a county
                counties = [p for p in self._context(context)[0] if "/" in p]
                if len(counties) == 1:
                    scores = self._at_place(name, key, counties[0])
            if kind is not None:
                scores = {i: s for i, s in scores.items() if self.entities[i].kind == kind}
        out = [EntityCandidate(self.entities[i], s, how, m) for i, (s, how, m) in scores.items()]
        if kind in (None, "place"):
            out += self._places_for(name, context, bool(scores))
        if context and out:
            out = self._with_context(out, context)
        out.sort(key=lambda c: (-c.score, c.entity.id))
        return tuple(out)

    def _match(self, name: str) -> dict[str, tuple[float, str, str]]:
        scores: dict[str, tuple[float, str, str]] = {}
        for eid in self.by_exact.get(exact(name), ()):
            scores[eid] = (EXACT, "exact", name)
        if scores:
            return scores
        key = self.key(name)
        if not key.stem:
            return scores
        if key.place_only and not key.strong:
            return self._at_place(name, key)
        written = self.by_words.get((key.words, key.strong), set())
        for eid, weak in self.by_key.get(key.main, {}).items():
            # The words as written beat a folding that merged them ("Kim Chaek" the man's name
            # in a steel works', "Kimchaek" the city's).
            bonus = WORDS_AS_WRITTEN if eid in written else 0.0
            scores[eid] = (KEY - _weak_penalty(weak, key.weak) + bonus,
                           "key" if not _weak_penalty(weak, key.weak) else "weak", key.stem)
        if not scores and key.latin:  # a Hangul name no record spells: meet the Latin names
            for eid, weak in self.by_key.get((key.latin, key.strong), {}).items():
                scores[eid] = (ROMANIZED - _weak_penalty(weak, key.weak), "romanized", key.latin)
        if not scores and len(key.tokens) > 1:  # the same words in another order
            for eid in self.by_tokens.get((key.tokens, key.strong), set()):
                scores[eid] = (ROMANIZED, "words", key.stem)
        if not scores and key.place_only:
            return self._at_place(name, key)
        if scores or key.stem.startswith("h:") or "#" in key.stem or len(key.stem) < 5:
            return scores
        max_edits = 1 if len(key.stem) < 10 else 2
        near = process.extract(key.stem, self._stems.get(key.strong, []),
                               scorer=Levenshtein.distance, limit=3, score_cutoff=max_edits)
        for stem, _edits, _ in near:
            ratio = fuzz.ratio(key.stem, stem) / 100
            for eid in self.by_key[(stem, key.strong)]:
                score = FUZZY_WEIGHT * ratio + (0.1 if key.strong else 0.0)
                if eid not in scores or scores[eid][0] < score:
                    scores[eid] = (score, "fuzzy", stem)
        return scores

    def _at_place(self, name: str, key: NameKey, place_id: str | None = None
                  ) -> dict[str, tuple[float, str, str]]:
        """A place's name and class words only ("Jangyon County factories", "강동군병원"), or
        class words with a county in the context: the one record at that place with those
        classes, if there is exactly one (or, for weak words in a county, its one record)."""
        classes = {*key.strong, *key.weak}
        if not classes:
            return {}
        if place_id is None:
            place = self.gaz.best(" ".join(key.words.split()) if not key.stem.startswith("h:")
                                  else key.stem[2:])
            place_id = place.place_id if place is not None else None
        if place_id is None or (not key.strong and "/" not in place_id):
            return {}  # "Nampho Complex": a city's many works, none named
        here = self.at_place.get(place_id, {})
        fits = [eid for eid, have in here.items()
                if set(key.strong) <= have and (key.strong or classes & have)]
        if not fits and not key.strong and len(here) == 1:
            fits = list(here)
        return {fits[0]: (AT_PLACE, "place", place_id)} if len(fits) == 1 else {}

    def _places_for(self, name: str, context: str, others: bool) -> list[EntityCandidate]:
        found = self.gaz.resolve(name, context or None)
        out = []
        for c in found[:5]:
            e = self.entities.get(c.place_id)
            if e is not None:  # a facility known by the name wins over the place in it
                out.append(EntityCandidate(e, c.score - (0.2 if others else 0.0), "place", c.matched))
        return out

    def _with_context(self, found: list[EntityCandidate], context: str) -> list[EntityCandidate]:
        places, programmes, years = self._context(context)
        first_levels = {self.gaz.first_level.get(p, p) for p in places}
        out = []
        for c in found:
            e, boost = c.entity, 0.0
            if e.kind != "place":
                if e.place_id and (e.place_id in places or e.first_level in first_levels):
                    boost += PLACE_CONTEXT
                if (e.programme and e.programme in programmes) or (e.year and e.year in years):
                    boost += OTHER_CONTEXT
            out.append(EntityCandidate(e, round(min(c.score + boost, 1.0), 4),
                                       "context" if boost else c.how, c.matched) if boost else c)
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per pack, kept for the process
    def _context(self, context: str) -> tuple[frozenset[str], frozenset[str], frozenset[int]]:
        text = exact(context)
        years = frozenset(int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", context))
        return frozenset(self._places.find(text)), frozenset(self._programmes.find(text)), years

    # -- listing and generated forms --------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def classes_of(self, entity_id: str) -> set[str]:
        """Every class word of the record's written forms (shipyard, complex, destroyer ...)."""
        e = self.entities[entity_id]
        found: set[str] = set()
        for form in e.forms:
            k = self.key(form)
            found.update(k.strong, k.weak)
        return found

    def variants(self, entity_id: str) -> list[str]:
        """The forms the record is written in plus forms generated from them: generic words
        replaced by their synonyms, the place part in every romanization the gazetteer knows,
        numbered names in their usual forms. Every generated form resolves back to the record."""
        e = self.entities[entity_id]
        if e.kind == "place":
            return [v.text for v in self.gaz.variants[entity_id]]
        seen: dict[str, None] = {}
        for form in e.forms:
            seen.setdefault(form, None)
            if not is_hangul(form):
                for variant in islice(self._generate(form), MAX_VARIANTS):
                    seen.setdefault(variant, None)
        return [v for v in seen if self._resolves_back(v, entity_id)]

    def _resolves_back(self, form: str, entity_id: str) -> bool:
        """A record's own form, or a generated one that names this record and no other."""
        if form in self.entities[entity_id].forms:
            return True
        k = self.key(form)
        owners = set(self.by_key.get(k.main, {})) | self.by_exact.get(exact(form), set())
        return owners == {entity_id}

    def _generate(self, form: str) -> Iterator[str]:
        words = form.split()
        options: list[list[str]] = []
        i = 0
        lowered = [w.lower().strip(",.") for w in words]
        while i < len(words):
            for size in range(min(self.words.longest, len(words) - i), 0, -1):
                name = self.words.english.get(tuple(_TOKEN.findall(" ".join(lowered[i : i + size]))))
                if name is not None and name not in self.words.weak or (
                        name is not None and size == 1):
                    phrases = [" ".join(words[i : i + size]), *self.words.synonyms[name]]
                    options.append(list(dict.fromkeys(_title(p, words[i]) for p in phrases)))
                    i += size
                    break
            else:
                options.append(self._place_spellings(words[i]))
                i += 1
        for combo in product(*options):
            yield " ".join(combo)
        numbered = _numbered(form.lower())
        if numbered != form.lower():
            match = re.search(r"\b(\d{1,2})\.(\d{1,2})\b", numbered)
            if match:
                month, day = int(match[1]), int(match[2])
                if 1 <= month <= 12:
                    for written in (f"{_MONTHS[month - 1].title()} {day}", f"{_MONTHS[month - 1][:3].title()}. {day}",
                                    f"{month}.{day}", f"{month}·{day}"):
                        yield re.sub(re.escape(match[0]), written, numbered).title().replace(
                            written.title(), written)

    def _place_spellings(self, word: str) -> list[str]:
        """A word that is a place's name in every Latin spelling the gazetteer has for it."""
        if not word[:1].isupper() or len(word) < 4:
            return [word]
        place = self.gaz.best(word)
        if place is None or place.how not in ("exact", "key"):
            return [word]
        spellings = [v.text for v in self.gaz.variants[place.place_id]
                     if " " not in v.text and "-" not in v.text and v.text.isascii()
                     and not v.former and self.gaz.keyer.key(v.text) == self.gaz.keyer.key(word)]
        return list(dict.fromkeys([word, *spellings]))[:6]

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """(form, kind, id) of every non-place record: what text matching looks for."""
        for e in self.entities.values():
            if e.kind != "place":
                for form in self.variants(e.id):
                    yield form, e.kind, e.id

    def list(self, kind: str | None = None, province: str | None = None) -> list[Entity]:
        out = [e for e in self.entities.values() if (kind is None or e.kind == kind)]
        if province is not None:
            out = [e for e in out if e.first_level == province or e.place_id == province]
        return sorted(out, key=lambda e: (KINDS.index(e.kind), e.id))


def _weak_penalty(have: set[tuple[str, ...]], asked: tuple[str, ...]) -> float:
    """Weak words that differ from every form's lower the score; weak words missing on one
    side do not."""
    return 0.0 if not asked or asked in have or () in have else KEY - WEAK_DIFFERS


def _romanized(hangul: str) -> str:
    """A Hangul stem as its folded DPRK romanization, digits kept: 만리경-1 -> malikyong#1."""
    from nkwatch.resolve.hangul import romanize_dprk

    letters = "".join(ch for ch in hangul if is_hangul(ch))
    digits = re.findall(r"\d+(?:\.\d+)?", hangul)
    if not letters:
        return ""
    folded = fold_latin(strip_marks(romanize_dprk(letters)).lower())
    return folded + ("#" + "#".join(digits) if digits else "")


def _title(phrase: str, like: str) -> str:
    """Write a synonym the way the replaced word was written (capitalised or not)."""
    if like[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in phrase.split())
    return phrase


def pack_entities(pack: Pack, gaz: Gazetteer) -> Iterator[Entity]:
    """Every record of the pack as an Entity (places included)."""
    def where(place_id: str | None) -> dict[str, Any]:
        if not place_id or place_id not in gaz.places:
            return {}
        return {"place_id": place_id, "first_level": gaz.first_level[place_id],
                "province": gaz.province_of(place_id)}

    for p in pack.places:
        yield Entity(p.id, "place", p.name, p.kind, lat=p.lat, lon=p.lon,
                     located="record" if p.lat is not None else None, hangul=p.hangul,
                     forms=(p.name, *p.aliases, p.hangul), **where(p.id))
    for f in pack.facilities:
        yield Entity(f.id, "facility", f.name, f.kind, programme=f.programme, year=f.year,
                     sector=f.sector, hangul=f.hangul, forms=_forms(f.name, f.aliases, f.hangul),
                     **where(f.place), **_point(f.lat, f.lon, f.place, gaz))
    for s in pack.systems:
        yield Entity(s.id, "system", s.name, s.kind, sector=s.sector, hangul=s.hangul,
                     forms=_forms(s.name, s.aliases, s.hangul))
    for g in pack.programmes:
        yield Entity(g.id, "programme", g.name, g.kind, sector=g.sector,
                     forms=_forms(g.name, g.aliases, None))
    for o in pack.organizations:
        yield Entity(o.id, "organization", o.name, o.kind, hangul=o.hangul,
                     forms=_forms(o.name, o.aliases, o.hangul))


def _point(lat: float | None, lon: float | None, place_id: str | None, gaz: Gazetteer
           ) -> dict[str, Any]:
    """A record's own coordinates, else its place's, else its province's: every located record
    lands on the map, saying how precisely."""
    if lat is not None and lon is not None:
        return {"lat": lat, "lon": lon, "located": "record"}
    for where, pid in (("place", place_id), ("province", gaz.first_level.get(place_id or ""))):
        place = gaz.places.get(pid or "")
        if place is not None and place.lat is not None:
            return {"lat": place.lat, "lon": place.lon, "located": where}
    return {}


def _forms(name: str, aliases: list[str], hangul: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in (name, *aliases, hangul) if f))
