"""Scoring a mention against the gazetteer: exact variant > folded key > fuzzy, then context.

Scores (0..1; see docs/romanization.md):
- exact variant 0.88, key 0.80; fuzzy: places whose key is at most one edit away (two from ten
  letters) score 0.80 x the best rapidfuzz ratio between the mention and their written forms, so
  "Chongjn" is Chongjin rather than Jongju, and "Kim Jong Un" is no Kimjongsuk;
  never for a mention with digits, which is a product name such as Hwasong-20); a mistyped unit
  word ("Songchon Countv") is dropped and the rest matched at 0.76; a former name loses 0.10;
- +0.08 when the context names the candidate's first-level unit (how = "context");
- +0.03 / -0.05 when the mention's unit word (County, District ...) fits / contradicts the kind;
- a mention spelled exactly like a known foreign homonym (Suncheon) is capped at 0.60 unless the
  context names a DPRK province, and dropped when the context is foreign.
`best()` answers only when the top score is >= 0.70 and leads the next place by >= 0.05.

What depends on the name alone is cached per name; the context is scanned with an Aho-Corasick
automaton, so a new sentence around a known name costs one pass over the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from nkwatch.resolve.hangul import is_hangul
from nkwatch.resolve.normalize import exact

if TYPE_CHECKING:
    from nkwatch.resolve.gazetteer import Candidate, Gazetteer

EXACT, KEY, FORMER = 0.88, 0.80, 0.10
FUZZY_WEIGHT, LOOSE_UNIT = 0.80, 0.76
CONTEXT_BOOST, KIND_FIT, KIND_MISFIT = 0.08, 0.03, 0.05
HOMONYM_CAP, MIN_BEST, MARGIN = 0.60, 0.70, 0.05

Scores = dict[str, tuple[float, str, str]]  # place id -> (score, how, matched)


@dataclass(frozen=True)
class NameMatch:
    """Everything about a mention that does not depend on its context."""

    scores: tuple[tuple[str, float, str, str], ...]  # (place id, score, how, matched)
    homonym: bool


class PhraseFinder:
    """Finds whole-word phrases (already in `exact()` form) in a text, via Aho-Corasick."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self.empty = not phrases
        self.automaton = ahocorasick.Automaton()
        for phrase, value in phrases.items():
            self.automaton.add_word(phrase, (len(phrase), value))
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> set[str]:
        if self.empty:
            return set()
        found = set()
        for end, (length, value) in self.automaton.iter(text):
            start = end - length + 1
            before = text[start - 1] if start > 0 else " "
            after = text[end + 1] if end + 1 < len(text) else " "
            if not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha()):
                found.add(value)
        return found


class Resolver:
    def __init__(self, gaz: Gazetteer, cache_size: int = 1 << 16) -> None:
        self.gaz = gaz
        forms = {}
        for pid, vs in gaz.variants.items():
            if gaz.places[pid].parent is None:
                forms.update({exact(v.text): pid for v in vs if len(v.text) >= 4 or is_hangul(v.text)})
        # One pass finds both the DPRK first-level units and the foreign words of a context.
        phrases = {exact(w): "" for w in gaz.words.foreign_context}  # "" marks a foreign word
        phrases.update(forms)
        self.phrases = PhraseFinder(phrases)
        self.homonyms = {exact(h.name) for h in gaz.words.homonyms}
        self.kind_of_word: dict[str, set[str]] = {}
        for kind, kw in gaz.words.kinds.items():
            for word in kw.english:
                self.kind_of_word.setdefault(word.split()[-1].lower(), set()).add(kind)
        self.unit_tokens = sorted(gaz.keyer.unit_tokens)
        self._resolve = lru_cache(maxsize=cache_size)(self._resolve_uncached)
        self._name = lru_cache(maxsize=cache_size)(self._name_uncached)
        self._context = lru_cache(maxsize=cache_size and 4096)(self._context_uncached)

    # -- API -------------------------------------------------------------------------------
    def resolve(self, name: str, context: str | None) -> list[Candidate]:
        name = name.strip()
        if "," in name:  # "Unsan County, South Phyongan Province": the tail is context
            name, tail = name.split(",", 1)
            context = f"{tail} {context or ''}"
        return list(self._resolve(name.strip(), context or ""))

    def best(self, name: str, context: str | None) -> Candidate | None:
        found = self.resolve(name, context)
        if not found or found[0].score < MIN_BEST:
            return None
        if len(found) > 1 and found[0].score - found[1].score < MARGIN:
            return None
        return found[0]

    # -- steps -----------------------------------------------------------------------------
    def _resolve_uncached(self, name: str, context: str) -> tuple[Candidate, ...]:
        match = self._name(name)
        if not match.scores:
            return ()
        scores: Scores = {pid: (s, how, m) for pid, s, how, m in match.scores}
        provinces, foreign = self._context(context)
        boosted = False
        first_level = self.gaz.first_level
        for pid, (score, _how, matched) in scores.items():
            if first_level[pid] in provinces:
                scores[pid] = (score + CONTEXT_BOOST, "context", matched)
                boosted = True
        if match.homonym and not boosted:
            if foreign:
                return ()
            scores = {pid: (min(s, HOMONYM_CAP), how, m) for pid, (s, how, m) in scores.items()}
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return tuple(self.gaz.candidate(pid, s, how, m) for pid, (s, how, m) in ranked)

    def _name_uncached(self, name: str) -> NameMatch:
        if not name:
            return NameMatch((), False)
        ex = exact(name)
        scores = self._match(name, ex)
        unit = self.gaz.keyer.unit_word(name) if " " in ex else None  # "X County", "X-gun" -> "x gun"
        kinds = self.kind_of_word.get(unit or "")
        if kinds:
            for pid, (score, how, matched) in scores.items():
                fits = self.gaz.places[pid].kind in kinds
                scores[pid] = (score + (KIND_FIT if fits else -KIND_MISFIT), how, matched)
        homonym = ex in self.homonyms or bool(unit) and ex.rsplit(" ", 1)[0] in self.homonyms
        return NameMatch(tuple((pid, s, how, m) for pid, (s, how, m) in scores.items()), homonym)

    def _match(self, name: str, ex: str) -> Scores:
        gaz = self.gaz
        exact_hits = gaz.by_exact.get(ex, ())
        scores: Scores = {h.place_id: (EXACT - FORMER * h.former, "exact", name) for h in exact_hits}
        if scores and not all(hit.former for hit in exact_hits):
            return scores  # a current name written exactly as we know it: no need to fold
        key = gaz.keyer.key(name)
        self._add_key_hits(scores, key, KEY, "key")
        if scores or key.startswith("h:") or any(c.isdigit() for c in name):
            return scores
        loose = self._without_mistyped_unit(name)
        if loose is not None:
            self._add_key_hits(scores, gaz.keyer.key(loose), LOOSE_UNIT, "fuzzy")
            key = gaz.keyer.key(loose)
        if not scores and len(key) >= 5:
            self._add_fuzzy_hits(scores, name, key)
        return scores

    def _add_fuzzy_hits(self, scores: Scores, name: str, key: str) -> None:
        max_edits = 1 if len(key) < 10 else 2
        near = process.extract(key, self.gaz.fuzzy_keys, scorer=Levenshtein.distance, limit=3,
                               score_cutoff=max_edits)
        written = exact(name)  # only on the rare fuzzy path
        for found, _edits, _ in near:
            for hit in self.gaz.by_key[found]:
                _, ratio, _ = process.extractOne(written, self.gaz.exact_forms[hit.place_id],
                                                 scorer=fuzz.ratio)
                score = FUZZY_WEIGHT * ratio / 100 - FORMER * hit.former
                if hit.place_id not in scores or scores[hit.place_id][0] < score:
                    scores[hit.place_id] = (score, "fuzzy", found)

    def _add_key_hits(self, scores: Scores, key: str, base: float, how: str) -> None:
        for hit in self.gaz.by_key.get(key, ()):
            score = base - FORMER * hit.former
            if hit.place_id not in scores or scores[hit.place_id][0] < score:
                scores[hit.place_id] = (score, how, key)

    def _without_mistyped_unit(self, name: str) -> str | None:
        """"Chollima Distrimt" -> "Chollima": drop a last word that is nearly a unit word."""
        head, _, last = name.strip().rpartition(" ")
        if "-" in last and not head:
            head, _, last = last.rpartition("-")
        if not head or len(last) < 3:
            return None
        if process.extractOne(last.lower(), self.unit_tokens, scorer=fuzz.ratio, score_cutoff=70):
            return head
        return None

    def _context_uncached(self, context: str) -> tuple[frozenset[str], bool]:
        """First-level ids named in the context, and whether it names a foreign place."""
        if not context:
            return frozenset(), False
        found = self.phrases.find(exact(context))
        foreign = "" in found
        found.discard("")
        return frozenset(found), foreign
