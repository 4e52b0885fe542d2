"""letter_texts: what staff write for the complainant, kept apart from internal notes: each
issue's finding at a stage (the response letter quotes it) and the reason for an extension as
the complainant is told it (issue 23 item 2)

Revision ID: 0022_letter_texts
Revises: 0021_slack_seen_request
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_letter_texts"
down_revision: str | None = "0021_slack_seen_request"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): SQLite needs no table rebuild, so no trigger is lost.
    op.add_column("issue_outcome", sa.Column("finding", sa.String(length=4000), nullable=True))
    op.add_column(
        "deadline",
        sa.Column("extension_reason_for_complainant", sa.String(length=1000), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("extension_reason_for_complainant")
    with op.batch_alter_table("issue_outcome") as batch:
        batch.drop_column("finding")
