"""`nkwatch review`: the analyst's queue and decisions on merged events, and the audit trail.

Every decision is a new row (who, when, why), never an edit; the event is rebuilt around it, and
re-extraction leaves it standing (docs/knowledge-base.md)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

import typer

from nkwatch.cli.common import (cell, check_date, console, db_option, fail, json_text, limit_option,
                                store)
from nkwatch.cli.events import _full_id, _place, _province

app = typer.Typer(help="Review merged events: the queue, decisions, and the audit trail.",
                  no_args_is_help=True)


def _author(given: str | None) -> str:
    return given or os.environ.get("NKWATCH_AUTHOR") or getpass.getuser()


AUTHOR = typer.Option(None, "--author", help="Who decides (default NKWATCH_AUTHOR or the login name).")
NOTE = typer.Option(None, "--note", "-m", help="Why: kept with the decision.")


@app.command("queue")
def queue(
    event_type: str = typer.Option(None, "--type", help="Only events of this type."),
    sector: str = typer.Option(None, "--sector", help="Only events of this sector."),
    province: str = typer.Option(None, "--province", help="Only events in this province."),
    since: str = typer.Option(None, "--since", help="From this date."),
    until: str = typer.Option(None, "--until", help="Up to this date, inclusive."),
    limit: int = limit_option(50, "At most this many events."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Events no analyst has decided on, least confident first."""
    with store(database) as db:
        rows = db.merged_events(event_type=event_type, sector=sector, status="auto",
                                province=_province(province) if province else None,
                                since=check_date(since), until=check_date(until),
                                sort="confidence", limit=limit)
    if as_json:
        for row in rows:
            typer.echo(json_text(row))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} events to review, least confident first")
    for column in ("id", "confidence", "date", "type", "place", "facility", "sources"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(v) for v in (row["id"], f"{row['confidence']:.2f}", row["date"], row["type"],
                                           _place(row["place"]), row["facility"], row["sources"])))
    console(width=None if sys.stdout.isatty() else 160).print(table)


def _decide(database: str | None, event: str, action: str, author: str | None, note: str | None,
            **kwargs: Any) -> None:
    from nkwatch.store.events import DecisionError

    with store(database, write=True) as db:
        try:
            decision = db.decide(_full_id(db, event), action, author=_author(author), note=note, **kwargs)
        except DecisionError as exc:
            fail(str(exc), code=1)
    typer.echo(f"{decision['action']} {decision['event_id']} by {decision['author']} at {decision['at']}")


@app.command("accept")
def accept(event: str = typer.Argument(..., help="Event id."), author: str = AUTHOR,
           note: str = NOTE, database: str = db_option()) -> None:
    """The event is right as it stands."""
    _decide(database, event, "accept", author, note)


@app.command("reject")
def reject(event: str = typer.Argument(..., help="Event id."), author: str = AUTHOR,
           note: str = NOTE, database: str = db_option()) -> None:
    """The event is wrong (not a real event): hidden from lists, kept with its reports."""
    _decide(database, event, "reject", author, note)


@app.command("correct")
def correct(
    event: str = typer.Argument(..., help="Event id."),
    fields: list[str] = typer.Option(..., "--set", help="FIELD=VALUE: date=2025-04-25, type=completion, "
                                     "facility=..., sector=..., county=..., province=..., "
                                     "entity=facility/..."),
    author: str = AUTHOR, note: str = NOTE, database: str = db_option(),
) -> None:
    """Change fields of the event; the machine's version stays in the record beneath."""
    value: dict[str, Any] = {}
    place: dict[str, Any] = {}
    for item in fields:
        key, sep, raw = item.partition("=")
        if not sep:
            fail(f"--set {item!r}: write FIELD=VALUE")
        if key in ("county", "province"):
            place[key] = raw or None
        elif key == "date":
            value["date"] = check_date(raw)
        elif key == "leader_present":
            value[key] = raw.lower() in ("1", "true", "yes")
        else:
            value[key] = raw
    if place:
        value["place"] = place
    _decide(database, event, "correct", author, note, value=value)


@app.command("merge")
def merge(event: str = typer.Argument(..., help="Event id."),
          other: str = typer.Option(..., "--with", help="The event it is the same as."),
          author: str = AUTHOR, note: str = NOTE, database: str = db_option()) -> None:
    """Two events are one: their reports stay together from now on."""
    with store(database) as db:
        other_id = _full_id(db, other)
    _decide(database, event, "merge", author, note, other=other_id)


@app.command("split")
def split(event: str = typer.Argument(..., help="Event id."),
          reports: list[str] = typer.Option(..., "--report", help="A report to take out (claim, "
                                            "chain or document id, as `events show --json` gives)."),
          author: str = AUTHOR, note: str = NOTE, database: str = db_option()) -> None:
    """Some reports are another event: they are kept apart from now on."""
    _decide(database, event, "split", author, note, reports=list(reports))


@app.command("log")
def log(event: str = typer.Argument(None, help="Only decisions on this event."),
        limit: int = limit_option(100, "At most this many decisions."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
        database: str = db_option()) -> None:
    """The audit trail: every decision, newest first (who, when, what, why)."""
    with store(database) as db:
        rows = db.decisions(_full_id(db, event) if event else None, limit)
    if as_json:
        for row in rows:
            typer.echo(json_text(row))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} decisions")
    for column in ("at", "author", "action", "event", "change", "note"):
        table.add_column(column, overflow="fold")
    for r in rows:
        change = r["value"] or (f"{len(r['other'])} reports" if r["other"] else "")
        table.add_row(*(cell(v) for v in (r["at"], r["author"], r["action"], r["event"], change, r["note"])))
    console(width=None if sys.stdout.isatty() else 160).print(table)
