"""outbox.priority and correspondence.reading_priority: what goes first in a flood (issue 29,
moderate 12 and the minor item on disclosures). A MASH referral is sent before a staff action's
card update, which is sent before the thousands of new cards and acknowledgements a flood
queues; a message whose text trips the safeguarding pre-scan is read before other waiting
mail. `ix_outbox_pending_target` finds each channel's next post among pending rows only.

Revision ID: 0024_send_and_read_priority
Revises: 0023_slack_card_post
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_send_and_read_priority"
down_revision: str | None = "0023_slack_card_post"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default: SQLite needs no table rebuild, so no trigger is lost.
    op.add_column(
        "outbox", sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="0")
    )
    op.add_column(
        "correspondence",
        sa.Column("reading_priority", sa.SmallInteger(), nullable=False, server_default="0"),
    )
    op.create_index(
        "ix_outbox_pending_target",
        "outbox",
        ["target", "priority", "id"],
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_pending_target", table_name="outbox")
    with op.batch_alter_table("correspondence") as batch:
        batch.drop_column("reading_priority")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("priority")
