"""`nkwatch ingest PATH...` (owned by the core issue; placeholder until the store lands)."""

from __future__ import annotations

import typer


def ingest(paths: list[str] = typer.Argument(None)) -> None:
    """Ingest files, folders and feeds into the store."""
    raise typer.Exit(2)
