"""Bring a database to the newest schema (commands that write), or check that it is there
(commands that read, which never create or change anything)."""

from __future__ import annotations

import sqlalchemy as sa

from nkwatch.errors import StoreError
from nkwatch.store.db import describe, writing

_PG_LOCK = 7_245_301  # advisory lock key: one migrating process per PostgreSQL database

# The revisions this nkwatch knows, oldest first; a test checks they are Alembic's own. Kept
# here so that reading commands need not import Alembic (a third of start-up time).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]


def head_revision() -> str:
    return HEAD


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision stored in the database; None when it has no nkwatch tables."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        revision = conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
        return None if revision is None else str(revision)


def _newer(revision: str | None) -> StoreError | None:
    if revision is not None and revision not in REVISIONS:
        return StoreError(f"database schema {revision} is newer than this nkwatch supports "
                          f"({HEAD}): upgrade nkwatch")
    return None


def check(engine: sa.Engine) -> None:
    """For reading: the database exists at the schema this nkwatch writes, or one clear error."""
    where = describe(engine.url)
    try:
        revision = current_revision(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot open {where}: {reason(exc)}") from exc
    if revision is None:
        raise StoreError(f"{where} holds no nkwatch data (nothing was ingested there); "
                         "`nkwatch ingest` creates it")
    problem = _newer(revision)
    if problem:
        raise problem
    if revision != HEAD:
        raise StoreError(f"database schema {revision} is older than this nkwatch ({HEAD}): "
                         "`nkwatch db upgrade` brings it up to date")


def upgrade(engine: sa.Engine) -> None:
    """Apply pending migrations in one transaction; a no-op costing one query when current.

    Processes opening a new database at once take turns: SQLite's BEGIN IMMEDIATE and a
    PostgreSQL transaction-level advisory lock make the second one wait, then find the schema
    in place. DDL is transactional on both engines, so a killed migration leaves nothing behind.
    A database of a newer schema is left untouched.
    """
    where = describe(engine.url)
    try:
        revision = current_revision(engine)
        problem = _newer(revision)
        if problem:
            raise problem
        if revision == HEAD:
            return
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext

        with writing(engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
            now = MigrationContext.configure(conn).get_current_revision()
            if now == HEAD:
                return  # another process migrated while we waited
            problem = _newer(now)
            if problem:
                raise problem
            config = Config()
            config.set_main_option("script_location", "nkwatch.store:migrations")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot open {where}: {reason(exc)}") from exc


def reason(exc: BaseException) -> str:
    """The database's own words, first line only: no SQL, no parameters, no traceback."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
