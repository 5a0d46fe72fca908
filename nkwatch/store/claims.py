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
from nkwatch.store.db import insert, insert_ignore, utc_now
from nkwatch.store.rows import claim_row, to_claim
from nkwatch.store.tables import claim_links
from nkwatch.store.tables import claims as table
from nkwatch.store.tables import documents
from nkwatch.store.tables import extraction_runs as runs_table

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
        new = conn.execute(insert_ignore(conn, table, table.c.seq), row).first() is not None
        if new:
            links = link_rows(claim)
            if links:
                conn.execute(sa.insert(claim_links), links)
        if new and claim.supersedes:  # the chain's earlier rows stop being its head
            conn.execute(sa.update(table).where(table.c.original_id == original,
                                                table.c.id != claim.id, table.c.is_head)
                         .values(is_head=False))
        added += new
    return added


class Deferred:
    """Rows of a batch of new documents written at its end, one statement per table: claims,
    their entity links, extractor runs and sightings."""

    def __init__(self) -> None:
        self.claims_rows: dict[str, dict[str, Any]] = {}
        self.link_rows: list[dict[str, str]] = []
        self.run_rows: dict[str, dict[str, Any]] = {}
        self.sightings: dict[tuple[str, str], list[str]] = {}

    def claims(self, conn: sa.Connection, claims: Iterable[Claim]) -> None:
        """A new document's claims. One that supersedes another needs its chain read and
        updated, so those (never written by ingest) go in at once, the old way."""
        claims = list(claims)
        if any(c.supersedes for c in claims):
            add(conn, claims)
            return
        now = utc_now()
        for claim in claims:
            if claim.id not in self.claims_rows:  # the same event twice is one claim
                self.claims_rows[claim.id] = claim_row(claim, claim.id) | {"created_at": now}
                self.link_rows.extend(link_rows(claim))

    def run(self, document_id: str, extractor: str, version: str, found: int) -> None:
        self.run_rows.setdefault(document_id, {
            "document_id": document_id, "extractor": extractor, "extractor_version": version,
            "claims": found, "run_at": utc_now()})

    def sighting(self, document_id: str, location: str, seen_at: str) -> None:
        """Seen twice in one batch: one row, from the first to the last time."""
        seen = self.sightings.setdefault((document_id, location), [seen_at, seen_at])
        seen[0], seen[1] = min(seen[0], seen_at), max(seen[1], seen_at)

    def write(self, conn: sa.Connection, sighting_upsert: Any) -> None:
        if self.claims_rows:
            conn.execute(insert(conn, table).on_conflict_do_nothing(), list(self.claims_rows.values()))
        if self.link_rows:
            conn.execute(insert(conn, claim_links).on_conflict_do_nothing(), self.link_rows)
        if self.run_rows:
            conn.execute(insert(conn, runs_table).on_conflict_do_nothing(), list(self.run_rows.values()))
        if self.sightings:
            conn.execute(sighting_upsert, [
                {"document_id": doc_id, "location": where, "first_seen": first, "last_seen": last}
                for (doc_id, where), (first, last) in self.sightings.items()])


def link_rows(claim: Claim) -> list[dict[str, str]]:
    """The (entity, role) rows of a claim's value `entities` (see nkwatch/extract/link.py)."""
    found: dict[tuple[str, str], None] = {}
    for role, value in (claim.value.get("entities") or {}).items():
        if role == "candidate" and isinstance(value, dict) and value.get("name"):
            found[(candidate_id(str(value["name"])), role)] = None
        elif isinstance(value, str):
            found[(value, role)] = None
        elif isinstance(value, list):
            found.update({(str(v), role): None for v in value})
    return [{"claim_id": claim.id, "entity_id": e[:160], "role": r} for e, r in found]


def candidate_id(name: str) -> str:
    """One id per candidate name however it was spaced or capitalised."""
    return "candidate:" + " ".join(name.casefold().replace("’", "'").split())


def select(*, document_id: str | None, kind: str | None) -> sa.Select[Any]:
    query = sa.select(table).order_by(table.c.seq)
    if document_id is not None:
        query = query.where(table.c.document_id == document_id)
    if kind is not None:
        query = query.where(table.c.kind == kind)
    return query


HIDDEN = (ClaimStatus.REJECTED.value, ClaimStatus.RETRACTED.value)


def select_current(*, document_id: str | None, kind: str | None) -> sa.Select[Any]:
    """The newest row of each chain, in the order chains began; rejected and retracted chains
    dropped. `is_head` marks the newest row, so this is an indexed filter, not a GROUP BY."""
    rows = select(document_id=document_id, kind=kind)
    first = table.alias("first")
    return (
        rows.join_from(table, first, first.c.id == table.c.original_id)
        .where(table.c.is_head, table.c.status.not_in(HIDDEN))
        .order_by(None).order_by(first.c.seq)
    )


def select_listing(*, event_type: str | None, sector: str | None, limit: int,
                   offset: int, entity: str | None = None) -> sa.Select[Any]:
    """A page of current event claims in (date, type) order, undated first, with the
    publisher of each; walks the listing index for its filter and stops at the page's end.
    `entity`: only claims linked to that record (or candidate id), through its link index."""
    query = (sa.select(table, documents.c.publisher)
             .join(documents, documents.c.id == table.c.document_id)
             .where(table.c.kind == "event", table.c.is_head, table.c.status.not_in(HIDDEN)))
    if entity is not None:
        query = query.where(table.c.id.in_(
            sa.select(claim_links.c.claim_id).where(claim_links.c.entity_id == entity)))
    if event_type is not None:
        query = query.where(table.c.event_type == event_type)
    if sector is not None:
        query = query.where(table.c.sector == sector)
    return (query.order_by(table.c.event_date.asc().nulls_first(), table.c.event_type, table.c.seq)
            .limit(limit).offset(offset))


def select_unextracted(extractor: str, version: str, *, everything: bool, after: int,
                       limit: int) -> sa.Select[Any]:
    """Documents with no extraction run by `extractor` (at `version`, when `everything`)."""
    runs = sa.select(runs_table.c.document_id).where(runs_table.c.document_id == documents.c.id,
                                                     runs_table.c.extractor == extractor)
    unread = [documents.c.seq > after]
    if everything:
        runs = runs.where(runs_table.c.extractor_version == version)
    else:  # claims from before runs were recorded count as a run too
        unread.append(~sa.select(table.c.id).where(table.c.document_id == documents.c.id).exists())
    unread.append(~runs.exists())
    return sa.select(documents).where(*unread).order_by(documents.c.seq).limit(limit)


def record_run(conn: sa.Connection, document_id: str, extractor: str, version: str,
               found: int) -> None:
    conn.execute(insert_ignore(conn, runs_table, runs_table.c.document_id),
                 {"document_id": document_id, "extractor": extractor,
                  "extractor_version": version, "claims": found, "run_at": utc_now()})


def not_shadowed(conn: sa.Connection, document_id: str, new: list[Claim]) -> list[Claim]:
    """New machine claims minus those of the same type over the same words as a chain an
    analyst reviewed: a re-extraction never brings back what was rejected or corrected."""
    first = table.alias("first")
    reviewed = conn.execute(
        sa.select(table.c.span_start, table.c.span_end, table.c.event_type, first.c.event_type)
        .join(first, first.c.id == table.c.original_id)
        .where(table.c.document_id == document_id, table.c.is_head,
               table.c.status.in_([s.value for s in REVIEW_STATUSES]))).all()
    if not reviewed:
        return new
    # the type as the analyst left it or as the machine first said (a corrected type)
    return [c for c in new if not any(
        c.value.get("type") in (now, was) and s < c.span.end and c.span.start < e
        for s, e, now, was in reviewed)]


def retract_others(conn: sa.Connection, document_id: str, extractor: tuple[str, str],
                   keep: set[str]) -> int:
    """Append a `retracted` row over every unreviewed machine claim of the document that the
    new run did not make again. Reviewed chains are the analyst's and stay as they are."""
    name, version = extractor
    heads = conn.execute(sa.select(table).where(
        table.c.document_id == document_id, table.c.is_head, table.c.extractor == name,
        table.c.status == ClaimStatus.AUTO.value)).all()
    retractions = []
    for row in heads:
        if row.id in keep:
            continue
        head = to_claim(row)
        note = f"not made again by {name} {version}"
        retractions.append(replace(
            head, id=ids.review_id(head.id, ClaimStatus.RETRACTED.value, name, head.value, note),
            status=ClaimStatus.RETRACTED, supersedes=head.id, author=name, note=note,
            extractor_version=version))
    return add(conn, retractions)


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


def select_candidates(limit: int) -> sa.Select[Any]:
    """Candidate names (not in the pack) of current claims: id, how many claims and documents."""
    return (sa.select(claim_links.c.entity_id, sa.func.count().label("claims"),
                      sa.func.count(sa.distinct(table.c.document_id)).label("documents"))
            .join(table, table.c.id == claim_links.c.claim_id)
            .where(claim_links.c.role == "candidate", table.c.is_head,
                   table.c.status.not_in(HIDDEN))
            .group_by(claim_links.c.entity_id)
            .order_by(sa.desc("documents"), claim_links.c.entity_id).limit(limit))
