"""Apache Parquet through pyarrow: one row per merged event, the CSV's columns with a fixed
schema (`SCHEMA`), lists as list<string>. The file is written whole by the caller's atomic
binary file (nkwatch.outfile.atomic_bytes)."""

from __future__ import annotations

from typing import IO, Any

from nkwatch.export.records import COLUMNS, Export, flat_row

_TYPES = {
    "year": "int32", "time_precision": "int8", "latitude": "float64", "longitude": "float64",
    "geo_precision": "int8", "leader_present": "bool", "partners": "list", "quantities": "list",
    "source": "list", "source_scale": "list", "independent_sources": "int32", "reports": "int32",
    "credibility": "int8", "confidence": "float64",
}


def schema() -> Any:
    """The fixed schema: every column of records.COLUMNS, strings unless listed in _TYPES;
    event_id, leader_present and the lists are never null."""
    import pyarrow as pa

    types = {"string": pa.string(), "int8": pa.int8(), "int32": pa.int32(),
             "float64": pa.float64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}

    required = {"event_id", "leader_present", "partners", "quantities", "source", "source_scale"}
    return pa.schema([pa.field(c, types[_TYPES.get(c, "string")], nullable=c not in required)
                      for c in COLUMNS])


def table(export: Export) -> Any:
    import pyarrow as pa

    rows = [flat_row(e, export) for e in export.events]
    return pa.Table.from_pylist(rows, schema=schema())


def write(export: Export, out: IO[bytes]) -> int:
    """Returns the number of rows."""
    import pyarrow.parquet as pq

    data = table(export)
    pq.write_table(data, out, compression="zstd")
    return int(data.num_rows)
