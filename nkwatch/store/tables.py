"""The tables, as SQLAlchemy Core. Only the store imports this module.

Documents and claims carry an integer `seq` primary key beside their string id: SQLite's FTS5
index needs an integer rowid, and `seq` gives a stable insertion order for "latest decision".
Full-text search columns are dialect-specific and live in the migration, not here.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("reliability", sa.String(1), nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text, index=True),  # ix_documents_url: a URL's versions
    sa.Column("publisher", sa.Text, index=True),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("source_type", sa.String(20), nullable=False),
    sa.Column("source_id", sa.String(32), sa.ForeignKey("sources.id")),
    sa.Column("language", sa.String(16)),
    sa.Column("origin", sa.Text),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("near_duplicate_of", sa.String(32), sa.ForeignKey("documents.id"), index=True),
    # MinHash signature (num_perm uint32 values) so the LSH index can be rebuilt on open.
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("added_at", sa.String(32), nullable=False),
)

sightings = sa.Table(
    "sightings",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("location", sa.Text, nullable=False),  # URL or file path; "" when unknown
    sa.Column("first_seen", sa.String(32), nullable=False),
    sa.Column("last_seen", sa.String(32), nullable=False),
    sa.UniqueConstraint("document_id", "location", name="uq_sightings_document_location"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False,
              index=True),
    # The first claim of a review chain; every row of one chain shares it.
    sa.Column("original_id", sa.String(32), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("supersedes", sa.String(32), sa.ForeignKey("claims.id")),
    sa.Column("author", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("created_at", sa.String(32), nullable=False),
    # Copied from `value` at insert so listing filters and sorts on an index, not on JSON.
    sa.Column("event_type", sa.String(32)),
    sa.Column("event_date", sa.String(10)),
    sa.Column("sector", sa.String(32)),
    # True on the newest row of its chain only: "the current decision" without a GROUP BY.
    sa.Column("is_head", sa.Boolean, nullable=False, server_default=sa.true()),
    # One index per way `events list` filters, each in its sort order: a page is an index walk.
    sa.Index("ix_claims_listing", "kind", "is_head", "event_date", "event_type"),
    sa.Index("ix_claims_by_type", "kind", "is_head", "event_type", "event_date"),
    sa.Index("ix_claims_by_sector", "kind", "is_head", "sector", "event_date"),
)

# One row per document and extractor version that read it, events found or not, so
# `extract --stored` knows what is left to do.
extraction_runs = sa.Table(
    "extraction_runs",
    metadata,
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("extractor", sa.String(64), primary_key=True),
    sa.Column("extractor_version", sa.String(64), primary_key=True),
    sa.Column("claims", sa.Integer, nullable=False),
    sa.Column("run_at", sa.String(32), nullable=False),
)

# The pack records a claim is about, from its value's `entities` (nkwatch/extract/link.py), and
# candidate names not in the pack (entity_id "candidate:<name as a key>"): one indexed lookup
# lists a record's events.
claim_links = sa.Table(
    "claim_links",
    metadata,
    sa.Column("claim_id", sa.String(32), sa.ForeignKey("claims.id"), primary_key=True),
    sa.Column("entity_id", sa.String(160), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),
    sa.Index("ix_claim_links_entity", "entity_id"),
)

# One row per real-world event: the merged view of claim chains from many documents, rebuilt
# from the claims and the analyst's decisions (nkwatch/store/events.py). `text` holds the words
# of its reports' sentences, for `events list --text`.
events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("event_date", sa.String(10)),
    sa.Column("province", sa.Text),
    sa.Column("county", sa.Text),
    sa.Column("facility", sa.Text),
    sa.Column("entity_id", sa.String(160)),
    sa.Column("programme_id", sa.String(160)),
    sa.Column("sector", sa.String(32)),
    sa.Column("leader", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("credibility", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("ix_events_date", "event_date", "type"),
    sa.Index("ix_events_type", "type", "event_date"),
    sa.Index("ix_events_sector", "sector", "event_date"),
    sa.Index("ix_events_status", "status", "confidence"),
    sa.Index("ix_events_entity", "entity_id"),
    sa.Index("ix_events_programme", "programme_id"),
    sa.Index("ix_events_place", "province", "county", "event_date", "type"),
    sa.Index("ix_events_confidence", "confidence"),
)

# Which claim chains (claims.original_id) make up each event, and why each joined.
event_members = sa.Table(
    "event_members",
    metadata,
    sa.Column("chain_id", sa.String(32), primary_key=True),
    sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("score", sa.Float),
    sa.Column("reasons", sa.JSON, nullable=False),
)

# The analyst's decisions on events, never updated or deleted: accept, reject, correct, merge,
# split. `chains` are the event's member chains when decided (a decision follows its chains
# through later rebuilds); `other` the chains merged in or split off.
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("event_id", sa.String(32), nullable=False, index=True),
    sa.Column("chains", sa.JSON, nullable=False),
    sa.Column("other", sa.JSON, nullable=False),
    sa.Column("value", sa.JSON),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("at", sa.String(32), nullable=False),
)

# Analysts who may write through the web interface (`nkwatch users add`), their sessions and
# API tokens: only scrypt hashes of passwords, session ids and tokens are kept.
users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), sa.ForeignKey("users.name"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), sa.ForeignKey("users.name"), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

# The archive manifest: shards (input files) whose documents an archive run stored in full.
archive_shards = sa.Table(
    "archive_shards",
    metadata,
    sa.Column("shard", sa.Text, primary_key=True),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("done_at", sa.String(32), nullable=False),
)
