"""Find page furniture: share buttons, subscription pitches, "More from" blocks, photo credits.

The text itself is never changed: the stage returns the character spans that later stages skip,
so evidence offsets stay offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nkwatch.extract.state import DocState

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class FurnitureRules:
    tail: tuple[re.Pattern[str], ...]
    line: tuple[re.Pattern[str], ...]
    span: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=8)
def _compile(lexicon_key: int, raw: Any) -> FurnitureRules:
    def comp(key: str) -> tuple[re.Pattern[str], ...]:
        """One alternation per list: a line is tested once, not once per pattern."""
        patterns = raw.get(key, [])
        if not patterns:
            return ()
        if key == "span":  # spans are found with finditer: keep them apart so none hides another
            return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        return (re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE),)

    return FurnitureRules(comp("tail"), comp("line"), comp("span"))


def rules_from(lexicon: dict[str, Any]) -> FurnitureRules:
    return _compile(id(lexicon), _Frozen(lexicon))


class _Frozen(dict):  # hashable view so compiled rules are cached per lexicon
    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


def furniture_spans(text: str, rules: FurnitureRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, line = match.start(), match.group()
        stripped = line.strip()
        if not stripped:
            continue
        if any(p.search(stripped) for p in rules.line):
            spans.append((start, match.end()))
            continue
        tail = _first_tail(line, rules)
        kept = line if tail is None else line[:tail]
        for pattern in rules.span:
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
