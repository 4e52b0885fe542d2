"""slack_card_post: every channel a case's card was posted to, with its ts, so every card of a
case is updated after a change (team channels' cards kept no ts and went stale; issue 23 item
3). The triage channel's cards already posted are copied in from cases.slack_channel/slack_ts.

Revision ID: 0023_slack_card_post
Revises: 0022_letter_texts
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_slack_card_post"
down_revision: str | None = "0022_letter_texts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_card_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "channel", name="uq_slack_card_post"),
    )
    op.create_index("ix_slack_card_post_case_id", "slack_card_post", ["case_id"])
    op.execute(
        "INSERT INTO slack_card_post (case_id, channel, ts, kind) "
        "SELECT id, slack_channel, slack_ts, 'triage' FROM cases "
        "WHERE slack_ts IS NOT NULL AND slack_channel IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_slack_card_post_case_id", table_name="slack_card_post")
    op.drop_table("slack_card_post")
