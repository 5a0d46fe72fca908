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


def _entity_id(value: str) -> str:
    """A record id as given, or the record a name resolves to; unknown names fail clearly."""
    from nkwatch.cli.common import fail, pack
    from nkwatch.resolve.entities import EntityIndex

    index = EntityIndex.from_pack(pack())
    if value in index.entities or value.startswith("candidate:") or len(value) == 2:
        return value
    best = index.best(value)
    if best is None:
        fail(f"--facility {value!r}: no record by that id or name; try `nkwatch entities resolve`",
             code=1)
    return best.entity.id


@app.command("list")
def list_events(
    event_type: str = typer.Option(None, "--type", help="Only events of this type."),
    sector: str = typer.Option(None, "--sector", help="Only events of this sector."),
    facility: str = typer.Option(None, "--facility", help="Only events linked to this record: a "
                                 "facility, system, programme, organization or partner id, or a name "
                                 "(\"Nampho Dockyard\")."),
    limit: int = limit_option(200, "At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Events in date order (undated first): date, type, place, facility, sector and source."""
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
