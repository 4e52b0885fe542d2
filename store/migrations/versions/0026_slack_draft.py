"""slack_draft: what staff typed in Slack's Record response, kept server-side while they check
the letter before Send (private_metadata holds 3,000 characters; issue 23 item 2)

Revision ID: 0026_slack_draft
Revises: 0025_case_example
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0026_slack_draft"
down_revision: str | None = "0025_case_example"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_draft",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("user", sa.String(length=40), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("expires_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_slack_draft_expires_at", "slack_draft", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_draft_expires_at", table_name="slack_draft")
    op.drop_table("slack_draft")
