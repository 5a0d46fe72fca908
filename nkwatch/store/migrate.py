"""Bring a database to the newest schema. Runs on every open; a no-op when already current."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from nkwatch.errors import StoreError

_PG_LOCK = 7_245_301  # advisory lock key: one migrating process per PostgreSQL database


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "nkwatch.store:migrations")
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _exclusive(conn: sa.Connection) -> Iterator[None]:
    """PostgreSQL: processes opening a new database at once migrate one after the other.

    (SQLite needs no lock: its migration transactions serialize on the file, and a loser that
    rolled back finds the schema in place; see upgrade().)"""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_LOCK})")
    conn.commit()  # a session lock outlives the transaction that took it
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_LOCK})")
        conn.commit()


def _at_head(engine: sa.Engine) -> bool:
    try:
        return current_revision(engine) == head_revision()
    except sa.exc.SQLAlchemyError:
        return False


def upgrade(engine: sa.Engine) -> None:
    """Apply pending migrations; skip Alembic's machinery entirely when nothing is pending."""
    config = _config()
    try:
        if current_revision(engine) == head_revision():
            return
        with engine.connect() as conn, _exclusive(conn):
            if MigrationContext.configure(conn).get_current_revision() == head_revision():
                return  # another process migrated while we waited for the lock
            conn.commit()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
    except sa.exc.SQLAlchemyError as exc:
        # SQLite: two processes racing to create a new file; each migration is one
        # transaction, so the loser rolled back whole and the winner's schema is in place.
        if _at_head(engine):
            return
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"cannot open {engine.url.render_as_string()}: {reason}") from exc
