"""The gazetteer: every variant of every place of a pack, indexed for resolution.

    gaz = Gazetteer.from_pack(load_pack("dprk"))
    gaz.best("Sŏngch'ŏn-gun")                      # -> Candidate(place_id="south-phyongan/songchon" ...)
    gaz.resolve("Unsan")                            # both Unsans, tied: ambiguous without context
    gaz.resolve("Unsan", context="North Phyongan")  # the one in North Phyongan first

Two indexes: the exact form of each variant (case, apostrophes and hyphens evened out) and its
folded key (see normalize.py). Scoring is in resolver.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nkwatch.errors import NkwatchError
from nkwatch.packs.schema import Place
from nkwatch.resolve.normalize import Keyer, exact
from nkwatch.resolve.romanize import Variant, variants
from nkwatch.resolve.words import PlaceWords

if TYPE_CHECKING:
    from nkwatch.packs import Pack


@dataclass(frozen=True, slots=True)
class Candidate:
    place_id: str
    name: str
    kind: str
    province: str  # canonical first-level name; the unit's own name for a first-level unit
    score: float  # 0..1
    how: str  # "exact" | "key" | "fuzzy" | "context"
    matched: str = ""  # the variant that matched


@dataclass(frozen=True)
class Hit:
    place_id: str
    former: bool


class UnknownPlace(NkwatchError):
    """A place id that is not in the pack."""


class Gazetteer:
    def __init__(self, places: Iterable[Place], words: PlaceWords, cache_size: int = 1 << 16) -> None:
        self.words = words
        self.keyer = Keyer(words, cache_size)
        self.places: dict[str, Place] = {p.id: p for p in places}
        self.variants: dict[str, list[Variant]] = {
            pid: variants(p, words) for pid, p in self.places.items()}
        self.by_exact: dict[str, list[Hit]] = defaultdict(list)
        self.by_key: dict[str, list[Hit]] = defaultdict(list)
        for pid, vs in self.variants.items():
            for v in vs:
                _add(self.by_exact[exact(v.text)], Hit(pid, v.former))
                _add(self.by_key[self.keyer.key(v.text)], Hit(pid, v.former))
        self.exact_forms = {pid: sorted({exact(v.text) for v in vs}) for pid, vs in self.variants.items()}
        self.fuzzy_keys = [k for k in self.by_key if not k.startswith("h:") and len(k) >= 5]
        self._province_names = {pid: self._province(pid) for pid in self.places}
        self.first_level = {pid: p.parent or pid for pid, p in self.places.items()}
        from nkwatch.resolve.resolver import Resolver  # scoring needs the built indexes

        self.resolver = Resolver(self, cache_size)  # cache_size=0: no caching (benchmarks)

    @classmethod
    def from_pack(cls, pack: Pack) -> Gazetteer:
        """Build once per pack and keep it on the pack object: later calls are free."""
        cached = getattr(pack, "_gazetteer", None)
        if cached is None:
            cached = cls(pack.places, PlaceWords.from_lexicon(pack.lexicons.get("place_words")))
            object.__setattr__(pack, "_gazetteer", cached)
        return cached

    # -- public API ------------------------------------------------------------------------
    def resolve(self, name: str, context: str | None = None) -> list[Candidate]:
        """Ranked candidates, best first; [] when the name is not a known place."""
        return self.resolver.resolve(name, context)

    def best(self, name: str, context: str | None = None) -> Candidate | None:
        """The one right answer, or None when unknown or ambiguous without more context."""
        return self.resolver.best(name, context)

    def surface_forms(self) -> Iterable[tuple[str, str]]:
        """(form as written in text, place id) for every variant, including unit-word forms and
        Hangul. One-syllable Hangul stems (중) are left out: they occur inside other words."""
        for pid, vs in self.variants.items():
            for v in vs:
                if len(v.text) < 2:
                    continue
                yield v.text, pid

    def province_of(self, place_id: str) -> str:
        self.place(place_id)
        return self._province_names[place_id]

    def place(self, place_id: str) -> Place:
        try:
            return self.places[place_id]
        except KeyError:
            raise UnknownPlace(f"no place with id {place_id!r}; try `nkwatch places list`") from None

    def children(self, parent_id: str | None) -> list[Place]:
        return [p for p in self.places.values() if p.parent == parent_id]

    # -- helpers ---------------------------------------------------------------------------
    def _province(self, place_id: str) -> str:
        place = self.places[place_id]
        while place.parent is not None:
            place = self.places[place.parent]
        return place.name

    def first_level_id(self, place_id: str) -> str:
        return self.first_level[place_id]

    def candidate(self, place_id: str, score: float, how: str, matched: str = "") -> Candidate:
        p = self.places[place_id]
        return Candidate(place_id, p.name, p.kind, self._province_names[place_id],
                         round(min(score, 1.0), 4), how, matched)


def _add(hits: list[Hit], hit: Hit) -> None:
    """Keep one hit per place, preferring a current name over a former one."""
    for n, h in enumerate(hits):
        if h.place_id == hit.place_id:
            if h.former and not hit.former:
                hits[n] = hit
            return
    hits.append(hit)
