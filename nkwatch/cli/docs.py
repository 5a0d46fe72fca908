"""`nkwatch docs list|show` and `nkwatch stats`: Rich tables by default, `--json` for scripts."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import typer

from nkwatch.cli.common import (cell, check_date, console, db_option, echo_json, fail, limit_option,
                                literal, store)

if TYPE_CHECKING:
    from nkwatch.model import Document

app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")


def _doc_json(doc: Document, *, text: bool) -> dict[str, Any]:
    data = asdict(doc) | {"source_type": doc.source_type.value}
    return data if text else {k: v for k, v in data.items() if k != "text"}


@app.command("list")
def list_documents(
    publisher: str = typer.Option(None, help="Only this publisher (case-insensitive)."),
    since: str = typer.Option(None, callback=check_date,
                              help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str = typer.Option(None, callback=check_date,
                              help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
    query: str = typer.Option(None, "--query", "-q", help="Words that must all occur (full text)."),
    limit: int = limit_option(50, "At most this many documents."),
    as_json: bool = JSON,
    database: str = db_option(),
) -> None:
    """Stored documents, newest publication first."""
    from rich.table import Table

    with store(database) as db:
        docs = db.list_documents(publisher=publisher, since=since, until=until, query=query,
                                 limit=limit)
    if as_json:
        echo_json([_doc_json(d, text=False) for d in docs])
        return
    table = Table(title=f"{len(docs)} documents")
    table.add_column("id", no_wrap=True, min_width=24)  # whole, so it can be copied into `show`
    for name in ("published", "publisher", "title"):
        table.add_column(name)
    for doc in docs:
        title = doc.title or doc.text[:60]
        mark = " (near-dup)" if doc.near_duplicate_of else ""
        table.add_row(cell(doc.id), cell(doc.published), cell(doc.publisher), cell(literal(title) + mark))
    console().print(table)


@app.command("show")
def show(doc_id: str = typer.Argument(..., help="A document id (doc_...)."), as_json: bool = JSON,
         versions: bool = typer.Option(False, "--versions", help="Every text seen at its URL, "
                                       "oldest first, and what changed from one to the next."),
         database: str = db_option()) -> None:
    """One document: its fields, where it was seen, and its text (or, --versions, its versions)."""
    from rich.table import Table

    with store(database) as db:
        doc = db.get_document(doc_id)
        if doc is None:
            fail(f"no document {doc_id!r} (see `nkwatch docs list`)", code=1)
        seen = db.sightings(doc_id)
        claims = db.current_claims(document_id=doc_id)
        history = db.versions(doc_id) if versions else []
    if versions:
        _show_versions(doc, history, as_json)
        return
    if as_json:
        echo_json(_doc_json(doc, text=True) | {"sightings": [asdict(s) for s in seen],
                                                "claims": len(claims)})
        return
    table = Table(show_header=False, box=None)
    for label, value in [("id", doc.id), ("title", doc.title), ("publisher", doc.publisher),
                         ("source type", doc.source_type.value), ("published", doc.published),
                         ("url", doc.url), ("near-duplicate of", doc.near_duplicate_of),
                         ("claims", str(len(claims))),
                         ("metadata", json.dumps(doc.metadata, ensure_ascii=False))]:
        if value:
            table.add_row(cell(label), cell(value))
    for s in seen:
        table.add_row(cell("seen"), cell(f"{s.location or '(unknown)'}  {s.first_seen} .. {s.last_seen}"))
    out = console()
    out.print(table)
    out.print()
    out.print(literal(doc.text, one_line=False), soft_wrap=True)


def _show_versions(doc: Any, history: list[Any], as_json: bool) -> None:
    """The versions of a document's URL and a line diff between each and the next."""
    import difflib

    history = history or [(doc, "")]
    changes = []
    for (old, _), (new, added) in zip(history, history[1:]):
        diff = difflib.unified_diff(old.text.splitlines(), new.text.splitlines(), old.id, new.id,
                                    lineterm="", n=1)
        changes.append({"from": old.id, "to": new.id, "added_at": added, "diff": list(diff)})
    if as_json:
        echo_json({"url": doc.url, "versions": [{"id": d.id, "added_at": at, "title": d.title,
                                                   "chars": len(d.text)} for d, at in history],
                   "changes": changes})
        return
    out = console()
    out.print(cell(f"{len(history)} versions of {doc.url or doc.id}"))
    for d, at in history:
        out.print(cell(f"  {d.id}  added {at}  {len(d.text)} characters  {d.title or ''}"))
    for change in changes:
        out.print(cell(f"\n{change['from']} -> {change['to']}:"))
        for line in change["diff"][2:]:
            out.print(literal(line))


def stats(as_json: bool = JSON, database: str = db_option()) -> None:
    """Counts of what is stored."""
    from rich.table import Table

    with store(database) as db:
        counts = db.stats()
    if as_json:
        echo_json(counts)
        return
    table = Table("what", "count", title="nkwatch store")
    for key in ("documents", "near_duplicates", "sightings", "sources", "claims", "reviews"):
        table.add_row(key.replace("_", " "), str(counts[key]))
    for publisher, n in counts["by_publisher"].items():
        table.add_row(cell(f"  publisher: {publisher}"), str(n))
    console().print(table)
