"""`nkwatch targets list|show|candidates|add|edit|confirm`: stated goals against the evidence
(docs/targets.md). Pack targets (`targets.yaml`) and the analyst's own (decisions in the store)
are tracked alike."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import typer

from nkwatch.cli.common import (cell, check_date, console, db_option, fail, json_text, limit_option,
                                pack, store)

app = typer.Typer(help="Targets and deadlines against the evidence.", no_args_is_help=True)

AS_OF = typer.Option(None, "--as-of", help="Judge statuses as of this date (default today).")


def _as_of(value: str | None) -> date:
    value = check_date(value)
    if value is None:
        return date.today()
    parts = [int(p) for p in value.split("-")] + [12, 31][len(value.split("-")) - 1:]
    return date(*parts[:3]) if len(parts) >= 3 else date(parts[0], 12, 31)


@app.command("list")
def list_targets(as_of: str = AS_OF,
                 as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
                 database: str = db_option()) -> None:
    """Every target with its status now: met, on track, behind, overdue or unknown."""
    when = _as_of(as_of)
    from nkwatch.kb.tracking import evidence, report

    with store(database) as db:
        found = evidence(db, pack())
    order = {"overdue": 0, "behind": 1, "on track": 2, "met": 3, "unknown": 4}
    rows = sorted((report(t, found, when) for t in found.targets),
                  key=lambda r: (order.get(r["status"], 5), r["id"]))
    if as_json:
        for r in rows:
            typer.echo(json_text({k: v for k, v in r.items() if k not in ("units",)}))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} targets as of {when.isoformat()}")
    for column in ("status", "target", "goal", "latest period", "done", "started", "why"):
        table.add_column(column, overflow="fold")
    for r in rows:
        last = r["periods"][-1] if r["periods"] else {}
        goal = "" if r["goal"] is None else f"{r['goal']:g} {r['goal_unit']}{' a year' if r['per'] == 'year' else ''}"
        table.add_row(*(cell(v) for v in (r["status"], f"{r['name']} ({r['id']})", goal,
                                           last.get("period", ""), f"{last.get('done', 0):g}",
                                           f"{last.get('started', 0):g}", last.get("why", ""))))
    console(width=None if sys.stdout.isatty() else 170).print(table)


@app.command("show")
def show(target_id: str = typer.Argument(..., help="A target id (target/...)."), as_of: str = AS_OF,
         as_json: bool = typer.Option(False, "--json", help="One JSON object."),
         database: str = db_option()) -> None:
    """One target: each period's goal, units (place, stage, date, events), status and why, what
    is missing, and the sources of the target itself."""
    when = _as_of(as_of)
    from nkwatch.kb.tracking import evidence, report

    with store(database) as db:
        found = evidence(db, pack())
    target = next((t for t in found.targets if t.id == target_id), None)
    if target is None:
        fail(f"no target {target_id!r}; try `nkwatch targets list`", code=1)
    shown = report(target, found, when)
    if as_json:
        typer.echo(json_text(shown))
        return
    out = console()
    out.print(cell(f"{shown['name']} ({shown['id']}): {shown['status']} as of {when.isoformat()}"))
    for p in shown["periods"]:
        out.print(cell(f"\n{p['period']}: goal {p['goal']}, done {p['done']:g}, started {p['started']:g} "
                       f"— {p['status']} ({p['why']})"))
        for u in p["units"]:
            place = ", ".join(v for v in (u["place"]["county"], u["place"]["province"]) if v)
            out.print(cell(f"  {u['stage']:<20} {u['date'] or '':<10} {place}  events: {', '.join(e[:12] for e in u['events'])}"))
        if p["missing"]:
            out.print(cell(f"  announced, no report yet: {'; '.join(p['missing'])}"))
    for s in shown["sources"]:
        out.print(cell(f"source: {s['title']} {s.get('url') or ''}"))


@app.command("candidates")
def candidates(limit: int = limit_option(50, "At most this many."),
               as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
               database: str = db_option()) -> None:
    """Plans the extractor found with a deadline or a number that no target covers yet: for an
    analyst to confirm (`targets confirm EVENT`)."""
    from nkwatch.kb.targets import counts_toward

    from nkwatch.kb.tracking import evidence

    with store(database) as db:
        known = evidence(db, pack())
    found = [e for e in known.events if e["type"] == "plan" and (e.get("quantities") or e.get("deadline"))
             and not any(counts_toward(t, {**e, "type": t.counts.types[0]}, known.kinds) for t in known.targets)]
    found = found[:limit]
    if as_json:
        for e in found:
            typer.echo(json_text(e))
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} candidate targets")
    for column in ("event", "date", "facility", "quantities", "sources"):
        table.add_column(column, overflow="fold")
    for e in found:
        qty = ", ".join(f"{q['value']:g} {q['unit']}" for q in e.get("quantities") or [])
        table.add_row(*(cell(v) for v in (e["id"], e["date"], e["facility"], qty, e["sources"])))
    console().print(table)


def _author(given: str | None) -> str:
    from nkwatch.cli.review import _author as who

    return who(given)


@app.command("add")
def add(target_id: str = typer.Argument(..., help="A new id: target/<slug>."),
        name: str = typer.Option(..., "--name", help="What was promised, in a line."),
        types: list[str] = typer.Option(..., "--type", help="Event types that count (repeatable)."),
        kinds: list[str] = typer.Option([], "--kind", help="Record kinds that count (repeatable)."),
        programme: str = typer.Option(None, "--programme", help="Events of this programme count."),
        unit: str = typer.Option("event", "--unit", help="county, event, record or quantity."),
        goal: float = typer.Option(None, "--goal", help="How many."),
        per: str = typer.Option("total", "--per", help="year or total."),
        start: str = typer.Option(None, "--start"), end: str = typer.Option(None, "--end"),
        deadline: str = typer.Option(None, "--deadline"),
        source: str = typer.Option(..., "--source", help="Where it was stated (title or URL)."),
        author: str = typer.Option(None, "--author"), note: str = typer.Option(None, "--note", "-m"),
        database: str = db_option()) -> None:
    """Add a target of the analyst's own (kept as a decision, with the audit trail)."""
    value = {"name": name, "counts": {"types": types, "facility_kinds": kinds, "programme": programme,
                                      "unit": unit},
             "goal": goal, "per": per, "start": check_date(start), "end": check_date(end),
             "deadline": check_date(deadline), "programme": programme,
             "sources": [{"title": source, "url": source if source.startswith("http") else None}]}
    _decide(database, target_id, "target_add", value, author, note)


@app.command("edit")
def edit(target_id: str = typer.Argument(..., help="A target id."),
         fields: list[str] = typer.Option(..., "--set", help="FIELD=VALUE: goal=20, deadline=2026-12, "
                                          "end=2030, name=..."),
         author: str = typer.Option(None, "--author"), note: str = typer.Option(None, "--note", "-m"),
         database: str = db_option()) -> None:
    """Change fields of a target (pack or analyst); the earlier version stays in the log."""
    value: dict[str, Any] = {}
    for item in fields:
        key, sep, raw = item.partition("=")
        if not sep or key not in ("goal", "deadline", "start", "end", "name", "per", "goal_unit"):
            fail(f"--set {item!r}: FIELD=VALUE with FIELD one of goal, deadline, start, end, name, per, goal_unit")
        value[key] = float(raw) if key == "goal" else (check_date(raw) if key in ("deadline", "start", "end") else raw)
    _decide(database, target_id, "target_edit", value, author, note)


@app.command("confirm")
def confirm(event: str = typer.Argument(..., help="A candidate plan event (`targets candidates`)."),
            name: str = typer.Option(..., "--name", help="What was promised, in a line."),
            types: list[str] = typer.Option(["completion"], "--type", help="Event types that count."),
            author: str = typer.Option(None, "--author"), note: str = typer.Option(None, "--note", "-m"),
            database: str = db_option()) -> None:
    """Turn a plan the extractor found into a target: its deadline and number become the goal."""
    with store(database) as db:
        found = db.event(event)
    if found is None:
        fail(f"no event {event!r}", code=1)
    qty = (found.get("quantities") or [{}])[0]
    value = {"name": name, "counts": {"types": types, "unit": "quantity" if qty else "event",
                                      "quantity_unit": qty.get("unit"),
                                      "records": [found["entity"]] if found.get("entity") else []},
             "goal": qty.get("value") if qty else 1, "per": "total",
             "announced": found.get("date"), "start": found.get("date"),
             "deadline": (found.get("deadline") or None),
             "sources": [{"title": f"{r['publisher']} {r['published']}: {r['sentence'][:120]}",
                          "url": r.get("url")} for r in found["reports_detail"][:3]]}
    _decide(database, "target/from-" + event[4:16], "target_add", value, author, note)


def _decide(database: str | None, target_id: str, action: str, value: dict[str, Any],
            author: str | None, note: str | None) -> None:
    from pydantic import ValidationError

    from nkwatch.packs.schema import TargetRecord

    if action == "target_add":
        try:
            TargetRecord.model_validate({**value, "id": target_id})
        except ValidationError as exc:
            fail(f"{target_id}: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}", code=1)
    with store(database, write=True) as db:
        row = db.decide_target(target_id, action, author=_author(author), note=note, value=value)
    typer.echo(f"{action.removeprefix('target_')} {target_id} by {row['author']} at {row['at']}")
