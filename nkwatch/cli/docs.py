"""`nkwatch docs ...` and `nkwatch stats` (placeholder until the store lands)."""

from __future__ import annotations

import typer

app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)


def stats() -> None:
    """Counts of what is stored."""
    raise typer.Exit(2)
