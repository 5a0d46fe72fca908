"""`nkwatch users add|token`: analysts who may write through the web interface."""

from __future__ import annotations

import sys

import typer

from nkwatch.cli.common import db_option, fail, store

app = typer.Typer(help="Analysts who may review through the web interface.", no_args_is_help=True)


@app.command("add")
def add(name: str = typer.Argument(..., help="The analyst's name (letters, digits, . _ -)."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password "
                                            "from standard input instead of asking."),
        database: str = db_option()) -> None:
    """Add an analyst (or set a new password); the password is kept only as a scrypt hash."""
    import re

    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name):
        fail("a name of 1-64 letters, digits, dots, underscores or hyphens")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        fail("a password of at least 8 characters")
    with store(database, write=True) as db:
        db.add_user(name, password)
    typer.echo(f"analyst {name} can sign in")


@app.command("token")
def token(name: str = typer.Argument(..., help="An analyst's name."), database: str = db_option()) -> None:
    """A new API token for scripts (send it as `Authorization: Bearer TOKEN`); shown once."""
    with store(database, write=True) as db:
        try:
            typer.echo(db.new_token(name))
        except KeyError as exc:
            fail(str(exc.args[0]), code=1)
