"""Lower-cased text that keeps every character offset, shared by the matching stages."""

from __future__ import annotations


def lowered_same_length(text: str) -> str:
    """text.lower(), keeping every offset: a few characters (İ) lower-case to two, and those
    are left as they are so that a match in the lowered text is a match at the same offsets."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)
