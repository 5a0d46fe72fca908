"""Bring a database to the newest schema. Runs on every open; a no-op when already current."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from nkwatch.errors import StoreError
from nkwatch.store.db import writing

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


def upgrade(engine: sa.Engine) -> None:
    """Apply pending migrations in one transaction; a no-op costing one query when current.

    Processes opening a new database at once take turns: SQLite's BEGIN IMMEDIATE and a
    PostgreSQL transaction-level advisory lock make the second one wait, then find the schema
    in place. DDL is transactional on both engines, so a killed migration leaves nothing behind.
    """
    head = head_revision()
    try:
        if current_revision(engine) == head:
            return
        with writing(engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() == head:
                return  # another process migrated while we waited
            config = _config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"cannot open {engine.url.render_as_string()}: {reason}") from exc
