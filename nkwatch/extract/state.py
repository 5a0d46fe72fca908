"""Plain data passed between extraction stages.

Every offset is a character offset into the document's original text, so evidence spans point at
what the analyst reads, never at a cleaned copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nkwatch.model import Document, Event


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index of the line/paragraph it sits in; headlines are one-line blocks


@dataclass(frozen=True)
class Mention:
    """A known name found in the text: a place, facility, system, programme, partner, person."""

    start: int
    end: int
    kind: str  # place | facility | system | programme | organization | partner | foreign_place | leader
    entity_id: str
    surface: str


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    role: str = "event"  # "event", or "report" when it dates a report rather than what happened
    future: bool = False  # "next year", "by the end of 2026": a deadline rather than a past date


@dataclass(frozen=True)
class QuantityMention:
    start: int
    end: int
    value: float
    unit: str


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    type: str
    sentence: int
    weight: float = 1.0
    planned: bool = False  # the trigger sits in a future or intended frame ("will build")
    names_facility: bool = False  # the trigger phrase is itself the name ("Moscow Declaration")


@dataclass(frozen=True)
class Reference:
    """What relative dates resolve against: the publication date at its precision."""

    day: date | None
    precision: str  # "day", "month", "year" or "none"

    def as_value(self, precision: str | None = None) -> str | None:
        if self.day is None:
            return None
        p = precision or self.precision
        if p == "day" and self.precision == "day":
            return self.day.isoformat()
        if p in ("day", "month") and self.precision in ("day", "month"):
            return self.day.isoformat()[:7]
        return str(self.day.year)


@dataclass
class DocState:
    doc: Document
    reference: Reference
    lowered: str = ""  # the text lower-cased with its offsets kept, made once for every stage
    furniture: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why a document was skipped, and the like
