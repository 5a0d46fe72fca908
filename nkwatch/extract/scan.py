"""One compiled pass that says which of many regexes can match a text (Hyperscan's prefilter mode).

Python's `re` walks the text once per pattern, and most patterns match nothing: a document's
dates take 19 passes, a sentence's triggers up to 22. Hyperscan compiles every pattern of a set
into one automaton and scans the text once; in prefilter mode it may report a pattern that
`re` then finds does not match (look-arounds are read as always true), but never misses one that
does. So the stages run `re` only for the patterns it names, and their output is the same as
running every pattern: `tests/extract/test_scan.py` checks that on every test text.

Hyperscan reads `\\w`, `\\s` and `\\d` as ASCII here: compiled for Unicode they take a minute to
build. So it scans a copy of the text in which every non-ASCII character stands as one ASCII
character of its class for `re` (a letter as "x", a digit as "0", a space as " ", anything else
as DEL), which keeps every offset; a pattern written with non-ASCII characters is always run.

Without the `hyperscan` wheel (it is x86-64 only), or with NKWATCH_PREFILTER=0, every pattern is
reported as possible and the stages run them all, as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_hs: Any
try:  # the wheel bundles the library; there is none for ARM
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    _hs = None


def available() -> bool:
    """Whether scans prefilter (the wheel is installed and NKWATCH_PREFILTER is not 0)."""
    return _hs is not None and os.environ.get("NKWATCH_PREFILTER", "1") != "0"


def _flags(pattern: re.Pattern[str]) -> int:
    assert _hs is not None
    flags: int = _hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_SINGLEMATCH | _hs.HS_FLAG_ALLOWEMPTY
    if pattern.flags & re.IGNORECASE:
        flags |= _hs.HS_FLAG_CASELESS
    if pattern.flags & re.MULTILINE:
        flags |= _hs.HS_FLAG_MULTILINE
    if pattern.flags & re.DOTALL:
        flags |= _hs.HS_FLAG_DOTALL
    return flags


class Prefilter:
    """The ids (positions in `patterns`) of the patterns that may match a text.

    A pattern Hyperscan cannot compile, or one written with flags it does not read (re.VERBOSE),
    is always reported: it costs its `re` pass and nothing else."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.size = len(patterns)
        self.everything = frozenset(range(self.size))
        self._db: Any = None
        always: set[int] = set()
        compiled: list[tuple[bytes, int, int]] = []
        if _hs is not None:
            for i, pattern in enumerate(patterns):
                if pattern.flags & re.VERBOSE or not pattern.pattern.isascii():
                    always.add(i)
                    continue
                entry = (pattern.pattern.encode("utf-8"), i, _flags(pattern))
                try:  # alone first: one bad pattern must not take the others' filter away
                    _hs.Database().compile(expressions=[entry[0]], ids=[i], elements=1,
                                           flags=[entry[2]])
                except _hs.error:
                    always.add(i)
                    continue
                compiled.append(entry)
        else:
            always = set(self.everything)
        if compiled:
            db = _hs.Database()
            db.compile(expressions=[e[0] for e in compiled], ids=[e[1] for e in compiled],
                       elements=len(compiled), flags=[e[2] for e in compiled])
            self._db = db
        self.always = frozenset(always)

    def possible(self, text: str) -> frozenset[int] | set[int]:
        """Ids of the patterns that may match somewhere in `text` (all of them when not scanning)."""
        if self._db is None or not available():
            return self.everything
        return self.possible_in(as_ascii(text))

    def by_slice(self, text: str, spans: Sequence[tuple[int, int]]) -> list[set[int]]:
        """`possible` for each [start, end) of `text`, which is read once."""
        data = as_ascii(text)
        return [self.possible_in(data[start:end]) for start, end in spans]

    def possible_in(self, data: bytes) -> set[int]:
        """The same for text already encoded as UTF-8 (the caller encodes once, scans slices)."""
        if not available():
            return set(self.everything)
        found = set(self.always)
        if self._db is not None:
            self._db.scan(data, match_event_handler=_collect, context=found)
        return found


# Non-ASCII, and the four ASCII separators that Python's \s matches and Hyperscan's does not.
_NON_ASCII = re.compile(r"[^\x00-\x1b\x20-\x7f]")
_WORD = re.compile(r"\w")


@lru_cache(maxsize=4096)
def _stand_in(char: str) -> str:
    """The ASCII character a non-ASCII one stands as: its own letter where a case of it is one
    ("K", the Kelvin sign, is "k" to re.IGNORECASE), else one of its class."""
    if char.isascii():
        return " "  # \x1c-\x1f
    for other in (char.lower(), char.upper()):
        if len(other) == 1 and other.isascii() and other.isalpha():
            return other.lower()
    if char.isdecimal():
        return "0"
    if _WORD.match(char):
        return "x"
    return " " if char.isspace() else "\x7f"


@lru_cache(maxsize=4)  # the dates and the triggers of one document scan the same lowered text
def as_ascii(text: str) -> bytes:
    """The text with each non-ASCII character replaced by its stand-in: same length, ASCII."""
    if not text.isascii() or _NON_ASCII.search(text):
        text = _NON_ASCII.sub(lambda m: _stand_in(m.group()), text)
    return text.encode("ascii")


def _collect(pattern_id: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(pattern_id)
