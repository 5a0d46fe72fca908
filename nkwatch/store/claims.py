"""Claims are append-only: a review is a new row that supersedes the chain's latest row.

Every row of one chain shares `original_id` (the extractor's first claim), so "the current
decision" is simply the newest row (highest `seq`) per `original_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from nkwatch import ids
from nkwatch.model import Claim, ClaimStatus
from nkwatch.store.db import insert_ignore, utc_now
from nkwatch.store.rows import claim_row, to_claim
from nkwatch.store.tables import claims as table

REVIEW_STATUSES = (ClaimStatus.ACCEPTED, ClaimStatus.CORRECTED, ClaimStatus.REJECTED)


def _original_of(conn: sa.Connection, claim_id: str, pending: dict[str, str]) -> str | None:
    if claim_id in pending:
        return pending[claim_id]
    return conn.scalar(sa.select(table.c.original_id).where(table.c.id == claim_id))


def add(conn: sa.Connection, claims: Iterable[Claim]) -> int:
    """Insert claims not stored yet (by id); returns how many were new."""
    added, pending = 0, dict[str, str]()
    for claim in claims:
        original = claim.id
        if claim.supersedes:
            original = _original_of(conn, claim.supersedes, pending) or claim.supersedes
        pending[claim.id] = original
        row = claim_row(claim, original) | {"created_at": utc_now()}
        added += conn.execute(insert_ignore(conn, table, table.c.seq), row).first() is not None
    return added


def select(*, document_id: str | None, kind: str | None) -> sa.Select[Any]:
    query = sa.select(table).order_by(table.c.seq)
    if document_id is not None:
        query = query.where(table.c.document_id == document_id)
    if kind is not None:
        query = query.where(table.c.kind == kind)
    return query


def select_current(*, document_id: str | None, kind: str | None) -> sa.Select[Any]:
    """The newest row of each chain, in the order chains began; rejected chains dropped.

    Done in SQL (max `seq` per `original_id`, indexed) so the view scales with the store.
    """
    rows = select(document_id=document_id, kind=kind)
    newest = sa.select(sa.func.max(table.c.seq)).group_by(table.c.original_id)
    if document_id is not None:  # every row of a chain shares document and kind
        newest = newest.where(table.c.document_id == document_id)
    if kind is not None:
        newest = newest.where(table.c.kind == kind)
    first = table.alias("first")
    return (
        rows.join_from(table, first, first.c.id == table.c.original_id)
        .where(table.c.seq.in_(newest), table.c.status != ClaimStatus.REJECTED.value)
        .order_by(None).order_by(first.c.seq)
    )


def review(conn: sa.Connection, claim_id: str, status: ClaimStatus, *, author: str,
           value: dict[str, Any] | None, note: str | None) -> Claim:
    original = conn.scalar(sa.select(table.c.original_id).where(table.c.id == claim_id))
    if original is None:
        raise KeyError(f"no claim {claim_id!r}")
    head_row = conn.execute(
        sa.select(table).where(table.c.original_id == original).order_by(table.c.seq.desc()).limit(1)
    ).one()
    head = to_claim(head_row)
    new_value = value if status == ClaimStatus.CORRECTED and value is not None else head.value
    if (head.status, head.value, head.author, head.note) == (status, new_value, author, note):
        return head  # the same decision again: nothing to add
    decision = replace(
        head,
        id=ids.review_id(head.id, status.value, author, new_value, note),
        value=new_value,
        status=status,
        supersedes=head.id,
        author=author,
        note=note,
        confidence=head.confidence if status == ClaimStatus.REJECTED else 1.0,
    )
    add(conn, [decision])
    return decision
