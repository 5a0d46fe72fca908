"""Build a derived structure (compiled rules, an automaton) once per source object.

Packs and lexicons are loaded once and never mutated, so what is compiled from them can be kept
for as long as the object lives. The cache holds the object itself to make sure an id reused by
a new object after garbage collection is not mistaken for the old one.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

R = TypeVar("R")

_BUILT: dict[tuple[Callable[..., Any], int], tuple[Any, Any]] = {}


def built_once(source: Any, build: Callable[[Any], R]) -> R:
    key = (build, id(source))
    hit = _BUILT.get(key)
    if hit is None or hit[0] is not source:
        hit = (source, build(source))
        _BUILT[key] = hit
    return hit[1]
