"""`nkwatch places ...` (placeholder until the gazetteer lands)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Resolve, show and list places of the gazetteer.", no_args_is_help=True)
