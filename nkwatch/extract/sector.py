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
                  lexicon: dict[str, Any]) -> str:
    if event_type == "meeting":
        return (sector_in(sentence, lexicon) if _topical(sentence) else None) or "other"
    return (known or sector_in(facility, lexicon) or sector_in(sentence, lexicon)
            or _TYPE_DEFAULT.get(event_type, "other"))


def _topical(sentence: str) -> bool:
    """A meeting belongs to a sector only when it is dedicated to one ("on agriculture")."""
    return bool(re.search(r"\b(?:dedicated to|devoted to|on the issue of|addressing)\b", sentence, re.I))
