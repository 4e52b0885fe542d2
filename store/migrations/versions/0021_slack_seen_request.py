"""slack_seen_request: signed Slack requests already handled, for the 5-minute window, shared
by every process and kept across a restart (issue 29 item 11)

Revision ID: 0021_slack_seen_request
Revises: 0020_case_event_on
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0021_slack_seen_request"
down_revision: str | None = "0020_case_event_on"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_seen_request",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("seen_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_slack_seen_request_seen_at", "slack_seen_request", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_seen_request_seen_at", table_name="slack_seen_request")
    op.drop_table("slack_seen_request")
