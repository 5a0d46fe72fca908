"""Pick the one sector an event belongs to.

The facility's own sector (pack data) wins; then sector words in the facility phrase, then in the
evidence sentence, longest word first; then a default by event type.
"""

from __future__ import annotations

import re
from typing import Any

import ahocorasick

from nkwatch.extract.memo import built_once

_TYPE_DEFAULT = {"weapons_test": "military", "vessel_launch": "military", "meeting": "other",
                 "agreement": "other"}

def _build_automaton(lexicon: dict[str, Any]) -> ahocorasick.Automaton:
    """One pass over a text finds every sector word."""
    automaton = ahocorasick.Automaton()
    for sector, words in lexicon.items():
        for word in words:
            key = str(word).lower()
            if not automaton.exists(key):
                automaton.add_word(key, (len(key), sector))
    automaton.make_automaton()
    return automaton


def _automaton(lexicon: dict[str, Any]) -> ahocorasick.Automaton:
    return built_once(lexicon, _build_automaton)


def _hits(text: str, lexicon: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, length, sector) of every whole-word sector word in `text`."""
    if not text or not lexicon:
        return []
    lowered = text.lower()
    hits = []
    for end, (length, sector) in _automaton(lexicon).iter(lowered):
        start = end - length + 1
        before = lowered[start - 1] if start > 0 else " "
        after = lowered[end + 1] if end + 1 < len(lowered) else " "
        if not (before.isalnum() or before == "-" or after.isalnum() or after == "-"):
            hits.append((start, length, sector))
    return hits


def sector_in(text: str | None, lexicon: dict[str, Any]) -> str | None:
    """The sector of the earliest, then longest, sector word in `text`."""
    hits = _hits(text or "", lexicon)
    return min(hits, key=lambda h: (h[0], -h[1]))[2] if hits else None


# Sectors an event of these types can have, whatever words stand near it.
_FIXED = {"vessel_launch": {"military"}, "weapons_test": {"military", "science_education"}}
_AGREEMENT_SECTORS = {"trade", "transport", "energy", "fisheries", "agriculture", "health",
                      "science_education", "tourism", "mining", "light_industry", "heavy_industry"}


def choose_sector(event_type: str, known: str | None, facility: str | None, sentence: str,
                  lexicon: dict[str, Any], members: str = "", document: str | None = None) -> str:
    """Facility record, facility phrase, evidence sentence, the event's other mentions, then the
    type's default or the document's dominant sector."""
    if event_type == "meeting":
        return (sector_in(sentence, lexicon) if _topical(sentence) else None) or "other"
    if event_type in _FIXED:  # naval vessels are military; launches to space are science
        allowed = _FIXED[event_type]
        found = next((s for s in (known, sector_in(facility, lexicon), sector_in(sentence, lexicon))
                      if s in allowed), None)
        return found or _TYPE_DEFAULT[event_type]
    found = (known or sector_in(facility, lexicon) or sector_in(sentence, lexicon)
             or sector_in(members, lexicon))
    if event_type == "agreement" and found not in _AGREEMENT_SECTORS:
        found = None  # a treaty's mutual-defence clause does not make it a military agreement
    if found:
        return found
    if event_type in _TYPE_DEFAULT:
        return _TYPE_DEFAULT[event_type]
    return document or "other"


def dominant_sector(text: str, lexicon: dict[str, Any]) -> str | None:
    """The sector whose words occur most often in the document."""
    counts: dict[str, int] = {}
    for _, _, sector in _hits(text, lexicon):
        counts[sector] = counts.get(sector, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _topical(sentence: str) -> bool:
    """A meeting belongs to a sector only when it is dedicated to one ("on agriculture")."""
    return bool(re.search(r"\b(?:dedicated to|devoted to|on the issue of|addressing)\b", sentence, re.I))
