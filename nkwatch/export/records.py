"""What every export format is written from: the merged events with their reports, where each
lies, and (for a change feed) what changed and which claims were withdrawn.

`Export` is built once (nkwatch.export.gather reads the store); the writers are pure functions
of it. An event here is the dict of `Store.merged_events` with these keys added:

    reports_detail  its reports, oldest first: claim, chain, document, publisher, published,
                    url, title, sentence, source (the originating source), grade
    country, country_code   "North Korea"/"KP", or the country of a place abroad
    location        the pack record's name, else the facility as written, else the county,
                    province or place abroad
    latitude, longitude, geo_precision   see `locate`; None when unknown
    change          with --changed-since only: "created" or "changed"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DPRK = ("North Korea", "KP")

# The columns of the CSV and Parquet files, in order (docs/exports.md describes each).
COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "event_type", "sector", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "facility",
    "facility_id", "programme_id", "leader_present", "partners", "quantities", "source",
    "source_scale", "independent_sources", "reports", "credibility", "confidence", "status",
    "notes", "change",
)
LIST_COLUMNS = ("partners", "quantities", "source", "source_scale")

# time_precision: how much of the date is known (1 the day, 2 the month, 3 only the year).
TIME_PRECISION = {10: 1, 7: 2, 4: 3}
# geo_precision: whose point the coordinates are.
RECORD_POINT, COUNTY_POINT, PROVINCE_POINT = 1, 2, 3


@dataclass
class Export:
    events: list[dict[str, Any]]
    since: str | None = None  # the change feed's timestamp, when it is one
    withdrawn: list[dict[str, Any]] = field(default_factory=list)
    source_types: dict[str, str] = field(default_factory=dict)  # publisher -> source type
    # pack record id -> its name, kind, type, sector and Hangul (the events' facilities)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def feed(self) -> bool:
        return self.since is not None


def time_precision(date: str | None) -> int | None:
    return TIME_PRECISION.get(len(date)) if date else None


def quantity_text(quantity: Any) -> str:
    """{"value": 5000, "unit": "ton"} -> "5000 ton"."""
    if not isinstance(quantity, dict):
        return str(quantity)
    value = quantity.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(v) for v in (value, quantity.get("unit")) if v not in (None, ""))


def publishers(event: dict[str, Any]) -> list[str]:
    """The publishers of its reports, each once, in the reports' order."""
    return list(dict.fromkeys(r["publisher"] for r in event.get("reports_detail") or ()
                              if r.get("publisher")))


def flat_row(event: dict[str, Any], export: Export) -> dict[str, Any]:
    """One event as the COLUMNS, lists kept as lists (the CSV joins them with "; ")."""
    place = event.get("place") or {}
    date = event.get("date")
    names = publishers(event)
    reports = event.get("reports_detail") or []
    return {
        "event_id": event["id"],
        "event_date": date,
        "year": int(date[:4]) if date else None,
        "time_precision": time_precision(date),
        "event_type": event.get("type"),
        "sector": event.get("sector"),
        "country": event.get("country"),
        "admin1": place.get("province"),
        "admin2": place.get("county"),
        "location": event.get("location"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "facility": event.get("facility"),
        "facility_id": event.get("entity"),
        "programme_id": event.get("programme"),
        "leader_present": bool(event.get("leader_present")),
        "partners": [str(p) for p in event.get("partners") or ()],
        "quantities": [quantity_text(q) for q in event.get("quantities") or ()],
        "source": names,
        "source_scale": list(dict.fromkeys(export.source_types[n] for n in names
                                           if n in export.source_types)),
        "independent_sources": event.get("sources"),
        "reports": event.get("reports"),
        "credibility": event.get("credibility"),
        "confidence": event.get("confidence"),
        "status": event.get("status"),
        "notes": reports[0].get("sentence") if reports else None,
        "change": event.get("change"),
    }
