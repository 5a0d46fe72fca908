"""The `nkwatch` command. Each subcommand parses options, calls one function, formats output."""

from __future__ import annotations

import os

import typer

from nkwatch.cli import docs, events, extract, ingest, places

app = typer.Typer(
    name="nkwatch",
    help="Track North Korea's industrial, military-industrial and infrastructure development.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main(
    db: str = typer.Option(None, "--db", help="Database URL; default NKWATCH_DB or a SQLite file "
                           "in the user data directory.", envvar="NKWATCH_DB"),
) -> None:
    """Global options shared by every command."""
    if db:
        os.environ["NKWATCH_DB"] = db


app.command("ingest")(ingest.ingest)
app.command("stats")(docs.stats)
app.command("extract")(extract.extract)
app.add_typer(docs.app, name="docs")
app.add_typer(places.app, name="places")
app.add_typer(events.app, name="events")


if __name__ == "__main__":  # pragma: no cover
    app()
