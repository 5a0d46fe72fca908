"""`nkwatch places resolve|show|list`: parse, call the gazetteer, format (Rich table or JSON lines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from nkwatch.cli.common import cell, console, fail, json_text, pack

if TYPE_CHECKING:
    from rich.table import Table

    from nkwatch.resolve import Candidate, Gazetteer

app = typer.Typer(help="Resolve, show and list places of the gazetteer.", no_args_is_help=True)


def _table(*columns: str, **kwargs: Any) -> Table:
    """A table whose cells wrap instead of cutting ids short in a narrow terminal."""
    from rich.table import Table

    table = Table(**kwargs)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _gazetteer() -> Gazetteer:
    from nkwatch.resolve import Gazetteer

    return Gazetteer.from_pack(pack())


def _fail(message: str) -> None:
    fail(message, code=1)


def _as_json(query: str, best: Candidate | None, found: list[Candidate]) -> dict[str, Any]:
    row: dict[str, Any] = {"query": query, "id": None, "name": None, "kind": None,
                           "province": None, "score": None, "how": None}
    if best is not None:
        row.update(id=best.place_id, name=best.name, kind=best.kind, province=best.province,
                   score=best.score, how=best.how)
    else:  # unknown or ambiguous: say which places were in the running
        row["candidates"] = [{"id": c.place_id, "score": c.score} for c in found[:5]]
    return row


@app.command("resolve")
def resolve(
    names: list[str] = typer.Argument(..., help="Place names as written in text, in any romanization or Hangul."),
    context: str = typer.Option(None, "--context", "-c", help="Text around the mention; a province named "
                                "in it breaks ties (\"North Phyongan\")."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per name per line."),
) -> None:
    """Resolve each NAME to a place: the best candidate, or unknown / ambiguous."""
    gaz = _gazetteer()
    table = _table("query", "id", "name", "kind", "province", "score", "how")
    for name in names:
        found = gaz.resolve(name, context)
        best = gaz.best(name, context)
        if as_json:
            typer.echo(json_text(_as_json(name, best, found)))
        elif best is not None:
            table.add_row(*(cell(v) for v in (name, best.place_id, best.name, best.kind,
                                               best.province, f"{best.score:.2f}", best.how)))
        else:
            from rich.text import Text

            others = ", ".join(c.place_id for c in found[:4])
            verdict = Text("ambiguous", style="yellow") if found else Text("unknown", style="red")
            table.add_row(cell(name), verdict, cell(others), "", "", "", "")
    if not as_json:
        console().print(table)


@app.command("show")
def show(place_id: str = typer.Argument(..., help="A place id (south-phyongan/songchon) or a name.")) -> None:
    """Every field of one place and the variants it is known by."""
    gaz = _gazetteer()
    if place_id not in gaz.places:
        best = gaz.best(place_id)
        if best is None:
            _fail(f"no place with id or name {place_id!r}; try `nkwatch places list`")
        place_id = best.place_id  # type: ignore[union-attr]
    place = gaz.place(place_id)
    table = _table("field", "value", show_header=False)
    for field, value in place.model_dump(exclude_none=True).items():
        if field == "sources":
            value = "\n".join(f"{s['title']} {s.get('url') or ''}".strip() for s in value)
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        table.add_row(cell(field), cell(value))
    table.add_row("province", cell(gaz.province_of(place_id)))
    forms = gaz.variants[place_id]
    table.add_row(f"variants ({len(forms)})", cell(", ".join(v.text for v in forms)))
    console().print(table)


@app.command("list")
def list_places(
    province: str = typer.Option(None, "--province", "-p", help="Only this first-level unit and its "
                                 "units (a name or an id: \"South Phyongan\", south-phyongan)."),
) -> None:
    """The first-level units, or one first-level unit's cities, counties and districts."""
    gaz = _gazetteer()
    if province is None:
        places = gaz.children(None)
    else:
        pid = province if province in gaz.places else _first_level(gaz, province)
        places = [gaz.place(pid), *gaz.children(pid)]
    table = _table("id", "name", "kind", "hangul", "MR", "RR", "lat", "lon")
    for p in places:
        table.add_row(*(cell(v) for v in (p.id, p.name, p.kind, p.hangul, p.mr, p.rr,
                                           "" if p.lat is None else f"{p.lat:.3f}",
                                           "" if p.lon is None else f"{p.lon:.3f}")))
    out = console()
    out.print(table)
    out.print(f"{len(places)} places")


def _first_level(gaz: Gazetteer, name: str) -> str:
    for c in gaz.resolve(name):
        if gaz.place(c.place_id).parent is None:
            return c.place_id
    _fail(f"{name!r} is not a first-level unit; `nkwatch places list` shows them")
    raise AssertionError  # unreachable: _fail exits
