"""The `nkwatch` command. Each subcommand parses options, calls one function, formats output.

Command modules import only Typer at load time; everything heavy is imported inside the command
that needs it, so `nkwatch --help` and `nkwatch stats` start fast.
"""

from __future__ import annotations

import os

import typer

from nkwatch.cli import (archive, brief, db, docs, entities, events, extract, ingest, merge, places, review,
                         serve, targets, users)
from nkwatch.cli import export
from nkwatch.cli.common import DB_HELP

app = typer.Typer(
    name="nkwatch",
    help="Track North Korea's industrial, military-industrial and infrastructure development.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    database: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Global options shared by every command."""
    if database:
        os.environ["NKWATCH_DB"] = database


app.command("ingest")(ingest.ingest)
app.command("stats")(docs.stats)
app.command("extract")(extract.extract)
app.command("merge")(merge.merge)
app.add_typer(docs.app, name="docs")
app.add_typer(places.app, name="places")
app.add_typer(entities.app, name="entities")
app.add_typer(events.app, name="events")
app.add_typer(db.app, name="db")
app.add_typer(review.app, name="review")
app.add_typer(targets.app, name="targets")
app.add_typer(users.app, name="users")
app.command("serve")(serve.serve)
app.command("export")(export.export)
app.command("brief")(brief.brief)
app.add_typer(archive.app, name="archive")


if __name__ == "__main__":  # pragma: no cover
    app()
