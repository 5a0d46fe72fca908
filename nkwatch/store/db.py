"""Engines and the few places where SQLite and PostgreSQL differ in SQL we write by hand."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nkwatch.errors import StoreError


_USERINFO = re.compile(r"(://[^:/@]*:)[^@/]*@")


def describe(url: str | sa.URL) -> str:
    """A database URL fit to print: never its password."""
    if isinstance(url, sa.URL):
        return url.render_as_string(hide_password=True)
    return _USERINFO.sub(r"\1***@", url)


def sqlite_path(url: sa.URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database."""
    database = (url.database or "").removeprefix("file:")  # "file::memory:" is memory too
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    return Path(database).expanduser()


def make_engine(url: str, *, write: bool = True) -> sa.Engine:
    """An engine for `url`. Writing may create a SQLite file and its folder; reading never
    creates anything, and an in-memory database is refused for writing (it would keep nothing)."""
    try:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _prepare_sqlite(parsed, write)
        engine = sa.create_engine(parsed)
    except (sa.exc.ArgumentError, ImportError, ValueError) as exc:
        problem = describe(str(exc)).replace(url, describe(url))
        raise StoreError(f"cannot use database URL {describe(url)}: {problem}. Use "
                         "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB.") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name!r}: use SQLite or PostgreSQL")
    return engine


def _prepare_sqlite(url: sa.URL, write: bool) -> None:
    path = sqlite_path(url)
    if path is None:
        if write:
            raise StoreError(f"{describe(url)} is an in-memory database: what is written there is "
                             "gone when the command ends; give a file, sqlite:///PATH")
        return
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not write:
        if not path.exists():
            raise StoreError(f"no database at {path} (nothing was ingested there); "
                             "`nkwatch ingest` creates it")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
    if not path.exists() and not os.access(path.parent, os.W_OK):
        raise StoreError(f"cannot create {path}: the folder {path.parent} is not writable")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 only opens a transaction before INSERT/UPDATE/DELETE, so DDL in a
    # migration would commit statement by statement. We issue BEGIN ourselves (_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL + NORMAL: a killed process loses nothing committed; only power loss can.
    cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL may wait for a lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A write takes the write lock up front: a deferred transaction that reads, then writes,
    # fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between.
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


WRITE = "nkwatch_write"


@contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction (on SQLite: BEGIN IMMEDIATE, waiting up to busy_timeout)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


def insert(conn: sa.Connection, table: sa.Table) -> Any:
    """An INSERT that knows ON CONFLICT on both dialects."""
    if conn.dialect.name == "postgresql":  # imported here: reading commands never need them
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def insert_ignore(conn: sa.Connection, table: sa.Table, returning: sa.Column[Any]) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING, built once per dialect and table.

    RETURNING tells whether the row went in: psycopg reports rowcount -1 for a skipped row.
    Building statements once matters: construction costs more than SQLite's commit.
    """
    key = (conn.dialect.name, table.name)
    if key not in _IGNORE:
        _IGNORE[key] = insert(conn, table).on_conflict_do_nothing().returning(returning)
    return _IGNORE[key]


_IGNORE: dict[tuple[str, str], Any] = {}


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
