"""case_example: the short anonymised example of a complaint or compliment staff choose for the
annual report, with who chose it and when (issue 24).

Revision ID: 0025_case_example
Revises: 0024_send_and_read_priority
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_case_example"
down_revision: str | None = "0024_send_and_read_priority"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_example",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("chosen_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_index("ix_case_example_chosen_on", "case_example", ["chosen_on"])


def downgrade() -> None:
    op.drop_index("ix_case_example_chosen_on", table_name="case_example")
    op.drop_table("case_example")
