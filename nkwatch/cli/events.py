"""`nkwatch events list`: the events the knowledge base holds, latest decision per claim."""

from __future__ import annotations

import sys
from typing import Any

import typer

from nkwatch.cli.common import cell, console, db_option, json_text, limit_option, store

app = typer.Typer(help="List extracted and reviewed events.", no_args_is_help=True)


def _place(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    if value.get("country"):
        return f"{value.get('name') or ''} ({value['country']})"
    return ", ".join(v for v in (value.get("county"), value.get("province")) if v)


@app.command("list")
def list_events(
    event_type: str = typer.Option(None, "--type", help="Only events of this type."),
    sector: str = typer.Option(None, "--sector", help="Only events of this sector."),
    limit: int = limit_option(200, "At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Events in date order (undated first): date, type, place, facility, sector and source."""
    from rich.table import Table

    with store(database) as db:
        rows = db.list_events(event_type=event_type, sector=sector, limit=limit)
    if as_json:
        for claim, publisher in rows:
            typer.echo(json_text({"claim": claim.id, "document": claim.document_id,
                                  "publisher": publisher, "status": claim.status.value,
                                  **claim.value}))
        return
    table = Table(title=f"{len(rows)} events")
    for column in ("date", "type", "place", "facility", "sector", "leader", "source"):
        table.add_column(column, overflow="fold")
    for claim, publisher in rows:
        value = claim.value
        table.add_row(*(cell(v) for v in (
            value.get("date"), value.get("type"), _place(value.get("place")),
            (value.get("facility") or "")[:48], value.get("sector"),
            "yes" if value.get("leader_present") else "", publisher or claim.document_id)))
    console(width=None if sys.stdout.isatty() else 150).print(table)
