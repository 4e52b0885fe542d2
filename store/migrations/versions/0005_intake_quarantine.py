"""inbound mail that cannot be processed is retried a bounded number of times, then
quarantined for staff (kept, with the reason) instead of blocking the queue

Revision ID: 0005_intake_quarantine
Revises: 0006_triage_lists
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0005_intake_quarantine"
down_revision: str | None = "0006_triage_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("processing_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("quarantined_at", store.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("quarantine_reason", sa.Text(), nullable=True))
        batch_op.create_index(
            "ix_correspondence_quarantined",
            ["id"],
            unique=False,
            sqlite_where=sa.text("quarantined_at IS NOT NULL"),
            postgresql_where=sa.text("quarantined_at IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.drop_index("ix_correspondence_quarantined")
        batch_op.drop_column("quarantine_reason")
        batch_op.drop_column("quarantined_at")
        batch_op.drop_column("processing_attempts")
