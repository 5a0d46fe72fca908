"""What every command shares: opening the store with one-line errors, printing text that came
from documents or users literally, and checking options.

Imports stay light here and in every command module (heavy ones happen inside the command), so
`nkwatch --help` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from nkwatch.terminal import json_text, literal

__all__ = ["cell", "check_date", "console", "db_option", "echo_json", "fail", "json_text",
           "limit_option", "literal", "pack", "store"]

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from nkwatch.packs import Pack
    from nkwatch.store import Store

def cell(value: object) -> Text:
    """A table cell that Rich prints as it is: `[/]`, `[link=...]` and `:emoji:` stay text."""
    from rich.text import Text

    return Text(literal(value))


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A Rich console that reads no markup, emoji codes or highlighting into what it prints."""
    from rich.console import Console

    return Console(stderr=stderr, width=width, highlight=False, markup=False, emoji=False)


def echo_json(data: Any) -> None:
    typer.echo(json_text(data, indent=2))


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on standard error, then exit with `code`."""
    sys.stderr.write(f"error: {literal(message)}\n")
    raise typer.Exit(code)


DB_HELP = "Database URL; default NKWATCH_DB or a SQLite file in the user data directory."


def db_option() -> Any:
    """`--db` after the command as well as before it (`nkwatch stats --db URL`)."""
    return typer.Option(None, "--db", help=DB_HELP)


@contextmanager
def store(url: str | None = None, *, write: bool = False) -> Iterator[Store]:
    """The configured store. Reading never creates or migrates a database. A database problem
    at any point (missing, corrupt, read-only, full, newer schema) is one line and exit 2."""
    from sqlalchemy.exc import SQLAlchemyError

    from nkwatch.errors import StoreError
    from nkwatch.store import open_store
    from nkwatch.store.migrate import reason

    opened = None
    try:
        opened = open_store(url, write=write)
        with opened:
            yield opened
    except StoreError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        where = opened.where if opened is not None else "the database"
        fail(f"{where}: {reason(exc)}")


def pack() -> Pack:
    """The configured domain pack; a broken one is its loader's message (file, entry, problem)
    and exit 2, not a traceback."""
    from nkwatch.errors import PackError
    from nkwatch.packs import load_pack

    try:
        return load_pack()
    except PackError as exc:
        fail(f"domain pack: {exc}")


def check_date(value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day, month or year."""
    from nkwatch.model import is_date

    if value is not None and not is_date(value):
        raise typer.BadParameter("use YYYY, YYYY-MM or YYYY-MM-DD, a real date")
    return value


MAX_LIMIT = 1_000_000


def limit_option(default: int, help: str) -> Any:
    return typer.Option(default, "--limit", min=1, max=MAX_LIMIT, help=help)


def database_files(database: str | None) -> list[Path]:
    """The SQLite file (with its WAL and shared-memory files) a command reads: never an output."""
    import sqlalchemy as sa

    from nkwatch import settings
    from nkwatch.store.db import sqlite_path

    try:
        url = sa.make_url(settings.database_url(database))
    except sa.exc.ArgumentError:
        return []  # opening the store says what is wrong with it
    path = sqlite_path(url) if url.get_backend_name() == "sqlite" else None
    if path is None:
        return []
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def output_inputs(output: Path | None, database: str | None) -> list[Path]:
    """The database files an `-o FILE` must never be, checked before any work: a bad FILE (the
    database, a folder) is one line and exit 1. Returns them for the atomic writer."""
    from nkwatch.outfile import OutputError, check_output

    inputs = database_files(database)
    if output is not None:
        try:
            check_output(output, inputs)
        except OutputError as exc:
            fail(str(exc))
    return inputs
