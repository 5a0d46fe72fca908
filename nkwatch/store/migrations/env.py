"""Alembic environment: the store hands us a connection already inside its transaction
(see store/migrate.py), so every pending migration and its version row commit together."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
