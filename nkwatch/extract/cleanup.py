"""Find page furniture: share buttons, subscription pitches, "More from" blocks, photo credits.

The text itself is never changed: the stage returns the character spans that later stages skip,
so evidence offsets stay offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nkwatch.extract.memo import built_once
from nkwatch.extract.state import DocState

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class FurnitureRules:
    tail: tuple[re.Pattern[str], ...]
    line_anchored: re.Pattern[str] | None  # whole-line patterns that start with ^: tried with match
    line_anywhere: re.Pattern[str] | None
    span: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]  # (pattern, cue words)


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _compile(raw: dict[str, Any]) -> FurnitureRules:
    lines = [str(p) for p in raw.get("line", [])]
    anchored = [p[1:] for p in lines if p.startswith("^")]
    anywhere = [p for p in lines if not p.startswith("^")]
    tail = _alternation([str(p) for p in raw.get("tail", [])])
    # Spans are found with finditer, one pattern at a time so that none hides another; a span
    # pattern is tried only on lines that contain one of its literal words.
    spans = tuple(_span(entry) for entry in raw.get("span", []))
    return FurnitureRules((tail,) if tail else (), _alternation(anchored), _alternation(anywhere), spans)


def _span(entry: str | dict[str, str]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    if isinstance(entry, dict):
        cue = entry.get("cue")
        return re.compile(entry["pattern"], re.IGNORECASE), (cue.lower(),) if cue else ()
    return re.compile(entry, re.IGNORECASE), ()


def rules_from(lexicon: dict[str, Any]) -> FurnitureRules:
    return built_once(lexicon, _compile)


def _is_line_furniture(stripped: str, rules: FurnitureRules) -> bool:
    return bool((rules.line_anchored and rules.line_anchored.match(stripped))
                or (rules.line_anywhere and rules.line_anywhere.search(stripped)))


def furniture_spans(text: str, rules: FurnitureRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, line = match.start(), match.group()
        stripped = line.strip()
        if not stripped:
            continue
        if _is_line_furniture(stripped, rules):
            spans.append((start, match.end()))
            continue
        tail = _first_tail(line, rules)
        kept = line if tail is None else line[:tail]
        lowered = kept.lower()
        for pattern, cues in rules.span:
            if cues and not any(cue in lowered for cue in cues):
                continue
            for m in pattern.finditer(kept):
                if m.end() > m.start():
                    spans.append((start + m.start(), start + m.end()))
        if tail is not None:
            spans.append((start + tail, len(text)))
            break
    return sorted(spans)


def _first_tail(line: str, rules: FurnitureRules) -> int | None:
    stripped = line.lstrip()
    offset = len(line) - len(stripped)
    hits = [m.start() for p in rules.tail if (m := p.search(stripped))]
    return offset + min(hits) if hits else None  # one alternation: its leftmost match


def cleanup(state: DocState, lexicons: dict[str, Any]) -> DocState:
    state.furniture = furniture_spans(state.doc.text, rules_from(lexicons.get("furniture") or {}))
    return state
