"""`nkwatch events list`: the events the knowledge base holds, latest decision per claim."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from nkwatch.settings import database_url
from nkwatch.store import open_store

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
    limit: int = typer.Option(200, "--limit", help="At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Events in date order: date, type, place, facility, sector and the source document."""
    with open_store(database_url()) as store:
        claims = store.current_claims(kind="event")
        publishers: dict[str, str] = {}
        rows = []
        for claim in claims:
            value = claim.value
            if event_type and value.get("type") != event_type:
                continue
            if sector and value.get("sector") != sector:
                continue
            if claim.document_id not in publishers:
                doc = store.get_document(claim.document_id)
                publishers[claim.document_id] = (doc.publisher or "") if doc else ""
            rows.append((claim, value, publishers[claim.document_id]))
    rows.sort(key=lambda r: (r[1].get("date") or "", r[1].get("type") or ""))
    rows = rows[:limit]
    if as_json:
        for claim, value, publisher in rows:
            typer.echo(json.dumps({"claim": claim.id, "document": claim.document_id,
                                   "publisher": publisher, "status": claim.status.value,
                                   **value}, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} events")
    for column in ("date", "type", "place", "facility", "sector", "leader", "source"):
        table.add_column(column, overflow="fold")
    for claim, value, publisher in rows:
        table.add_row(value.get("date") or "", value.get("type") or "", _place(value.get("place")),
                      (value.get("facility") or "")[:48], value.get("sector") or "",
                      "yes" if value.get("leader_present") else "", publisher or claim.document_id)
    Console(width=None if sys.stdout.isatty() else 150).print(table)
