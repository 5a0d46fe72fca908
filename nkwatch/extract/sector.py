"""Pick the one sector an event belongs to.

The facility's own sector (pack data) wins; then sector words in the facility phrase, then in the
evidence sentence, longest word first; then a default by event type.
"""

from __future__ import annotations

import re
from typing import Any

_TYPE_DEFAULT = {"weapons_test": "military", "vessel_launch": "military", "meeting": "other",
                 "agreement": "other"}

_INDEX: dict[int, tuple[Any, list[tuple[re.Pattern[str], str]]]] = {}


def _keywords(lexicon: dict[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    cached = _INDEX.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        pairs = [(str(word), sector) for sector, words in lexicon.items() for word in words]
        pairs.sort(key=lambda p: -len(p[0]))  # "offshore farm" before "farm"
        compiled = [(re.compile(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", re.I), s) for w, s in pairs]
        cached = (lexicon, compiled)
        _INDEX[id(lexicon)] = cached
    return cached[1]


def sector_in(text: str | None, lexicon: dict[str, Any]) -> str | None:
    """The sector of the earliest, then longest, sector word in `text`."""
    if not text:
        return None
    best: tuple[int, int, str] | None = None
    for pattern, sector in _keywords(lexicon):
        m = pattern.search(text)
        if m and (best is None or (m.start(), -(m.end() - m.start())) < (best[0], best[1])):
            best = (m.start(), -(m.end() - m.start()), sector)
    return best[2] if best else None


def choose_sector(event_type: str, known: str | None, facility: str | None, sentence: str,
                  lexicon: dict[str, Any], members: str = "", document: str | None = None) -> str:
    """Facility record, facility phrase, evidence sentence, the event's other mentions, then the
    type's default or the document's dominant sector."""
    if event_type == "meeting":
        return (sector_in(sentence, lexicon) if _topical(sentence) else None) or "other"
    found = (known or sector_in(facility, lexicon) or sector_in(sentence, lexicon)
             or sector_in(members, lexicon))
    if found:
        return found
    if event_type in _TYPE_DEFAULT:
        return _TYPE_DEFAULT[event_type]
    return document or "other"


def dominant_sector(text: str, lexicon: dict[str, Any]) -> str | None:
    """The sector whose words occur most often in the document."""
    counts: dict[str, int] = {}
    for pattern, sector in _keywords(lexicon):
        n = len(pattern.findall(text))
        if n:
            counts[sector] = counts.get(sector, 0) + n
    return max(counts, key=lambda s: counts[s]) if counts else None


def _topical(sentence: str) -> bool:
    """A meeting belongs to a sector only when it is dedicated to one ("on agriculture")."""
    return bool(re.search(r"\b(?:dedicated to|devoted to|on the issue of|addressing)\b", sentence, re.I))
