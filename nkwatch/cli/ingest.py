"""`nkwatch ingest PATH... [--feed URL]`: read files, folders and feeds into the store."""

from __future__ import annotations

import typer

from nkwatch.cli.common import console, db_option, fail, pack, store


def ingest(
    paths: list[str] = typer.Argument(None, help="Files and folders (read recursively)."),
    feed: list[str] = typer.Option(None, "--feed", help="RSS/Atom feed URL to fetch; repeatable."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Store documents without "
                                    "running the event extractor."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1, max=86400.0,
                                  help="Seconds a feed fetch may take in all."),
    workers: int = typer.Option(None, "--workers", min=1, max=256, help="Processes that extract "
                                "(default: the number of cores; 1 runs everything in this one)."),
    database: str = db_option(),
) -> None:
    """Ingest files, folders and feeds into the store. Exit code 1 when a file failed, 2 when
    the database failed (the summary says what was stored), 130 when interrupted (documents
    stored until then are kept whole). Files nkwatch does not read are listed as skipped."""
    from nkwatch.ingest import batch

    if not paths and not feed:
        fail("nothing to ingest: give files or folders, or --feed URL")
    extract = extractor = None
    if not no_extract:
        from nkwatch.extract.pipeline import EXTRACTOR, claims_for_document, extractor_version
        extract, extractor = claims_for_document, (EXTRACTOR, extractor_version(pack()))
    merged = None
    with store(database, write=True) as db:
        import os

        summary = batch.run(db, paths or [], feeds=feed or [], extract=extract,
                            extractor=extractor, err=console(stderr=True), timeout=timeout,
                            workers=workers or os.cpu_count() or 1)
        if extract is not None and summary.new and not summary.store_error:
            merged = db.rebuild_events()  # new reports join the events they tell of
    typer.echo(summary.line())
    if merged is not None:
        typer.echo(f"knowledge base: {merged} events")
    if summary.store_error:
        fail(summary.store_error)
    if summary.interrupted:
        raise typer.Exit(130)  # the shell's code for "stopped by Ctrl-C"
    if summary.failed:
        raise typer.Exit(1)
