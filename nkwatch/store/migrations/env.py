"""Alembic environment: the store hands us an open connection (see store/migrate.py)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    # Each migration commits with its version row, as sqlite-utils does for its migrations.
    transaction_per_migration=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
