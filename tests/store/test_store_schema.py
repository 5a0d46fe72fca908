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


OPENER = "import sys; from nkwatch.store import open_store; open_store(sys.argv[1]).close()"


def _open_at_once(url: str, processes: int = 3) -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"PYTHONPATH": os.getcwd()}
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, url], env=env, text=True,
                              stderr=subprocess.PIPE) for _ in range(processes)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err


def test_new_sqlite_file_opened_by_three_processes_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    _open_at_once(url)
    with open_store(url) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_new_postgres_database_opened_by_three_processes_at_once(pg_server):
    import uuid

    import psycopg

    name = "nkwatch_fresh_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = pg_server.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        _open_at_once(f"{base}/{name}")
        with open_store(f"{base}/{name}") as store:
            assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
