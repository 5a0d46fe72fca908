"""CSV in the style of ACLED's event data: one row per merged event, the columns of
`records.COLUMNS` (docs/exports.md), UTF-8, lists joined with "; "."""

from __future__ import annotations

import csv
from typing import IO, Any

from nkwatch.export.records import COLUMNS, LIST_COLUMNS, Export, flat_row

# Text a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) is
# written behind an apostrophe, as OWASP advises: the documents are not ours.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = frozenset(c for c in COLUMNS if c not in (
    "event_date", "year", "time_precision", "latitude", "longitude", "geo_precision",
    "leader_present", "independent_sources", "reports", "credibility", "confidence"))


def cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if column in _TEXT_COLUMNS and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write(export: Export, out: IO[str]) -> int:
    """The header and one row per event; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in export.events:
        row = flat_row(event, export)
        writer.writerow([cell(c, row[c]) for c in COLUMNS])
    return len(export.events)
