"""`nkwatch export`: the knowledge base's merged events as CSV, JSON Lines, GeoJSON,
FollowTheMoney or Parquet, all of them or a change feed (docs/exports.md). The work is in
nkwatch.export; this parses options, checks the output and reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from nkwatch.cli.common import db_option, fail, output_inputs, pack, store

if TYPE_CHECKING:
    from nkwatch.export import Export

STATUSES = ("auto", "accepted", "corrected", "rejected")


def _format(given: str | None, output: Path | None) -> str:
    from nkwatch.export import FORMATS, SUFFIXES

    if given is None:
        if output is None:
            return "jsonl"
        found = SUFFIXES.get(output.suffix.lower())
        if found is None:
            fail(f"--format: give one of {', '.join(FORMATS)} (the name {output.name} does "
                 "not say which)")
        return found
    if given not in FORMATS:
        fail(f"--format {given!r}: one of {', '.join(FORMATS)}")
    return given


def _date(option: str, value: str | None) -> str | None:
    from nkwatch.model import is_date

    if value is not None and not is_date(value):
        fail(f"{option} {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD, a real date")
    return value


def _timestamp(value: str) -> str:
    """An ISO date or time (UTC unless it says otherwise) in the store's own format, which
    compares as text: 2025-06-01T12:00:00.000000Z."""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        fail(f"--changed-since {value!r}: use an ISO date or time, e.g. 2025-06-01 or "
             "2025-06-01T12:00:00Z")
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S.%f}Z"


def export(
    fmt: str = typer.Option(None, "--format", "-f", help="csv, jsonl, geojson, ftm or parquet; "
                            "default: what -o's suffix says, else jsonl."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (the file appears only "
                                "when complete); standard output when absent (not for parquet)."),
    event_type: str = typer.Option(None, "--type", help="Only events of this type."),
    sector: str = typer.Option(None, "--sector", help="Only events of this sector."),
    province: str = typer.Option(None, "--province", help="Only events in this province."),
    county: str = typer.Option(None, "--county", help="Only events in this county (its name)."),
    facility: str = typer.Option(None, "--facility", help="Only events of this record: a facility "
                                 "or system id or name."),
    programme: str = typer.Option(None, "--programme", help="Only events of this programme (id "
                                  "or name)."),
    since: str = typer.Option(None, "--since", help="Events from this date (YYYY, YYYY-MM or "
                              "YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Events up to this date, inclusive."),
    status: str = typer.Option(None, "--status", help="auto, accepted, corrected or rejected "
                               "(rejected events are left out unless asked for)."),
    changed_since: str = typer.Option(None, "--changed-since", help="A change feed: only events "
                                      "created or changed from this ISO time on (UTC unless "
                                      "given), and the claims withdrawn since."),
    database: str = db_option(),
) -> None:
    """Export merged events with their reports, coordinates and sources (docs/exports.md)."""
    from nkwatch.cli.events import _entity_id, _province
    from nkwatch.export import BINARY, HOLDS_WITHDRAWN
    from nkwatch.export.gather import collect
    from nkwatch.outfile import OutputError
    from nkwatch.resolve.entities import EntityIndex

    kind = _format(fmt, output)
    if status is not None and status not in STATUSES:
        fail(f"--status {status!r}: one of {', '.join(STATUSES)}")
    filters = {"event_type": event_type, "sector": sector, "county": county, "status": status,
               "since": _date("--since", since), "until": _date("--until", until)}
    feed_from = _timestamp(changed_since) if changed_since is not None else None
    if kind in BINARY and output is None:
        fail(f"--format {kind} writes a file: give -o FILE")
    inputs = output_inputs(output, database)  # before any work: never the database
    filters["province"] = _province(province) if province else None
    filters["entity"] = _entity_id(facility) if facility else None
    filters["programme"] = _entity_id(programme, "--programme") if programme else None
    index = EntityIndex.from_pack(pack())
    with store(database) as db:
        data = collect(db, index, filters, since=feed_from)
    try:
        written, left_out = _write(kind, data, output, inputs)
    except OutputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or output or 'standard output'}: {exc.strerror or exc}")
    unit = "entities" if kind == "ftm" else "features" if kind == "geojson" else "records"
    feed = f" created or changed since {feed_from}" if feed_from else ""
    sys.stderr.write(f"{len(data.events)} events{feed}: {written} {kind} {unit} written to "
                     f"{output if output is not None else 'standard output'}\n")
    if left_out:
        sys.stderr.write(f"{left_out} events have no coordinates (abroad, or a place the "
                         "gazetteer cannot place) and were left out\n")
    if data.withdrawn and kind not in HOLDS_WITHDRAWN:
        sys.stderr.write(f"{len(data.withdrawn)} claims withdrawn since {feed_from} are not in "
                         f"{kind}: --format jsonl or geojson lists them\n")


def _write(kind: str, data: Export, output: Path | None, inputs: list[Path]) -> tuple[int, int]:
    """Write `data` as `kind`: (records, features or entities written; events left out)."""
    from nkwatch.outfile import atomic_text

    if kind == "parquet":
        from nkwatch.export import parquet
        from nkwatch.outfile import atomic_bytes

        assert output is not None
        with atomic_bytes(output, inputs) as binary:
            return parquet.write(data, binary), 0
    if output is None:
        return _text(kind, data, sys.stdout)
    with atomic_text(output, inputs) as out:
        return _text(kind, data, out)


def _text(kind: str, data: Export, out: IO[str]) -> tuple[int, int]:
    from nkwatch.export import acled, ftm, geojson, jsonl

    if kind == "geojson":
        return geojson.write(data, out)
    writer = {"csv": acled.write, "jsonl": jsonl.write, "ftm": ftm.write}[kind]
    return writer(data, out), 0
