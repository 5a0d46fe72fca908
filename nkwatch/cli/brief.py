"""`nkwatch brief`: a briefing of the period from the knowledge base, every sentence cited
(docs/briefings.md)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer

from nkwatch.cli.common import check_date, db_option, fail, pack, store


def gather(db: Any, since: str | None, until: str | None, sectors: list[str], provinces: list[str],
           programmes: list[str], database: str) -> tuple[list[dict[str, Any]], Any, list[dict[str, Any]], dict[str, Any]]:
    """The events, a report fetcher, the target reports and the title-page facts of a briefing."""
    from nkwatch.cli.targets import _context, _report
    from nkwatch.extract.pipeline import extractor_version
    from nkwatch.kb.merge import shipped_weights

    from nkwatch.resolve.entities import EntityIndex

    index = EntityIndex.from_pack(pack())
    events = db.merged_events(since=since, until=until, limit=10_000_000)
    for e in events:  # the names of the records each event is about, for its sentence
        e["_names"] = {r: index.entities[r].name for r in e.get("records") or [] if r in index.entities}
    if sectors:
        events = [e for e in events if e.get("sector") in sectors]
    if provinces:
        events = [e for e in events if (e.get("place") or {}).get("province") in provinces]
    if programmes:
        events = [e for e in events if e.get("programme") in programmes]
    targets, all_events, kinds, names = _context(db)
    when = date.fromisoformat(until) if until and len(until) == 10 else date.today()
    reports = [_report(t, all_events, when, kinds, names) for t in targets
               if not programmes or t.programme in programmes]

    def fetch(event_id: str) -> list[dict[str, Any]]:
        found = db.event(event_id)
        return found["reports_detail"] if found else []

    meta = {"since": since, "until": until, "made": date.today().isoformat(),
            "database": _describe(database), "documents": db.stats().get("documents"),
            "extractor": extractor_version(pack()), "merger": shipped_weights().trained,
            "filters": ", ".join(f"{k} {', '.join(v)}" for k, v in (("sector", sectors), ("province", provinces),
                                                                      ("programme", programmes)) if v)}
    return events, fetch, reports, meta


def _describe(url: str) -> str:
    from nkwatch.store.db import describe

    return describe(url)


def brief(
    since: str = typer.Option(None, "--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Up to this date, inclusive."),
    sector: list[str] = typer.Option([], "--sector", help="Only these sectors (repeatable)."),
    province: list[str] = typer.Option([], "--province", help="Only these provinces (repeatable)."),
    programme: list[str] = typer.Option([], "--programme", help="Only these programmes (ids, repeatable)."),
    fmt: str = typer.Option("md", "--format", help="md, html or pdf."),
    title: str = typer.Option(None, "--title", help="The briefing's title."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (appears only when complete); "
                                "standard output for md and html when absent."),
    database: str = db_option(),
) -> None:
    """Draft a briefing: a summary, a section per sector, targets and deadlines, foreign partners,
    a method annex, with every sentence cited to the exact sentences of its sources."""
    from nkwatch import settings
    from nkwatch.brief.compose import compose
    from nkwatch.brief.render import html_document, markdown, pdf
    from nkwatch.outfile import OutputError, atomic_bytes, atomic_text, check_output

    if fmt not in ("md", "html", "pdf"):
        fail("--format: md, html or pdf")
    if fmt == "pdf" and output is None:
        fail("a PDF needs -o FILE")
    start, end = check_date(since), check_date(until)
    url = database or settings.database_url()
    with store(database) as db:
        events, fetch, targets, meta = gather(db, start, end, sector, province, programme, url)
        meta["title"] = title
        briefing = compose(events, fetch, targets, meta)
    try:
        if output is not None:
            check_output(output, [])
        if fmt == "pdf":
            with atomic_bytes(output, []) as binary:
                binary.write(pdf(briefing))
        else:
            text = markdown(briefing) if fmt == "md" else html_document(briefing)
            if output is None:
                sys.stdout.write(text)
            else:
                with atomic_text(output, []) as out:
                    out.write(text)
    except OutputError as exc:
        fail(str(exc))
    if output is not None:
        typer.echo(f"{output}: {len(briefing.events)} events, {len(briefing.notes)} notes")
