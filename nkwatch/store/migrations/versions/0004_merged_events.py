"""Merged events: one row per real-world event, its member claim chains (and why each joined),
and the analyst's decisions on events, append-only (the audit trail).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_url", "documents", ["url"])  # a URL's versions
    op.create_table(
        "events",
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
    )
    for name, cols in (("ix_events_date", ["event_date", "type"]), ("ix_events_type", ["type", "event_date"]),
                       ("ix_events_sector", ["sector", "event_date"]), ("ix_events_status", ["status", "confidence"]),
                       ("ix_events_entity", ["entity_id"]), ("ix_events_programme", ["programme_id"]),
                       ("ix_events_place", ["province", "county"])):
        op.create_index(name, "events", cols)
    op.create_table(
        "event_members",
        sa.Column("chain_id", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), nullable=False, index=True),
        sa.Column("score", sa.Float),
        sa.Column("reasons", sa.JSON, nullable=False),
    )
    op.create_table(
        "decisions",
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


def downgrade() -> None:
    op.drop_index("ix_documents_url", "documents")
    op.drop_table("decisions")
    op.drop_table("event_members")
    op.drop_table("events")
