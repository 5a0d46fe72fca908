"""`nkwatch db upgrade`: bring a database to this nkwatch's schema (reading commands never do)."""

from __future__ import annotations

import typer

from nkwatch.cli.common import db_option, store

app = typer.Typer(help="The database itself.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(database: str = db_option()) -> None:
    """Create the database, or migrate it to this nkwatch's schema."""
    from nkwatch.store.migrate import HEAD

    with store(database, write=True) as db:
        typer.echo(f"{db.where}: schema {HEAD}")
