"""Issue categories and complainant types are the council's own lists: plain strings

The rule file (category_list, complainant_type_list) owns the values, so the columns hold any
identifier up to 60 characters rather than a closed enum of 40. Existing values stay valid.

Revision ID: 0006_triage_lists
Revises: 0007_reports
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_triage_lists"
down_revision: str | None = "0007_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("issue", "category"), ("cases", "complainant_type"), ("person", "complainant_type"))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.String(40), type_=sa.String(60), existing_nullable=False
            )


def downgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.String(60), type_=sa.String(40), existing_nullable=False
            )
