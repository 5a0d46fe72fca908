"""The shared domain model: plain data, no I/O.

Every stage (ingest, extract, resolve, store, CLI, web) passes these types. Nothing here imports
storage, the CLI or the web layer, so the model can be used and tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


class SourceType(str, Enum):
    STATE_MEDIA = "state_media"
    NEWS_AGENCY = "news_agency"
    NEWSPAPER = "newspaper"
    ANALYST = "analyst"
    GOVERNMENT = "government"
    OTHER = "other"


_DATE = re.compile(r"[0-9]{4}(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def is_date(value: str) -> bool:
    """The model's dates: YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits that the calendar has
    (not "2025-13-01", "2025-02-30", "20٢٥" or the year 0)."""
    m = _DATE.fullmatch(value)
    if not m:
        return False
    try:
        date(int(value[:4]), int(m[1] or 1), int(m[2] or 1))
    except ValueError:
        return False
    return True


# Admiralty code, source reliability: A completely reliable ... E unreliable, F cannot be judged.
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")


SECTORS = (
    "military",
    "light_industry",
    "heavy_industry",
    "mining",
    "energy",
    "housing",
    "tourism",
    "health",
    "agriculture",
    "fisheries",
    "transport",
    "science_education",
    "trade",
    "other",
)

class ClaimStatus(str, Enum):
    AUTO = "auto"  # written by an extractor, not yet reviewed
    ACCEPTED = "accepted"
    CORRECTED = "corrected"  # a new claim that supersedes an older one
    REJECTED = "rejected"
    RETRACTED = "retracted"  # a newer extractor no longer makes this unreviewed claim


@dataclass(frozen=True)
class Source:
    """A publisher as an analyst grades it."""

    id: str
    name: str
    type: SourceType = SourceType.OTHER
    reliability: str = "F"

    def __post_init__(self) -> None:
        if self.reliability not in RELIABILITY_GRADES:
            raise ValueError(f"reliability must be one of A-F, not {self.reliability!r}")


@dataclass
class Document:
    """One text as it was read. Its id is a hash of the normalized text (see docs/ids.md)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    source_type: SourceType = SourceType.OTHER
    language: str | None = None
    origin: str | None = None  # file path or feed URL it came from
    metadata: dict[str, Any] = field(default_factory=dict)
    near_duplicate_of: str | None = None


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into a document's text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str

    def as_json(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "unit": self.unit}


@dataclass(frozen=True)
class PlaceRef:
    """Where an event happened: a DPRK unit (province/county) or a place abroad."""

    province: str | None = None
    county: str | None = None
    country: str | None = None  # ISO alpha-2, only for places outside the DPRK
    name: str | None = None  # name of a place abroad
    place_id: str | None = None  # gazetteer id of the most specific unit, when resolved

    def as_json(self) -> dict[str, Any] | None:
        if self.country:
            return {"country": self.country, "name": self.name}
        if not (self.province or self.county):
            return None
        return {"province": self.province, "county": self.county}


@dataclass
class Event:
    """An event as the extraction contract (eval/SCHEMA.md) describes it."""

    doc_id: str
    type: str
    evidence: Span
    date: str | None = None
    place: PlaceRef | None = None
    facility: str | None = None
    sector: str = "other"
    leader_present: bool = False
    quantities: list[Quantity] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deadline: str | None = None
    confidence: float = 0.5
    facility_id: str | None = None
    # Pack records the event is about (facility, system, programme, organizations, partners,
    # or an unresolved `candidate` name), beside the contract's fields: not part of as_json.
    links: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "type": self.type,
            "date": self.date,
            "place": self.place.as_json() if self.place else None,
            "facility": self.facility,
            "sector": self.sector,
            "leader_present": self.leader_present,
            "quantities": [q.as_json() for q in self.quantities],
            "partners": list(self.partners),
            "deadline": self.deadline,
            "evidence": [self.evidence.start, self.evidence.end],
        }


@dataclass(frozen=True)
class Claim:
    """One fact as extracted or entered, with its provenance. Never overwritten.

    A review is a new claim: `status` accepted/corrected/rejected and `supersedes` naming the
    claim it decides on. Views pick the latest decision; the original stays as it was.
    """

    id: str
    document_id: str
    span: Span
    kind: str  # "event" for now
    value: dict[str, Any]
    quote: str  # the raw text of the span, kept so provenance survives text changes
    extractor: str
    extractor_version: str
    confidence: float = 0.5
    status: ClaimStatus = ClaimStatus.AUTO
    supersedes: str | None = None
    author: str | None = None  # analyst name for reviews
    note: str | None = None
