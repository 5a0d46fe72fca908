"""The archive manifest: which shards (input files) an archive run has stored in full, so a run
that stopped resumes where it stopped.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_shards",
        sa.Column("shard", sa.Text, primary_key=True),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("done_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("archive_shards")
