"""Numbers with units: "10 000 flats", "5,000-ton", "8.7 thousand", "$28 million", "ten months".

Unit words come from the pack's `units` lexicon, so a new unit is a data change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from nkwatch.extract.memo import built_once
from nkwatch.extract.state import DocState, QuantityMention
from nkwatch.extract.text import lowered_same_length

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozens of": 24,
}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
                "m": 1e6, "k": 1e3}
# KCNA writes "10 000" with a space; wires write "10,000"; never join a year onto a number.
# Both run on the lower-cased text and start with a digit, a "$" or a word: no look-behind up
# front, so the engine can skip ahead; what comes before a match is checked in code.
_DIGITS = re.compile(
    r"(?P<cur>\$\s?)?(?P<num>\d{1,3}(?:(?:,| )\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>thousand|million|mln|billion|bn)\b)?")
_WORDS = re.compile(
    r"\b(?P<word>a dozen|dozens of|a hundred|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)(?![\w])")
_GAP = re.compile(r"[\s-]*(?:odd|plus|some|more|additional|new|extra|over)?[\s-]*", re.I)
_WORD = re.compile(r"[A-Za-z%²][A-Za-z0-9²%]*|%")  # "850-meter-long": hyphens split words


@dataclass(frozen=True)
class UnitIndex:
    phrases: dict[tuple[str, ...], str]
    longest: int


def _build_index(lexicon: dict[str, Any]) -> UnitIndex:
    phrases: dict[tuple[str, ...], str] = {}
    for unit, words in lexicon.items():
        for word in words:
            phrases[tuple(str(word).lower().split())] = unit
    return UnitIndex(phrases, max((len(k) for k in phrases), default=1))


def unit_index(lexicon: dict[str, Any]) -> UnitIndex:
    return built_once(lexicon, _build_index)


def _numbers(lowered: str) -> list[re.Match[str]]:
    """Numbers in digits (not glued to a word or inside a larger number) and in words."""
    found = [m for m in _DIGITS.finditer(lowered)
             if m.start() == 0 or not (lowered[m.start() - 1].isalnum() or lowered[m.start() - 1] in "_.,")]
    found += [m for m in _WORDS.finditer(lowered) if m.start() == 0 or lowered[m.start() - 1] != "-"]
    return sorted(found, key=lambda m: m.start())


def _value(m: re.Match[str]) -> float:
    if "word" in m.groupdict():
        return float(_WORD_NUMBERS[m.group("word")])
    value = float(m.group("num").replace(",", "").replace(" ", ""))
    if m.group("mult"):
        value *= _MULTIPLIERS[m.group("mult").lower()]
    return value


def _unit_after(text: str, pos: int, index: UnitIndex, max_words: int = 4) -> tuple[str, int, float] | None:
    """The first unit phrase within a few words after `pos`: (unit, end offset, multiplier)."""
    gap = _GAP.match(text, pos)
    pos = gap.end() if gap else pos
    mult = 1.0
    words: list[tuple[str, int]] = []
    for m in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        between = text[pos if not words else words[-1][1] : m.start()]
        if any(c in between for c in ".,;:()\n\"“”") or re.search(r"\d", between):
            break
        words.append((m.group().lower(), m.end()))
        if len(words) > max_words + index.longest:
            break
    if words and words[0][0] in ("mta", "mt") and text[pos - 1 : pos].isdigit():
        mult = 1e6
    for first in range(min(max_words, len(words))):
        for size in range(min(index.longest, len(words) - first), 0, -1):
            key = tuple(w for w, _ in words[first : first + size])
            if key in index.phrases:
                unit = index.phrases[key]
                if key in (("mta",), ("mt",)):
                    mult = 1e6
                return unit, words[first + size - 1][1], mult
        if words[first][0] in _STOP_WORDS:
            break
    return None


_STOP_WORDS = {"of", "in", "at", "on", "to", "for", "from", "by", "the", "a", "an",
               "was", "were", "is", "are", "has", "have", "had", "will", "would", "that", "which"}


def find_quantities(text: str, lexicon: dict[str, Any], lowered: str = "") -> list[QuantityMention]:
    index = unit_index(lexicon)
    found: list[QuantityMention] = []
    lowered = lowered or lowered_same_length(text)
    for m in _numbers(lowered):
        value = _value(m)
        if not math.isfinite(value):  # 400 digits are inf as a float, and no JSON number
            continue
        end = m.end()
        if m.groupdict().get("cur"):
            found.append(QuantityMention(m.start(), end, value, "usd"))
            continue
        if text[end : end + 1] == "%" or text[end : end + 2] == " %":
            found.append(QuantityMention(m.start(), end + 1, value, "percent"))
            continue
        # "2Mta": a multiplier glued to the unit
        glued = re.match(r"(?i)(m|k)(ta|t|w|wh)\b", text[end : end + 4])
        if glued:
            mult = _MULTIPLIERS[glued.group(1).lower()]
            unit = {"ta": "ton", "t": "ton", "w": "kW" if glued.group(1).lower() == "k" else "MW",
                    "wh": "kWh"}[glued.group(2).lower()]
            value = value * mult if unit == "ton" else value
            found.append(QuantityMention(m.start(), end + glued.end(), value, unit))
            continue
        hit = _unit_after(text, end, index)
        if hit:
            unit, unit_end, mult = hit
            found.append(QuantityMention(m.start(), unit_end, value * mult, unit))
    return found


def mark_quantities(state: DocState, lexicons: dict[str, Any]) -> DocState:
    state.quantities = find_quantities(state.doc.text, lexicons.get("units") or {}, state.lowered)
    return state
