"""The one narrow interface to storage. Everything else in nkwatch goes through `Store`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa

from nkwatch import ids, settings
from nkwatch.model import Claim, ClaimStatus, Document, Source
from nkwatch.store import claims as claim_rows
from nkwatch.store import migrate, search
from nkwatch.errors import StoreError
from nkwatch.store.db import describe, insert, insert_ignore, make_engine, utc_now, writing
from nkwatch.store.rows import document_row, source_row, to_claim, to_document, to_source
from nkwatch.store.stats import collect_stats
from nkwatch.store.tables import documents, sightings, sources

if TYPE_CHECKING:  # importing neardup loads datasketch and scipy: only when writing
    from nkwatch.store.neardup import NearDuplicateIndex

Status = Literal["new", "duplicate", "near_duplicate"]

# Built once: statement construction costs more than a SQLite commit.
_EXISTS = sa.select(documents.c.seq).where(documents.c.id == sa.bindparam("doc_id"))
_SIGNATURES_AFTER = (sa.select(documents.c.seq, documents.c.id, documents.c.minhash)
                     .where(documents.c.seq > sa.bindparam("seq")).order_by(documents.c.seq))


@dataclass(frozen=True)
class AddResult:
    status: Status
    document_id: str
    original_id: str | None = None  # for a near-duplicate: the document it resembles


@dataclass(frozen=True)
class Incoming:
    """A document ready to store: its claims, source, extractor run and (when a worker made it)
    its MinHash signature."""

    doc: Document
    claims: list[Claim]
    source: Source | None = None
    extractor: tuple[str, str] | None = None
    signature: bytes | None | Literal[False] = False
    location: str | None = None
    seen_at: str | None = None


@dataclass(frozen=True)
class Sighting:
    location: str
    first_seen: str
    last_seen: str


def open_store(url: str | None = None, *, write: bool = True) -> Store:
    """Open the database at `url`, default `settings.database_url()`.

    For writing it is created or migrated as needed; for reading (`write=False`) it must exist at
    this nkwatch's schema, and nothing is created or changed.
    """
    return Store(settings.database_url(url), write=write)


class Store:
    def __init__(self, url: str, *, write: bool = True) -> None:
        self.engine = make_engine(url, write=write)
        self.dialect = self.engine.dialect.name
        self.where = describe(self.engine.url)
        try:
            if write:
                migrate.upgrade(self.engine)
            else:
                migrate.check(self.engine)
        except BaseException:
            self.engine.dispose()
            raise
        self._near: NearDuplicateIndex | None = None  # built on first write: reads skip datasketch
        self._sight_statement: Any = None
        self._sources_put: dict[str, Source] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- documents -------------------------------------------------------------------------

    def add_document(self, doc: Document, *, seen_at: str | None = None,
                     location: str | None = None, source: Source | None = None,
                     claims: Iterable[Claim] = (),
                     extractor: tuple[str, str] | None = None,
                     signature: bytes | None | Literal[False] = False) -> AddResult:
        """Store a document, its sighting, its source and its claims in one transaction.

        `extractor` (name, version) records that the extractor read the document, so a run that
        found no events is not repeated by `nkwatch extract --stored`. `signature`: its MinHash
        when a worker process computed it already (False: compute it here).

        An exact duplicate (same text hash) only records another sighting; a near-duplicate is
        stored and linked to the document it resembles.
        """
        return self.add_documents([Incoming(doc, list(claims), source, extractor, signature,
                                            location, seen_at)])[0]

    def add_documents(self, batch: Sequence[Incoming]) -> list[AddResult]:
        """Store many documents in one transaction (`nkwatch ingest --workers`): each is whole
        with its claims, sighting and source; a failure rolls back only this batch, which a
        re-run stores again (documents already stored become sightings)."""
        for item in batch:
            if item.doc.id != ids.document_id(item.doc.text):
                raise ValueError(f"document id {item.doc.id!r} is not ids.document_id(text)")
            if any(claim.document_id != item.doc.id for claim in item.claims):
                raise ValueError(f"every claim stored with {item.doc.id} must point at it")
        try:
            with writing(self.engine) as conn:
                return self._add_batch(conn, batch)
        except BaseException as exc:
            self._sources_put.clear()  # a rolled-back source row must be written again
            if isinstance(exc, sa.exc.SQLAlchemyError):
                raise StoreError(f"{self.where}: {migrate.reason(exc)}") from exc
            raise

    def _add_batch(self, conn: sa.Connection, batch: Sequence[Incoming]) -> list[AddResult]:
        """A few statements per batch rather than several per document (PostgreSQL pays a round
        trip for each): which documents are stored already and the signatures added since the
        last look are read once; each document row is written as it comes (its `seq` orders
        near-duplicates); claims, their entity links, extractor runs and sightings go in one
        statement each at the end."""
        from nkwatch.store import neardup  # imports scipy via datasketch: only when writing

        stored = self._stored_ids(conn, [item.doc.id for item in batch])
        near: tuple[NearDuplicateIndex, NearDuplicateIndex] | None = None  # read at the first new one
        later = claim_rows.Deferred()
        results = []
        for item in batch:
            doc = item.doc
            later.sighting(doc.id, item.location or doc.url or doc.origin or "",
                           item.seen_at or utc_now())
            if doc.id in stored:
                results.append(AddResult("duplicate", doc.id, None))
                continue
            if near is None:  # the stored signatures, and the batch's own, not read back yet
                index = self._near_index(conn)
                near = (index, index.empty_like())
            index, this_batch = near
            signature = neardup.signature(doc.text) if item.signature is False else item.signature
            original = neardup.nearest(signature, index, this_batch)
            seq = self._insert_document(conn, doc, signature, original, item.source)
            if seq is None:  # another writer stored the same text just now
                results.append(AddResult("duplicate", doc.id, None))
                continue
            stored.add(doc.id)
            this_batch.add_rows([(seq, doc.id, signature)])
            later.claims(conn, item.claims)
            if item.extractor is not None:
                later.run(doc.id, *item.extractor, len(item.claims))
            results.append(AddResult("near_duplicate" if original else "new", doc.id, original))
        later.write(conn, self._sighting_statement(conn))
        return results

    def _stored_ids(self, conn: sa.Connection, doc_ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(doc_ids), 500):  # bounded IN lists
            chunk = doc_ids[i : i + 500]
            found.update(conn.scalars(sa.select(documents.c.id).where(documents.c.id.in_(chunk))))
        return found

    def _exists(self, conn: sa.Connection, doc_id: str) -> bool:
        return conn.scalar(_EXISTS, {"doc_id": doc_id}) is not None

    def _near_index(self, conn: sa.Connection) -> NearDuplicateIndex:
        """Every stored signature, read up to now: documents added since the last look, by this
        process or another one, are picked up."""
        if self._near is None:
            from nkwatch.store import neardup

            self._near = neardup.NearDuplicateIndex(float(settings.get("near_duplicate_threshold")))
        rows = conn.execute(_SIGNATURES_AFTER, {"seq": self._near.last_seq})
        self._near.add_rows(tuple(row) for row in rows)
        return self._near

    def _insert_document(self, conn: sa.Connection, doc: Document, signature: bytes | None,
                         original: str | None, source: Source | None) -> int | None:
        if source is not None:
            if self._sources_put.get(source.id) != source:
                # The caller's grading is the newest word on this publisher; once per open will do.
                self._put_source(conn, source, overwrite=True)
                self._sources_put[source.id] = source
        elif doc.publisher:
            source = Source(ids.source_id(doc.publisher), doc.publisher, doc.source_type)
            self._put_source(conn, source, overwrite=False)
        row = document_row(doc) | {
            "near_duplicate_of": original, "minhash": signature, "added_at": utc_now(),
            "source_id": source.id if source else None,
        }
        inserted = conn.execute(insert_ignore(conn, documents, documents.c.seq), row).first()
        return None if inserted is None else int(inserted[0])

    def _sighting_statement(self, conn: sa.Connection) -> Any:
        """An upsert that widens a sighting's first and last seen."""
        if self._sight_statement is None:
            statement = insert(conn, sightings)
            excluded = statement.excluded
            self._sight_statement = statement.on_conflict_do_update(
                index_elements=["document_id", "location"],
                set_={
                    "first_seen": sa.case((excluded.first_seen < sightings.c.first_seen,
                                           excluded.first_seen), else_=sightings.c.first_seen),
                    "last_seen": sa.case((excluded.last_seen > sightings.c.last_seen,
                                          excluded.last_seen), else_=sightings.c.last_seen),
                },
            )
        return self._sight_statement

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return self._exists(conn, doc_id)

    def stored_ids(self, doc_ids: list[str]) -> set[str]:
        """Which of these documents are stored: one query per 500 ids."""
        with self.engine.connect() as conn:
            return self._stored_ids(conn, doc_ids)

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
        return to_document(row) if row else None

    def versions(self, doc_id: str) -> list[tuple[Document, str]]:
        """Every text seen at this document's URL (or its first sighting's location), oldest
        first, with when each was added: state media edit and withdraw articles, and each
        version is kept whole beside the others."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents.c.url).where(documents.c.id == doc_id)).first()
            where = row.url if row is not None else None
            if not where:
                where = conn.scalar(sa.select(sightings.c.location).where(
                    sightings.c.document_id == doc_id).order_by(sightings.c.seq).limit(1))
            if not where:
                return []
            seen = sa.select(sightings.c.document_id).where(sightings.c.location == where)
            rows = conn.execute(sa.select(documents).where(
                sa.or_(documents.c.url == where, documents.c.id.in_(seen))).order_by(documents.c.seq)).all()
        return [(to_document(r), r.added_at) for r in rows]

    def sightings(self, doc_id: str) -> list[Sighting]:
        query = (sa.select(sightings.c.location, sightings.c.first_seen, sightings.c.last_seen)
                 .where(sightings.c.document_id == doc_id).order_by(sightings.c.seq))
        with self.engine.connect() as conn:
            return [Sighting(*row) for row in conn.execute(query)]

    def list_documents(self, *, publisher: str | None = None, since: str | None = None,
                       until: str | None = None, query: str | None = None, limit: int = 100,
                       offset: int = 0) -> list[Document]:
        """Newest publication first. Dates compare as text, so `until="2025-01"` includes
        every day of January 2025."""
        select = sa.select(documents)
        if publisher:
            select = select.where(sa.func.lower(documents.c.publisher) == publisher.lower())
        if since:
            select = select.where(documents.c.published >= since)
        if until:
            select = select.where(documents.c.published <= until + "~")  # "~" sorts after digits and "-"
        if query is not None:
            if not search.words(query):
                return []
            select = select.where(search.matches(self.dialect, query))
        select = select.order_by(documents.c.published.desc().nulls_last(), documents.c.seq.desc())
        with self.engine.connect() as conn:
            rows = conn.execute(select.limit(limit).offset(offset))
            return [to_document(row) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[Document, str]]:
        if not search.words(query):
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(search.ranked(self.dialect, query, limit))
            return [(to_document(row), row.snippet) for row in rows]

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return collect_stats(conn)

    # -- sources ---------------------------------------------------------------------------

    def add_source(self, source: Source) -> None:
        """Insert or update a publisher's grading."""
        with writing(self.engine) as conn:
            self._put_source(conn, source, overwrite=True)

    def _put_source(self, conn: sa.Connection, source: Source, *, overwrite: bool) -> None:
        if not overwrite:
            conn.execute(insert_ignore(conn, sources, sources.c.id), source_row(source))
            return
        statement = insert(conn, sources)
        excluded = statement.excluded
        conn.execute(statement.on_conflict_do_update(
            index_elements=["id"],
            set_={"name": excluded.name, "type": excluded.type, "reliability": excluded.reliability},
        ), source_row(source))

    def sources(self) -> list[Source]:
        with self.engine.connect() as conn:
            return [to_source(row) for row in conn.execute(sa.select(sources).order_by(sources.c.name))]

    # -- claims ----------------------------------------------------------------------------

    def add_claims(self, claims: Iterable[Claim]) -> int:
        """Store claims on stored documents; known ids are skipped. Returns how many were new."""
        try:
            with writing(self.engine) as conn:
                return claim_rows.add(conn, claims)
        except sa.exc.IntegrityError as exc:
            raise ValueError("a claim points at a document or claim that is not stored") from exc

    def claims(self, *, document_id: str | None = None, kind: str | None = None) -> list[Claim]:
        with self.engine.connect() as conn:
            rows = conn.execute(claim_rows.select(document_id=document_id, kind=kind))
            return [to_claim(row) for row in rows]

    def current_claims(self, *, document_id: str | None = None,
                       kind: str | None = None) -> list[Claim]:
        query = claim_rows.select_current(document_id=document_id, kind=kind)
        with self.engine.connect() as conn:
            return [to_claim(row) for row in conn.execute(query)]

    def review(self, claim_id: str, status: str | ClaimStatus, *, author: str,
               value: dict[str, Any] | None = None, note: str | None = None) -> Claim:
        """Accept, correct (with a new `value`) or reject a claim by adding a row."""
        status = ClaimStatus(status)
        if status not in claim_rows.REVIEW_STATUSES:
            raise ValueError(f"a review is accepted, corrected or rejected, not {status.value!r}")
        if (status == ClaimStatus.CORRECTED) != (value is not None):
            raise ValueError("a correction needs a new value, and only a correction takes one")
        with writing(self.engine) as conn:
            return claim_rows.review(conn, claim_id, status, author=author, value=value, note=note)

    def list_events(self, *, event_type: str | None = None, sector: str | None = None,
                    entity: str | None = None, limit: int = 200, offset: int = 0
                    ) -> list[tuple[Claim, str | None]]:
        """Current event claims in (date, type) order with their document's publisher: one
        indexed query that reads only the page asked for. `entity`: only those linked to that
        pack record (facility, system, programme, organization, partner) or candidate name."""
        with self.engine.connect() as conn:
            rows = conn.execute(claim_rows.select_listing(event_type=event_type, sector=sector,
                                                          entity=entity, limit=limit, offset=offset))
            return [(to_claim(row), row.publisher) for row in rows]

    def entity_candidates(self, limit: int = 200) -> list[tuple[str, int, int]]:
        """Names of facilities and systems events mention that the pack does not know yet:
        (candidate id, claims, documents), most documents first."""
        with self.engine.connect() as conn:
            return [(r.entity_id, r.claims, r.documents)
                    for r in conn.execute(claim_rows.select_candidates(limit))]

    # -- merged events (the knowledge base) -------------------------------------------------

    def rebuild_events(self) -> int:
        """Merge the current event claims of every document into real-world events (with the
        analyst's decisions as constraints); returns the number of events."""
        from nkwatch.kb.sources import registry
        from nkwatch.store import events as event_rows

        with writing(self.engine) as conn:
            return event_rows.rebuild(conn, registry())

    def merged_events(self, **filters: Any) -> list[dict[str, Any]]:
        """A page of merged events (filters: see events.select_events), one indexed query."""
        from nkwatch.store import events as event_rows

        with self.engine.connect() as conn:
            return [event_rows.as_dict(r) for r in conn.execute(event_rows.select_events(**filters))]

    def event(self, eid: str) -> dict[str, Any] | None:
        """One merged event with every report: its claim, document, publisher, sentence and why
        it joined."""
        from nkwatch.store import events as event_rows

        with self.engine.connect() as conn:
            return event_rows.one(conn, eid)

    def decide(self, eid: str, action: str, *, author: str, note: str | None = None,
               value: dict[str, Any] | None = None, other: str | None = None,
               reports: list[str] | None = None) -> dict[str, Any]:
        """Record an analyst's decision on an event (accept, reject, correct, merge with
        `other`, split off `reports`), then rebuild: the decision is a new row, never an edit."""
        from nkwatch.kb.sources import registry
        from nkwatch.store import events as event_rows

        with writing(self.engine) as conn:
            decision = event_rows.decide(conn, eid, action, author=author, note=note, value=value,
                                         other=other, reports=reports)
            event_rows.rebuild(conn, registry())
            return decision

    def decide_target(self, target_id: str, action: str, *, author: str, note: str | None,
                      value: dict[str, Any]) -> dict[str, Any]:
        """Record an analyst's target (target_add) or a change to one (target_edit)."""
        from nkwatch.store import events as event_rows

        with writing(self.engine) as conn:
            return event_rows.decide_target(conn, target_id, action, author=author, note=note,
                                            value=value)

    def decisions(self, eid: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        from nkwatch.store import events as event_rows

        with self.engine.connect() as conn:
            return event_rows.log(conn, eid, limit)

    # -- archive manifest --------------------------------------------------------------------

    def archive_done(self) -> set[str]:
        """Shards an archive run stored in full."""
        from nkwatch.store.tables import archive_shards

        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.select(archive_shards.c.shard))}

    def archive_mark(self, shard: str, documents: int) -> None:
        from nkwatch.store.tables import archive_shards

        with writing(self.engine) as conn:
            conn.execute(insert_ignore(conn, archive_shards, archive_shards.c.shard),
                         {"shard": shard, "documents": documents, "done_at": utc_now()})

    # -- analysts ---------------------------------------------------------------------------

    def add_user(self, name: str, password: str) -> None:
        from nkwatch.store import users

        with writing(self.engine) as conn:
            users.add_user(conn, name, password)

    def sign_in(self, name: str, password: str) -> tuple[str, str] | None:
        from nkwatch.store import users

        with writing(self.engine) as conn:
            return users.sign_in(conn, name, password)

    def session_user(self, session: str | None) -> tuple[str, str] | None:
        from nkwatch.store import users

        with self.engine.connect() as conn:
            return users.session_user(conn, session)

    def sign_out(self, session: str) -> None:
        from nkwatch.store import users

        with writing(self.engine) as conn:
            users.sign_out(conn, session)

    def new_token(self, name: str) -> str:
        from nkwatch.store import users

        with writing(self.engine) as conn:
            return users.new_token(conn, name)

    def token_user(self, token: str | None) -> str | None:
        from nkwatch.store import users

        with self.engine.connect() as conn:
            return users.token_user(conn, token)

    # -- extraction runs -------------------------------------------------------------------

    def documents_to_extract(self, extractor: str, version: str, *, everything: bool,
                             batch: int = 200) -> Iterator[Document]:
        """Stored documents this extractor has never read (`everything`: not at this version),
        oldest first, read a batch at a time so archives need not fit in memory."""
        last = 0
        while True:
            query = claim_rows.select_unextracted(extractor, version, everything=everything,
                                                  after=last, limit=batch)
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield to_document(row)
            last = rows[-1].seq

    def replace_machine_claims(self, doc_id: str, claims: list[Claim],
                               extractor: tuple[str, str]) -> tuple[int, int]:
        """Store a new extraction of a stored document in one transaction: new claims are added,
        earlier unreviewed machine claims it no longer makes are retracted (a new row each, the
        old ones kept), reviewed ones are left as the analyst left them, and a new claim of the
        same type over the same words as a reviewed one is not added (the analyst's version
        stands). Returns (added, retracted)."""
        try:
            with writing(self.engine) as conn:
                claims = claim_rows.not_shadowed(conn, doc_id, claims)
                added = claim_rows.add(conn, claims)
                retracted = claim_rows.retract_others(conn, doc_id, extractor, {c.id for c in claims})
                claim_rows.record_run(conn, doc_id, *extractor, len(claims))
                return added, retracted
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.where}: {migrate.reason(exc)}") from exc

    # -- change feed -----------------------------------------------------------------------

    def changes_since(self, since: str) -> dict[str, Any]:
        """What changed in the knowledge base from `since` on (a UTC timestamp written as the
        store writes them, `db.utc_now()`; compared as text), for `nkwatch export
        --changed-since`: {"events": {event id: "created" | "changed"}, "withdrawn": [...]}.

        A rebuild rewrites every events row (`updated_at`), so a row rebuilt since then is only
        a candidate: it changed when a claim row of one of its chains (a new report, an
        analyst's accept, reject or correct) or a merge or split decision on its chains is that
        recent, and it is "created" when even its earliest claim row is. "withdrawn" lists the
        event claims retracted (by a newer extractor) or rejected (by an analyst) since then,
        oldest first: {"change": "retracted" | "rejected", "claim": the claim withdrawn,
        "chain", "document", "at", "by", "note", "type", "date", "event": the event still
        holding the chain (a rejected chain stays in its rejected event) or None}.
        """
        from nkwatch.store.tables import claims, decisions, event_members, events

        rebuilt = sa.select(events.c.id).where(events.c.updated_at >= since)
        with self.engine.connect() as conn:
            spans = conn.execute(
                sa.select(event_members.c.event_id, sa.func.min(claims.c.created_at),
                          sa.func.max(claims.c.created_at))
                .join(claims, claims.c.original_id == event_members.c.chain_id)
                .where(event_members.c.event_id.in_(rebuilt))
                .group_by(event_members.c.event_id)).all()
            changed = {eid: "created" if first >= since else "changed"
                       for eid, first, last in spans if last >= since}
            decided: set[str] = set()
            for chains, other in conn.execute(
                    sa.select(decisions.c.chains, decisions.c.other)
                    .where(decisions.c.at >= since, decisions.c.action.in_(("merge", "split")))):
                decided |= {str(c) for c in (*(chains or ()), *(other or ()))}
            if decided:
                for (eid,) in conn.execute(
                        sa.select(event_members.c.event_id).distinct()
                        .where(event_members.c.chain_id.in_(sorted(decided)),
                               event_members.c.event_id.in_(rebuilt))):
                    changed.setdefault(eid, "changed")
            rows = conn.execute(
                sa.select(claims.c.supersedes, claims.c.id, claims.c.original_id,
                          claims.c.document_id, claims.c.status, claims.c.created_at,
                          claims.c.author, claims.c.note, claims.c.event_type, claims.c.event_date,
                          event_members.c.event_id)
                .outerjoin(event_members, event_members.c.chain_id == claims.c.original_id)
                .where(claims.c.kind == "event", claims.c.created_at >= since,
                       claims.c.status.in_((ClaimStatus.RETRACTED.value,
                                            ClaimStatus.REJECTED.value)))
                .order_by(claims.c.seq)).all()
        withdrawn = [{"change": r.status, "claim": r.supersedes or r.id, "chain": r.original_id,
                      "document": r.document_id, "at": r.created_at, "by": r.author,
                      "note": r.note, "type": r.event_type, "date": r.event_date,
                      "event": r.event_id} for r in rows]
        return {"events": changed, "withdrawn": withdrawn}
