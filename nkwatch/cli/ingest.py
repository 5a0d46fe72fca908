"""`nkwatch ingest PATH... [--feed URL]`: read files, folders and feeds into the store."""

from __future__ import annotations

import importlib

import typer
from rich.console import Console

from nkwatch.errors import StoreError
from nkwatch.ingest import batch
from nkwatch.store import open_store


def find_extractor() -> batch.Extractor | None:
    """The extractor's entry point when that part of nkwatch is installed, else None."""
    try:
        pipeline = importlib.import_module("nkwatch.extract.pipeline")
    except ModuleNotFoundError as exc:
        if exc.name in ("nkwatch.extract", "nkwatch.extract.pipeline"):
            return None
        raise
    return getattr(pipeline, "claims_for_document", None)


def ingest(
    paths: list[str] = typer.Argument(None, help="Files and folders (read recursively)."),
    feed: list[str] = typer.Option(None, "--feed", help="RSS/Atom feed URL to fetch; repeatable."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Store documents without "
                                    "running the event extractor."),
) -> None:
    """Ingest files, folders and feeds into the store. Exit code 1 when anything failed,
    130 when interrupted (documents stored until then are kept whole)."""
    err = Console(stderr=True)
    if not paths and not feed:
        err.print("nothing to ingest: give files or folders, or --feed URL")
        raise typer.Exit(2)
    extract = None if no_extract else find_extractor()
    try:
        with open_store() as store:
            summary = batch.run(store, paths or [], feeds=feed or [], extract=extract, err=err)
    except StoreError as exc:
        err.print(f"error: {exc}", soft_wrap=True, highlight=False, markup=False)
        raise typer.Exit(2) from exc
    typer.echo(summary.line())
    if summary.interrupted:
        raise typer.Exit(130)  # the shell's code for "stopped by Ctrl-C"
    if summary.failed:
        raise typer.Exit(1)
