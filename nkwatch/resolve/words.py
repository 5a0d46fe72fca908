"""The words around place names, read from a pack lexicon (`lexicons/place_words.yaml`).

The engine holds no country-specific words: unit suffixes, direction words and foreign homonyms
all come from the pack, so another country's pack brings its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nkwatch.errors import PackError


@dataclass(frozen=True)
class KindWords:
    hangul: tuple[str, ...]  # suffixes after the stem, longest first: 구역, 군, 시 ...
    english: tuple[str, ...]  # County, City, District, Province ...
    mr: tuple[str, ...]  # gun, kun, guyŏk ... (hyphenated after the MR stem)
    rr: tuple[str, ...]  # gun, guyeok ... (hyphenated after the RR stem)


@dataclass(frozen=True)
class Direction:
    hangul: str  # 남
    english: tuple[str, ...]  # South, S.
    mr: tuple[str, ...]  # namdo  (P'yŏngan-namdo)
    rr: tuple[str, ...]  # nam    (Pyeongannam-do)
    key: str  # what a normalized key appends: nam


@dataclass(frozen=True)
class Homonym:
    name: str
    country: str
    note: str


@dataclass(frozen=True)
class PlaceWords:
    kinds: dict[str, KindWords]
    directions: tuple[Direction, ...]
    extra_unit_words: tuple[str, ...]
    homonyms: tuple[Homonym, ...]
    foreign_context: tuple[str, ...]

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any] | None) -> PlaceWords:
        if not lex or "kinds" not in lex:
            raise PackError("lexicons/place_words.yaml is missing or has no `kinds`; the resolver "
                            "needs it to know unit words")
        kinds = {k: KindWords(*(tuple(v.get(f, [])) for f in ("hangul", "english", "mr", "rr")))
                 for k, v in lex["kinds"].items()}
        dirs = tuple(Direction(d["hangul"], tuple(d["english"]), tuple(d["mr"]), tuple(d["rr"]),
                               d["key"]) for d in lex.get("directions", []))
        homs = tuple(Homonym(h["name"], h["country"], h.get("note", ""))
                     for h in lex.get("foreign_homonyms", []))
        return cls(kinds, dirs, tuple(lex.get("extra_unit_words", [])), homs,
                   tuple(lex.get("foreign_context", [])))

    def hangul_suffixes(self) -> list[str]:
        """Every Hangul unit suffix, longest first, so 구역 is tried before 구."""
        found = {s for k in self.kinds.values() for s in k.hangul}
        return sorted(found, key=len, reverse=True)

    def unit_tokens(self) -> set[str]:
        """Lower-case tokens that mark a unit rather than a name (county, gun, guyŏk, dist ...)."""
        out = {w.lower() for w in self.extra_unit_words}
        for k in self.kinds.values():
            for phrase in (*k.english, *k.mr, *k.rr):
                out.update(phrase.lower().split())
        return out
