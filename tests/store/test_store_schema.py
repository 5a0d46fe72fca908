"""Migrations run on open, are a no-op the second time, and match tables.py."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from nkwatch.store import migrate, open_store
from nkwatch.store.tables import metadata

# Search structures exist only in the migration, per dialect.
SEARCH_ONLY = {"documents_fts", "documents_fts_data", "documents_fts_idx", "documents_fts_docsize",
               "documents_fts_config", "documents_fts_content", "ix_documents_tsv", "tsv"}


def _name(diff: tuple) -> str:
    for item in diff[1:]:
        name = getattr(item, "name", None)
        if isinstance(name, str):
            return name
    return ""


def test_open_migrates_to_head_and_reopens(db_url):
    with open_store(db_url) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    with open_store(db_url) as store:  # second open: nothing pending, nothing breaks
        assert store.stats()["documents"] == 0


def test_migrations_match_table_definitions(db_url):
    with open_store(db_url) as store, store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    unexpected = [d for d in diffs if _name(d) not in SEARCH_ONLY | {"alembic_version"}]
    assert unexpected == []


def test_postgres_documents_have_tsvector(pg_url):
    with open_store(pg_url) as store, store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("documents")}
    assert "tsv" in columns
