"""`nkwatch brief`: a briefing of the period from the knowledge base, every sentence cited
(docs/briefings.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from nkwatch.cli.common import check_date, db_option, fail, output_inputs, pack, store


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
    from nkwatch.brief.gather import gather
    from nkwatch.brief.render import html_document, markdown, pdf
    from nkwatch.outfile import OutputError, atomic_bytes, atomic_text

    if fmt not in ("md", "html", "pdf"):
        fail("--format: md, html or pdf")
    if fmt == "pdf" and output is None:
        fail("a PDF needs -o FILE")
    start, end = check_date(since), check_date(until)
    url = database or settings.database_url()
    inputs = output_inputs(output, database)  # before any work: never the database
    with store(database) as db:
        events, fetch, targets, meta = gather(db, pack(), start, end, sector, province, programme, url)
        meta["title"] = title
        briefing = compose(events, fetch, targets, meta)
    try:
        if fmt == "pdf":
            with atomic_bytes(output, inputs) as binary:
                binary.write(pdf(briefing))
        else:
            text = markdown(briefing) if fmt == "md" else html_document(briefing)
            if output is None:
                sys.stdout.write(text)
            else:
                with atomic_text(output, inputs) as out:
                    out.write(text)
    except OutputError as exc:
        fail(str(exc))
    if output is not None:
        typer.echo(f"{output}: {len(briefing.events)} events, {len(briefing.notes)} notes")
