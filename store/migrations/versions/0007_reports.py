"""cases.imported: cases loaded from past years' spreadsheets, counted but never chased;
indexes for the reports' "received in" and "answered in" a period

Revision ID: 0007_reports
Revises: 0004_casework
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_reports"
down_revision: str | None = "0004_casework"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_case_receipt_day", ["receipt_day"], unique=False)
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.create_index("ix_stage_responded", ["responded_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.drop_index("ix_stage_responded")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_case_receipt_day")
        batch_op.drop_column("imported")
