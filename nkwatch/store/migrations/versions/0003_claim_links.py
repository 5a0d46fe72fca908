"""Claims link to the pack records they are about (facility, system, programme, organizations,
partners) and to candidate names not yet in the pack, so a record's events are one indexed query.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_links",
        sa.Column("claim_id", sa.String(32), sa.ForeignKey("claims.id"), primary_key=True),
        sa.Column("entity_id", sa.String(160), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
    )
    op.create_index("ix_claim_links_entity", "claim_links", ["entity_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_links_entity", "claim_links")
    op.drop_table("claim_links")
