"""Bring a database to the newest schema. Runs on every open; a no-op when already current."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from nkwatch.errors import StoreError


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "nkwatch.store:migrations")
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
    except sa.exc.SQLAlchemyError as exc:
        # Two processes opening a new database race to create it; each migration is one
        # transaction, so the loser rolled back whole and the winner's schema is in place.
        if _at_head(engine):
            return
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"cannot open {engine.url.render_as_string()}: {reason}") from exc
