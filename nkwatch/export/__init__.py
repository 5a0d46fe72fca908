"""Exports of the knowledge base's merged events: CSV (ACLED-style), JSON Lines, GeoJSON,
FollowTheMoney entities and Parquet, and a change feed of any of them (docs/exports.md).

`gather.collect` reads an `Export` out of the store; each format's `write` is a pure function of
it. Formats are imported when used: Parquet loads pyarrow, FtM followthemoney.
"""

from __future__ import annotations

from nkwatch.export.records import COLUMNS, Export

__all__ = ["BINARY", "COLUMNS", "Export", "FORMATS", "HOLDS_WITHDRAWN", "SUFFIXES"]

FORMATS = ("csv", "jsonl", "geojson", "ftm", "parquet")
BINARY = frozenset({"parquet"})
# A format named by the output file's suffix when --format is not given.
SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".geojson": "geojson",
            ".ftm": "ftm", ".parquet": "parquet"}
# Formats whose file can hold the change feed's withdrawn claims.
HOLDS_WITHDRAWN = frozenset({"jsonl", "geojson"})
