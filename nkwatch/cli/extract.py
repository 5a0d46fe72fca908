"""`nkwatch extract DOCS.jsonl` (placeholder until the extractor lands)."""

from __future__ import annotations

import typer


def extract(docs: str = typer.Argument(...)) -> None:
    """Extract events from documents in the contract's JSONL format."""
    raise typer.Exit(2)
