"""`nkwatch docs list|show` and `nkwatch stats`: Rich tables by default, `--json` for scripts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from nkwatch.errors import StoreError
from nkwatch.model import Document
from nkwatch.store import Store, open_store

app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date(value: str | None) -> str | None:
    # Dates compare as text in the store, so a date in another shape would silently mislead.
    if value is not None and not _DATE.match(value):
        raise typer.BadParameter(f"{value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


@contextmanager
def _store() -> Iterator[Store]:
    try:
        with open_store() as store:
            yield store
    except StoreError as exc:
        Console(stderr=True).print(f"error: {exc}", soft_wrap=True, highlight=False, markup=False)
        raise typer.Exit(2) from exc


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _doc_json(doc: Document, *, text: bool) -> dict[str, Any]:
    data = asdict(doc) | {"source_type": doc.source_type.value}
    return data if text else {k: v for k, v in data.items() if k != "text"}


@app.command("list")
def list_documents(
    publisher: str = typer.Option(None, help="Only this publisher (case-insensitive)."),
    since: str = typer.Option(None, callback=_date,
                              help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str = typer.Option(None, callback=_date,
                              help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
    query: str = typer.Option(None, "--query", "-q", help="Words that must all occur (full text)."),
    limit: int = typer.Option(50, help="At most this many documents."),
    as_json: bool = JSON,
) -> None:
    """Stored documents, newest publication first."""
    with _store() as store:
        docs = store.list_documents(publisher=publisher, since=since, until=until, query=query,
                                    limit=limit)
    if as_json:
        _echo_json([_doc_json(d, text=False) for d in docs])
        return
    table = Table(title=f"{len(docs)} documents")
    table.add_column("id", no_wrap=True, min_width=24)  # whole, so it can be copied into `show`
    for name in ("published", "publisher", "title"):
        table.add_column(name)
    for doc in docs:
        title = doc.title or doc.text[:60].replace("\n", " ")
        mark = " (near-dup)" if doc.near_duplicate_of else ""
        table.add_row(doc.id, doc.published or "", doc.publisher or "", title + mark)
    Console().print(table)


@app.command("show")
def show(doc_id: str = typer.Argument(..., help="A document id (doc_...)."), as_json: bool = JSON) -> None:
    """One document: its fields, where it was seen, and its text."""
    with _store() as store:
        doc = store.get_document(doc_id)
        if doc is None:
            Console(stderr=True).print(f"no document {doc_id!r} (see `nkwatch docs list`)",
                                       highlight=False, markup=False)
            raise typer.Exit(1)
        seen = store.sightings(doc_id)
        claims = store.current_claims(document_id=doc_id)
    if as_json:
        _echo_json(_doc_json(doc, text=True) | {"sightings": [asdict(s) for s in seen],
                                                 "claims": len(claims)})
        return
    table = Table(show_header=False, box=None)
    for label, value in [("id", doc.id), ("title", doc.title), ("publisher", doc.publisher),
                         ("source type", doc.source_type.value), ("published", doc.published),
                         ("url", doc.url), ("near-duplicate of", doc.near_duplicate_of),
                         ("claims", str(len(claims))), ("metadata", json.dumps(doc.metadata))]:
        if value:
            table.add_row(f"[bold]{label}[/]", value)
    for s in seen:
        table.add_row("[bold]seen[/]", f"{s.location or '(unknown)'}  {s.first_seen} .. {s.last_seen}")
    console = Console()
    console.print(table)
    console.print()
    console.print(doc.text, markup=False, highlight=False)


def stats(as_json: bool = JSON) -> None:
    """Counts of what is stored."""
    with _store() as store:
        counts = store.stats()
    if as_json:
        _echo_json(counts)
        return
    table = Table("what", "count", title="nkwatch store")
    for key in ("documents", "near_duplicates", "sightings", "sources", "claims", "reviews"):
        table.add_row(key.replace("_", " "), str(counts[key]))
    for publisher, n in counts["by_publisher"].items():
        table.add_row(f"  publisher: {publisher}", str(n))
    Console().print(table)
