"""`nkwatch entities resolve|show|list`: every kind of pack record behind one resolver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from nkwatch.cli.common import cell, console, db_option, fail, json_text, limit_option, pack

if TYPE_CHECKING:
    from rich.table import Table

    from nkwatch.resolve.entities import EntityCandidate, EntityIndex

app = typer.Typer(help="Resolve, show and list facilities, systems, programmes, organizations "
                  "and places.", no_args_is_help=True)

KIND_HELP = "Only this kind: facility, system, programme, organization or place."


def _index() -> EntityIndex:
    from nkwatch.resolve.entities import EntityIndex

    return EntityIndex.from_pack(pack())


def _kind(value: str | None) -> str | None:
    from nkwatch.resolve.entities import KINDS

    if value is not None and value not in KINDS:
        fail(f"--kind {value!r}: one of {', '.join(KINDS)}", code=2)
    return value


def _table(*columns: str, **kwargs: Any) -> Table:
    from rich.table import Table

    table = Table(**kwargs)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _as_json(query: str, best: EntityCandidate | None, found: list[EntityCandidate]) -> dict[str, Any]:
    row: dict[str, Any] = {"query": query, "id": None, "name": None, "kind": None,
                           "province": None, "score": None, "how": None}
    if best is not None:
        e = best.entity
        row.update(id=e.id, name=e.name, kind=e.kind, type=e.type, province=e.province,
                   score=best.score, how=best.how)
    else:  # unknown or ambiguous: say which records were in the running
        row["candidates"] = [{"id": c.entity.id, "kind": c.entity.kind, "score": c.score}
                             for c in found[:5]]
    return row


@app.command("resolve")
def resolve(
    names: list[str] = typer.Argument(..., help="Names as written in text: any romanization, "
                                      "Hangul, short forms (\"Nampho Dockyard\", \"남포조선소\")."),
    kind: str = typer.Option(None, "--kind", "-k", help=KIND_HELP),
    context: str = typer.Option(None, "--context", "-c", help="Text around the mention; a county, "
                                "province, programme or year named in it breaks ties."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per name per line."),
) -> None:
    """Resolve each NAME to a record: the best candidate, or unknown / ambiguous."""
    index, only = _index(), _kind(kind)
    table = _table("query", "id", "name", "kind", "province", "score", "how")
    for name in names:
        found = index.resolve(name, context, only)
        best = index.best(name, context, only)
        if as_json:
            typer.echo(json_text(_as_json(name, best, found)))
        elif best is not None:
            e = best.entity
            table.add_row(*(cell(v) for v in (name, e.id, e.name, e.kind, e.province or "",
                                               f"{best.score:.2f}", best.how)))
        else:
            from rich.text import Text

            others = ", ".join(c.entity.id for c in found[:4])
            verdict = Text("ambiguous", style="yellow") if found else Text("unknown", style="red")
            table.add_row(cell(name), verdict, cell(others), "", "", "", "")
    if not as_json:
        console().print(table)


@app.command("show")
def show(
    entity_id: str = typer.Argument(..., help="An id (facility/nampho-shipyard) or a name."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    events: bool = typer.Option(False, "--events", help="Also list the events linked to it in "
                                "the database (--db)."),
    limit: int = limit_option(50, "At most this many events."),
    database: str = db_option(),
) -> None:
    """Every field of one record, the forms it is known by, and (--events) its events."""
    index = _index()
    entity = index.entity(entity_id)
    if entity is None:
        best = index.best(entity_id)
        if best is None:
            fail(f"no record with id or name {entity_id!r}; try `nkwatch entities list`", code=1)
        entity = best.entity
    record = _record(entity.id, entity.kind)
    linked: list[dict[str, Any]] = []
    if events:
        from nkwatch.cli.common import store

        with store(database) as db:
            linked = [{"claim": c.id, "document": c.document_id, "publisher": publisher,
                       **c.value} for c, publisher in db.list_events(entity=entity.id, limit=limit)]
    if as_json:
        typer.echo(json_text({**record, "kind": entity.kind, "type": entity.type,
                              "province": entity.province, "lat": entity.lat, "lon": entity.lon,
                              "variants": index.variants(entity.id),
                              **({"events": linked} if events else {})}))
        return
    table = _table("field", "value", show_header=False)
    table.add_row("kind", cell(f"{entity.kind} ({entity.type})"))
    for key, value in record.items():
        if key == "sources":
            value = "\n".join(f"{s['title']} {s.get('url') or ''}".strip() for s in value)
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, dict):
            continue
        table.add_row(cell(key), cell(value))
    if entity.province:
        table.add_row("province", cell(entity.province))
    if entity.lat is not None and "lat" not in record:
        table.add_row("coordinates", cell(f"{entity.lat:.3f}, {entity.lon:.3f} (its place's point)"))
    forms = index.variants(entity.id)
    table.add_row(f"variants ({len(forms)})", cell(", ".join(forms)))
    out = console()
    out.print(table)
    if events:
        rows = _table("date", "type", "facility", "publisher", "document", title=f"{len(linked)} events")
        for row in linked:
            rows.add_row(*(cell(row.get(k) or "") for k in ("date", "type", "facility", "publisher",
                                                            "document")))
        out.print(rows)


def _record(entity_id: str, kind: str) -> dict[str, Any]:
    p = pack()
    records = {"facility": p.facilities, "system": p.systems, "programme": p.programmes,
               "organization": p.organizations, "place": p.places}[kind]
    for r in records:
        if r.id == entity_id:
            return r.model_dump(exclude_none=True)
    return {"id": entity_id}


@app.command("list")
def list_entities(
    kind: str = typer.Option(None, "--kind", "-k", help=KIND_HELP),
    province: str = typer.Option(None, "--province", "-p", help="Only records in this first-level "
                                 "unit (a name or an id: \"South Phyongan\", south-phyongan)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Records of the pack, by kind, optionally in one province."""
    index, only = _index(), _kind(kind)
    province_id: str | None = None
    if province is not None:
        province_id = province if province in index.gaz.places else None
        if province_id is None:
            best = index.gaz.best(province)
            if best is None:
                fail(f"--province {province!r}: not a place the gazetteer knows", code=1)
            province_id = index.gaz.first_level_id(best.place_id)
    found = index.list(only, province_id)
    if as_json:
        for e in found:
            typer.echo(json_text({"id": e.id, "kind": e.kind, "type": e.type, "name": e.name,
                                  "province": e.province, "place": e.place_id,
                                  "lat": e.lat, "lon": e.lon}))
        return
    table = _table("id", "kind", "type", "name", "province")
    for e in found:
        table.add_row(*(cell(v) for v in (e.id, e.kind, e.type, e.name, e.province or "")))
    out = console()
    out.print(table)
    out.print(f"{len(found)} records")


@app.command("candidates")
def candidates(
    limit: int = limit_option(200, "At most this many names."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    database: str = db_option(),
) -> None:
    """Names events mention that no record of the pack matches: candidates for an analyst to
    add to the pack (`nkwatch events list --facility candidate:<name>` lists their events)."""
    from nkwatch.cli.common import store

    with store(database) as db:
        found = db.entity_candidates(limit)
        rows: list[dict[str, Any]] = []
        for candidate, claims, documents in found:
            events = db.list_events(entity=candidate, limit=1)
            guess = ((events[0][0].value.get("entities") or {}).get("candidate") or {}) if events else {}
            place = events[0][0].value.get("place") if events else None
            rows.append({"id": candidate, "name": guess.get("name"), "kind": guess.get("kind"),
                         "place": place, "claims": claims, "documents": documents})
    if as_json:
        for row in rows:
            typer.echo(json_text(row))
        return
    table = _table("name", "kind guess", "place", "documents", "claims", title=f"{len(rows)} candidates")
    for row in rows:
        at: dict[str, Any] = row["place"] or {}
        where = ", ".join(v for v in (at.get("county"), at.get("province"), at.get("name")) if v)
        table.add_row(*(cell(v) for v in (row["name"], row["kind"], where, row["documents"], row["claims"])))
    console().print(table)
