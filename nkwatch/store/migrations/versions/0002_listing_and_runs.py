"""Claims carry their event's type, date and sector and whether they head their chain, so
listing is one indexed query; extraction runs are recorded per document and extractor version.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("event_type", sa.String(32)))
    op.add_column("claims", sa.Column("event_date", sa.String(10)))
    op.add_column("claims", sa.Column("sector", sa.String(32)))
    op.add_column("claims", sa.Column("is_head", sa.Boolean, nullable=False, server_default=sa.true()))
    if op.get_bind().dialect.name == "postgresql":
        field = "value->>'{}'"
    else:
        field = "json_extract(value, '$.{}')"
    op.execute(f"UPDATE claims SET event_type = {field.format('type')}, "
               f"event_date = {field.format('date')}, sector = {field.format('sector')}")
    op.execute("UPDATE claims SET is_head = (seq = (SELECT max(c2.seq) FROM claims c2 "
               "WHERE c2.original_id = claims.original_id))")
    op.create_index("ix_claims_listing", "claims", ["kind", "is_head", "event_date", "event_type"])
    op.create_index("ix_claims_by_type", "claims", ["kind", "is_head", "event_type", "event_date"])
    op.create_index("ix_claims_by_sector", "claims", ["kind", "is_head", "sector", "event_date"])
    op.create_table(
        "extraction_runs",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("extractor", sa.String(64), primary_key=True),
        sa.Column("extractor_version", sa.String(64), primary_key=True),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("run_at", sa.String(32), nullable=False),
    )
    # Documents extracted before runs were recorded: their claims say which version read them.
    op.execute("INSERT INTO extraction_runs (document_id, extractor, extractor_version, claims, run_at) "
               "SELECT document_id, extractor, extractor_version, count(*), min(created_at) FROM claims "
               "WHERE supersedes IS NULL GROUP BY document_id, extractor, extractor_version")


def downgrade() -> None:
    op.drop_table("extraction_runs")
    for index in ("ix_claims_listing", "ix_claims_by_type", "ix_claims_by_sector"):
        op.drop_index(index, "claims")
    with op.batch_alter_table("claims") as batch:
        for column in ("is_head", "sector", "event_date", "event_type"):
            batch.drop_column(column)
