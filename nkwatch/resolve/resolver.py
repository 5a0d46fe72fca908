"""Scoring a mention against the gazetteer: exact variant > folded key > fuzzy, then context.

Scores (0..1; see docs/romanization.md):
- exact variant 0.88, key 0.80, fuzzy 0.80 x similarity (rapidfuzz ratio on keys, cutoff 85);
  a former name loses 0.10;
- +0.08 when the context names the candidate's first-level unit (how = "context");
- +0.03 / -0.05 when the mention's unit word (County, District ...) fits / contradicts the kind;
- a mention spelled exactly like a known foreign homonym (Suncheon) is capped at 0.60 unless the
  context names a DPRK province, and dropped when the context is foreign.
`best()` answers only when the top score is >= 0.70 and leads the next place by >= 0.05.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from nkwatch.resolve.hangul import is_hangul
from nkwatch.resolve.normalize import exact

if TYPE_CHECKING:
    from nkwatch.resolve.gazetteer import Candidate, Gazetteer

EXACT, KEY, FORMER = 0.88, 0.80, 0.10
FUZZY_WEIGHT, FUZZY_CUTOFF = 0.80, 85.0
CONTEXT_BOOST, KIND_FIT, KIND_MISFIT = 0.08, 0.03, 0.05
HOMONYM_CAP, MIN_BEST, MARGIN = 0.60, 0.70, 0.05


def _alternation(forms: set[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{body})(?![a-z])")


class Resolver:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.first_level_forms: dict[str, str] = {}
        for pid, vs in gaz.variants.items():
            if gaz.places[pid].parent is None:
                for v in vs:
                    if len(v.text) >= 4 or is_hangul(v.text):
                        self.first_level_forms[exact(v.text)] = pid
        self.province_re = _alternation(set(self.first_level_forms))
        self.foreign_re = _alternation({exact(w) for w in gaz.words.foreign_context})
        self.homonyms = {exact(h.name) for h in gaz.words.homonyms}
        self.kind_of_word: dict[str, set[str]] = {}
        for kind, kw in gaz.words.kinds.items():
            for word in kw.english:
                self.kind_of_word.setdefault(word.split()[-1].lower(), set()).add(kind)
        self._resolve = lru_cache(maxsize=1 << 16)(self._resolve_uncached)
        self._context = lru_cache(maxsize=1 << 12)(self._context_uncached)

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
        if not name:
            return ()
        scores = self._match(name)
        if not scores:
            return ()
        self._apply_kind(name, scores)
        provinces, foreign = self._context(context)
        boosted = self._apply_context(scores, provinces)
        if self._is_homonym(name) and not boosted:
            if foreign:
                return ()
            for pid, (score, how, matched) in scores.items():
                scores[pid] = (min(score, HOMONYM_CAP), how, matched)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return tuple(self.gaz.candidate(pid, s, how, m) for pid, (s, how, m) in ranked)

    def _match(self, name: str) -> dict[str, tuple[float, str, str]]:
        gaz = self.gaz
        scores: dict[str, tuple[float, str, str]] = {}
        for hit in gaz.by_exact.get(exact(name), ()):
            scores[hit.place_id] = (EXACT - FORMER * hit.former, "exact", name)
        key = gaz.keyer.key(name)
        for hit in gaz.by_key.get(key, ()):
            score = KEY - FORMER * hit.former
            if hit.place_id not in scores or scores[hit.place_id][0] < score:
                scores[hit.place_id] = (score, "key", key)
        if not scores and not key.startswith("h:") and len(key) >= 5:
            for found, ratio, _ in process.extract(key, gaz.fuzzy_keys, scorer=fuzz.ratio,
                                                   limit=3, score_cutoff=FUZZY_CUTOFF):
                for hit in gaz.by_key[found]:
                    score = FUZZY_WEIGHT * ratio / 100 - FORMER * hit.former
                    if hit.place_id not in scores or scores[hit.place_id][0] < score:
                        scores[hit.place_id] = (score, "fuzzy", found)
        return scores

    def _apply_kind(self, name: str, scores: dict[str, tuple[float, str, str]]) -> None:
        word = self.gaz.keyer.unit_word(name)
        kinds = self.kind_of_word.get(word or "")
        if not kinds:
            return
        for pid, (score, how, matched) in scores.items():
            fits = self.gaz.places[pid].kind in kinds
            scores[pid] = (score + (KIND_FIT if fits else -KIND_MISFIT), how, matched)

    def _apply_context(self, scores: dict[str, tuple[float, str, str]], provinces: frozenset[str]) -> bool:
        boosted = False
        for pid, (score, _how, matched) in scores.items():
            if self.gaz.first_level_id(pid) in provinces:
                scores[pid] = (score + CONTEXT_BOOST, "context", matched)
                boosted = True
        return boosted

    def _context_uncached(self, context: str) -> tuple[frozenset[str], bool]:
        """First-level ids named in the context, and whether it names a foreign place."""
        if not context:
            return frozenset(), False
        text = exact(context)
        found = frozenset(self.first_level_forms[m.group(0)]
                          for m in self.province_re.finditer(text)) if self.province_re else frozenset()
        foreign = bool(self.foreign_re and self.foreign_re.search(text))
        return found, foreign

    def _is_homonym(self, name: str) -> bool:
        if not self.homonyms:
            return False
        ex = exact(name)
        if ex in self.homonyms:
            return True
        word = self.gaz.keyer.unit_word(name)
        return bool(word) and exact(ex.rsplit(" ", 1)[0]) in self.homonyms
