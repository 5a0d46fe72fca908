"""Indexes for the dashboard's lists of merged events: a county's events in date order, and
events by confidence (the review queue's order) without a sort of the whole table.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_place", "events")
    op.create_index("ix_events_place", "events", ["province", "county", "event_date", "type"])
    op.create_index("ix_events_confidence", "events", ["confidence"])


def downgrade() -> None:
    op.drop_index("ix_events_confidence", "events")
    op.drop_index("ix_events_place", "events")
    op.create_index("ix_events_place", "events", ["province", "county"])
