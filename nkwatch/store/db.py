"""Engines and the few places where SQLite and PostgreSQL differ in SQL we write by hand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from nkwatch.errors import StoreError


def make_engine(url: str) -> sa.Engine:
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}. Use sqlite:///PATH or "
                         "postgresql+psycopg://USER@HOST/DB.") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name!r}: use SQLite or PostgreSQL")
    return engine


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
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


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
