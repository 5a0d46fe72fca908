"""Full-text search: SQLite FTS5 (porter stemming) or PostgreSQL tsvector ('english').

A query is a plain list of words, all required, on both engines: FTS5's own query syntax
(NEAR, column filters, bare quotes) would make user input a syntax error on one engine only.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from nkwatch.store.tables import documents

_WORD = re.compile(r"\w+")
_FTS = sa.table("documents_fts", sa.column("rowid"))
_PG_HEADLINE = "MaxFragments=1, MaxWords=30, MinWords=12, StartSel=[, StopSel=]"


def words(query: str) -> list[str]:
    return _WORD.findall(query)


def _fts_query(query: str) -> str:
    return " ".join(f'"{word}"' for word in words(query))


def matches(dialect: str, query: str) -> sa.ColumnElement[bool]:
    """A WHERE condition on `documents` for a text query."""
    if dialect == "postgresql":
        tsquery = sa.func.plainto_tsquery("english", " ".join(words(query)))
        return sa.literal_column("documents.tsv").bool_op("@@")(tsquery)
    condition = sa.text("documents_fts MATCH :fts_query").bindparams(fts_query=_fts_query(query))
    return documents.c.seq.in_(sa.select(_FTS.c.rowid).where(condition))


def ranked(dialect: str, query: str, limit: int) -> sa.Select[Any]:
    """Documents matching `query`, best first, each with a highlighted snippet."""
    if dialect == "postgresql":
        tsquery = sa.func.plainto_tsquery("english", " ".join(words(query)))
        tsv: sa.ColumnElement[Any] = sa.literal_column("documents.tsv")
        headline = sa.func.ts_headline("english", documents.c.text, tsquery, _PG_HEADLINE)
        return (
            sa.select(documents, headline.label("snippet"))
            .where(tsv.bool_op("@@")(tsquery))
            .order_by(sa.func.ts_rank(tsv, tsquery).desc(), documents.c.seq)
            .limit(limit)
        )
    snippet: sa.ColumnElement[Any] = sa.literal_column("snippet(documents_fts, -1, '[', ']', '…', 24)")
    return (
        sa.select(documents, snippet.label("snippet"))
        .select_from(documents.join(_FTS, _FTS.c.rowid == documents.c.seq))
        .where(sa.text("documents_fts MATCH :fts_query").bindparams(fts_query=_fts_query(query)))
        .order_by(sa.literal_column("documents_fts.rank"), documents.c.seq)
        .limit(limit)
    )
