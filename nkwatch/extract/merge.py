"""Merge the repeated mentions of one event inside a document.

The annotation rule is one event per (type, place or facility, date): a visit told twice is one
inspection; factories of two counties inaugurated on different days are two completions. Two
candidates merge unless something they state explicitly disagrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nkwatch.extract.attach import Candidate

# Words that say nothing about which facility is meant (English; a pack adds its own, its
# `generic_words` lexicon: the country's own names).
GENERIC = frozenset({
    "the", "a", "an", "of", "and", "in", "at", "for", "new", "major", "modern", "its", "their", "his",
    "site", "sites", "construction", "project", "projects", "factory", "factories", "plant",
    "plants", "enterprise", "enterprises", "facility", "facilities", "complex", "ceremony", "work",
    "works", "building", "county", "city", "area", "district", "province", "several", "various",
    "key", "important", "first", "second", "third", "this", "that", "these", "those", "big", "large",
    "newly", "built", "under", "country", "s",
})


def generic_words(pack_words: Iterable[str]) -> frozenset[str]:
    """The engine's generic words and the pack's (lexicons/generic_words.yaml)."""
    return GENERIC | frozenset(pack_words)


_WORD = re.compile(r"[a-z0-9]+")
_CAPITALISED = re.compile(r"[A-Z][\w-]*")


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def facility_words(name: str | None, generic: frozenset[str] = GENERIC) -> set[str]:
    if not name:
        return set()
    return {_stem(w) for w in _WORD.findall(name.lower()) if w not in generic} - generic


def _dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _places_agree(a: Candidate, b: Candidate) -> bool:
    if a.place is None or b.place is None:
        return True
    pa, pb = a.place.entity_id, b.place.entity_id
    if a.place.kind != b.place.kind:
        return False
    # A county agrees with its own province ("south-phyongan/songchon" with "south-phyongan").
    return pa == pb or pa.startswith(pb + "/") or pb.startswith(pa + "/")


def _proper_key(name: str | None, generic: frozenset[str]) -> str | None:
    """The first distinctive capitalised word of a name: "Posan" in "Posan Iron Works"."""
    for word in _CAPITALISED.findall(name or ""):
        if word.lower() not in generic:
            return str(word).lower()
    return None


def _facilities_agree(a: Candidate, b: Candidate, generic: frozenset[str]) -> bool:
    if a.facility_id and b.facility_id:
        return a.facility_id == b.facility_id or a.facility_kind != b.facility_kind
    ka, kb = _proper_key(a.facility, generic), _proper_key(b.facility, generic)
    if ka and kb:
        return ka == kb
    wa, wb = facility_words(a.facility, generic), facility_words(b.facility, generic)
    if not wa or not wb:
        return True
    return bool(wa & wb)


def _same_plan(a: Candidate, b: Candidate, generic: frozenset[str]) -> bool:
    """Plans are many and short: two sentences state one plan only when they say it alike or
    name the same thing (a headline and its first sentence)."""
    if a.type != "plan" or set(a.members) & set(b.members):
        return True
    if _verb(a) == _verb(b):
        return True
    if a.facility_id and a.facility_id == b.facility_id and a.facility_kind != "programme":
        return True  # (many plans serve one programme)
    return len(facility_words(a.facility, generic) & facility_words(b.facility, generic)) >= 2


def _verb(c: Candidate) -> str:
    return " ".join(c.trigger_text.lower().split()[-2:])


def _same_county(a: Candidate, b: Candidate) -> bool:
    return (a.place is not None and b.place is not None and "/" in a.place.entity_id
            and a.place.entity_id == b.place.entity_id)


def compatible(a: Candidate, b: Candidate, generic: frozenset[str] = GENERIC) -> bool:
    """Nothing stated disagrees. Facility wording only keeps events apart where no shared
    county already says they are one ("a crucial shipbuilding project" at Chongjin Port)."""
    return (a.type == b.type and _dates_agree(a.date, b.date) and _places_agree(a, b)
            and (a.type in ("meeting", "plan") or _same_county(a, b) or _facilities_agree(a, b, generic))
            and _same_plan(a, b, generic))


def _absorb(into: Candidate, other: Candidate) -> None:
    if other.date and (not into.date or len(other.date) > len(into.date)):
        into.date = other.date
    into.deadline = into.deadline or other.deadline
    into.report_date = into.report_date or other.report_date
    if other.place is not None and (into.place is None or
                                    other.place.entity_id.startswith(into.place.entity_id + "/")):
        into.place = other.place
    if other.facility_id and not into.facility_id:
        into.facility, into.facility_id, into.facility_kind = (other.facility, other.facility_id,
                                                               other.facility_kind)
    elif not into.facility:
        into.facility = other.facility
    into.leader = into.leader or other.leader
    into.partners |= other.partners
    into.quantities.extend(other.quantities)
    into.members.extend(other.members)
    if other.sentence_probability is not None:
        into.sentence_probability = max(into.sentence_probability or 0.0, other.sentence_probability)
    into.from_rules = into.from_rules or other.from_rules
    if other.sentence_rank is not None:
        into.sentence_rank = min(into.sentence_rank if into.sentence_rank is not None else 99,
                                 other.sentence_rank)


def _strength(c: Candidate) -> tuple[int, float, int]:
    """Explicitly dated, heavier, earlier candidates lead a cluster."""
    return (-(len(c.date) if c.date else 0), -c.weight, c.sentence)


def _told_before(clusters: list[Candidate], cand: Candidate) -> Candidate | None:
    """"The test launch was conducted ..." is the launch already told, whatever it is called."""
    earlier = [c for c in clusters if c.type == cand.type and min(c.members) < cand.sentence
               and _dates_agree(c.date, cand.date)]
    return max(earlier, key=lambda c: max(c.members)) if earlier else None


def merge_candidates(candidates: list[Candidate], generic: frozenset[str] = GENERIC) -> list[Candidate]:
    """One cluster per event; `generic` are the words that name no particular facility."""
    clusters: list[Candidate] = []
    for cand in sorted(candidates, key=_strength):
        home = next((c for c in clusters if compatible(c, cand, generic)), None)
        if home is None and cand.definite:
            home = _told_before(clusters, cand)
        if home is None:
            clusters.append(cand)
        else:
            _absorb(home, cand)
    return sorted(_merge_back_references(clusters), key=lambda c: c.evidence[0])


def _merge_back_references(clusters: list[Candidate]) -> list[Candidate]:
    """A cluster led by "The test launch ..." joins the launch told before it, even when it was
    formed first because it carried the sharper date."""
    ordered = sorted(clusters, key=lambda c: min(c.members))
    kept: list[Candidate] = []
    for cluster in ordered:
        home = _told_before(kept, cluster) if cluster.definite else None
        if home is None:
            kept.append(cluster)
        else:
            _absorb(home, cluster)
    return kept
