"""`nkwatch extract DOCS.jsonl [-o EVENTS.jsonl]`: the extraction contract on files."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from nkwatch.extract.contract import extract_file


def extract(
    docs: Path = typer.Argument(..., help="Documents as JSON Lines (eval/SCHEMA.md input format); - for stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write events here; stdout when absent."),
) -> None:
    """Extract events from documents, one JSON event per line (eval/SCHEMA.md output format)."""
    name = str(docs)
    if name != "-" and not docs.is_file():
        typer.echo(f"error: {docs}: no such file", err=True)
        raise typer.Exit(2)
    src = sys.stdin if name == "-" else docs.open(encoding="utf-8", errors="replace")
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        n_docs, n_events, n_problems = extract_file(src, out, errors=sys.stderr, name=name)
    finally:
        if output:
            out.close()
        if src is not sys.stdin:
            src.close()
    typer.echo(f"{n_docs} documents, {n_events} events, {n_problems} bad lines", err=True)
    if n_problems:
        raise typer.Exit(1)
