"""Counts of what is stored, for `nkwatch stats` and the summary after a run."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from nkwatch.store.tables import claims, documents, sightings, sources


def _count(conn: sa.Connection, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(table).where(*where)) or 0


def _grouped(conn: sa.Connection, column: sa.ColumnElement[Any]) -> dict[str, int]:
    count = sa.func.count()
    rows = conn.execute(sa.select(column, count).group_by(column).order_by(count.desc(), column))
    return {(key if key is not None else "(unknown)"): n for key, n in rows}


def collect_stats(conn: sa.Connection) -> dict[str, Any]:
    return {
        "documents": _count(conn, documents),
        "sightings": _count(conn, sightings),
        "near_duplicates": _count(conn, documents, documents.c.near_duplicate_of.is_not(None)),
        "claims": _count(conn, claims),
        "reviews": _count(conn, claims, claims.c.supersedes.is_not(None)),
        "sources": _count(conn, sources),
        "by_publisher": _grouped(conn, documents.c.publisher),
        "by_source_type": _grouped(conn, documents.c.source_type),
    }
