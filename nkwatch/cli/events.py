"""`nkwatch events list|show|reports`: the knowledge base's merged events, one event with every
report and why it was joined, and the reports (claims) themselves."""

from __future__ import annotations

import sys
from typing import Any

import typer

from nkwatch.cli.common import (cell, check_date, console, db_option, fail, json_text, limit_option,
                                store)

app = typer.Typer(help="Merged events of the knowledge base, and their reports.",
                  no_args_is_help=True)

CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful",
               5: "improbable", 6: "cannot be judged"}


def _place(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    if value.get("country"):
        return f"{value.get('name') or ''} ({value['country']})"
    return ", ".join(v for v in (value.get("county"), value.get("province")) if v)


def _entity_id(value: str, option: str = "--facility") -> str:
    """A record id as given, or the record a name resolves to; unknown names fail clearly."""
    from nkwatch.cli.common import pack
    from nkwatch.resolve.entities import EntityIndex

    index = EntityIndex.from_pack(pack())
    if value in index.entities or value.startswith("candidate:") or len(value) == 2:
        return value
    best = index.best(value)
    if best is None:
        fail(f"{option} {value!r}: no record by that id or name; try `nkwatch entities resolve`",
             code=1)
    return best.entity.id


def _province(value: str) -> str:
    from nkwatch.cli.common import pack
    from nkwatch.resolve import Gazetteer

    gaz = Gazetteer.from_pack(pack())
    best = gaz.best(value)
    if best is None:
        fail(f"--province {value!r}: not a place the gazetteer knows", code=1)
    return gaz.province_of(best.place_id)


@app.command("list")
def list_events(
    event_type: str = typer.Option(None, "--type", help="Only events of this type."),
    sector: str = typer.Option(None, "--sector", help="Only events of this sector."),
    province: str = typer.Option(None, "--province", help="Only events in this province."),
    county: str = typer.Option(None, "--county", help="Only events in this county (its name)."),
    facility: str = typer.Option(None, "--facility", help="Only events of this record: a facility "
                                 "or system id or name (\"Nampho Dockyard\")."),
    programme: str = typer.Option(None, "--programme", help="Only events of this programme (id or name)."),
    since: str = typer.Option(None, "--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Up to this date, inclusive."),
    status: str = typer.Option(None, "--status", help="auto, accepted, corrected or rejected "
                               "(rejected events are hidden unless asked for)."),
    text: str = typer.Option(None, "--text", help="Only events whose sentences hold these words."),
    sort: str = typer.Option("date", "--sort", help="date, confidence (lowest first) or sources."),
    limit: int = limit_option(200, "At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Merged events in date order: date, type, place, facility, sector, independent sources,
    credibility and review status."""
    from rich.table import Table

    if sort not in ("date", "confidence", "sources"):
        fail("--sort: date, confidence or sources")
    if status is not None and status not in ("auto", "accepted", "corrected", "rejected"):
        fail("--status: auto, accepted, corrected or rejected")
    filters = {"event_type": event_type, "sector": sector, "county": county, "status": status,
               "text": text, "sort": sort, "limit": limit,
               "since": check_date(since), "until": check_date(until),
               "province": _province(province) if province else None,
               "entity": _entity_id(facility) if facility else None,
               "programme": _entity_id(programme, "--programme") if programme else None}
    with store(database) as db:
        rows = db.merged_events(**filters)
    if as_json:
        for row in rows:
            typer.echo(json_text(row))
        return
    table = Table(title=f"{len(rows)} events")
    for column in ("id", "date", "type", "place", "facility", "sector", "src", "cred", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(v) for v in (
            row["id"][4:12], row["date"], row["type"], _place(row["place"]),
            (row["facility"] or "")[:40], row["sector"], row["sources"], row["credibility"],
            row["status"])))
    console(width=None if sys.stdout.isatty() else 160).print(table)


@app.command("show")
def show(
    event: str = typer.Argument(..., help="An event id (evt_…, or the first characters `events list` shows)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    database: str = db_option(),
) -> None:
    """One event: its fields, every report with its publisher, grade and exact sentence, why the
    reports were joined, and the decisions taken on it."""
    with store(database) as db:
        found = db.event(_full_id(db, event))
    if found is None:
        fail(f"no event {event!r}; try `nkwatch events list`", code=1)
    if as_json:
        typer.echo(json_text(found))
        return
    from rich.table import Table

    out = console()
    head = Table(show_header=False, title=found["id"])
    head.add_column("field")
    head.add_column("value", overflow="fold")
    for key in ("type", "date", "place", "facility", "entity", "programme", "sector", "leader_present",
                "reports", "sources", "credibility", "confidence", "status"):
        value = found.get(key)
        if key == "place":
            value = _place(value)
        elif key == "credibility":
            value = f"{value} ({CREDIBILITY.get(int(value or 0), '?')})"
        head.add_row(key, cell(value))
    out.print(head)
    reports = Table(title=f"{len(found['reports_detail'])} reports")
    for column in ("published", "publisher", "grade", "source", "sentence", "joined because"):
        reports.add_column(column, overflow="fold")
    for r in found["reports_detail"]:
        why = r["joined"]
        joined = "; ".join(why["reasons"]) + (f" (p={why['score']:.2f})" if why["score"] else "")
        reports.add_row(*(cell(v) for v in (r["published"], r["publisher"], r["grade"], r["source"],
                                             r["sentence"], joined or "first report")))
    out.print(reports)
    for d in found["decisions"]:
        out.print(cell(f"{d['at']} {d['author']}: {d['action']} {d.get('value') or ''} {d.get('note') or ''}"))


def _full_id(db: Any, given: str) -> str:
    """`events list` prints 8 characters of an id: accept them."""
    if given.startswith("evt_"):
        return given
    matches = [e["id"] for e in db.merged_events(limit=1_000_000, hide_rejected=False)
               if e["id"][4:].startswith(given)]
    if len(matches) != 1:
        fail(f"{given!r} matches {len(matches)} events; give more of the id", code=1)
    return str(matches[0])


@app.command("reports")
def list_reports(
    event_type: str = typer.Option(None, "--type", help="Only reports of this type."),
    sector: str = typer.Option(None, "--sector", help="Only reports of this sector."),
    facility: str = typer.Option(None, "--facility", help="Only reports linked to this record: a "
                                 "facility, system, programme, organization or partner id, a "
                                 "candidate id, or a name."),
    limit: int = limit_option(200, "At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Every document's own events (claims, latest decision each) before merging."""
    from rich.table import Table

    entity = _entity_id(facility) if facility is not None else None
    with store(database) as db:
        rows = db.list_events(event_type=event_type, sector=sector, entity=entity, limit=limit)
    if as_json:
        for claim, publisher in rows:
            typer.echo(json_text({"claim": claim.id, "document": claim.document_id,
                                  "publisher": publisher, "status": claim.status.value,
                                  **claim.value}))
        return
    table = Table(title=f"{len(rows)} reports")
    for column in ("date", "type", "place", "facility", "sector", "leader", "source"):
        table.add_column(column, overflow="fold")
    for claim, publisher in rows:
        value = claim.value
        table.add_row(*(cell(v) for v in (
            value.get("date"), value.get("type"), _place(value.get("place")),
            (value.get("facility") or "")[:48], value.get("sector"),
            "yes" if value.get("leader_present") else "", publisher or claim.document_id)))
    console(width=None if sys.stdout.isatty() else 150).print(table)
