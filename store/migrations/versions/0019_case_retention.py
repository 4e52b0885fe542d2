"""case_retention: a case's legal hold, the review of its safeguarding flag and when its
personal data was removed under the council's retention schedule (issue 27)

Revision ID: 0019_case_retention
Revises: 0018_outbox_purpose
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0019_case_retention"
down_revision: str | None = "0018_outbox_purpose"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_retention",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("hold_reason", sa.String(length=1000), nullable=True),
        sa.Column("held_since", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("held_by", sa.String(length=80), nullable=True),
        sa.Column("reviewed_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("review_note", sa.String(length=1000), nullable=True),
        sa.Column("anonymised_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    op.drop_table("case_retention")
