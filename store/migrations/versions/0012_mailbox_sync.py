"""Microsoft 365 mailboxes read through Graph: where each message came from (unique, so a
mailbox item is stored once whatever happens between storing it and marking it processed) and
the delta link from which the next round of reading starts

Revision ID: 0012_mailbox_sync
Revises: 0011_web_sessions
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0012_mailbox_sync"
down_revision: str | None = "0011_web_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_id", sa.String(length=600), nullable=True))
        batch_op.create_index("ix_correspondence_source_id", ["source_id"], unique=True)
    op.create_table(
        "mailbox_sync",
        sa.Column("mailbox", sa.String(length=320), nullable=False),
        sa.Column("folder", sa.String(length=100), nullable=False),
        sa.Column("delta_link", sa.Text(), nullable=True),
        sa.Column("last_synced_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("full_syncs", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("mailbox", "folder"),
    )


def downgrade() -> None:
    op.drop_table("mailbox_sync")
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.drop_index("ix_correspondence_source_id")
        batch_op.drop_column("source_id")
