"""Issue categories and complainant types are the council's own lists: plain strings; and
staff corrections of triage are recorded per rule

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
    op.create_table(
        "triage_correction",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("proposed", sa.String(200), nullable=True),
        sa.Column("corrected", sa.String(200), nullable=True),
        sa.Column("rule_id", sa.String(80), nullable=False),
        sa.Column("why", sa.String(1000), nullable=False),
    )
    op.create_index("ix_triage_correction_case_id", "triage_correction", ["case_id"])
    op.create_index("ix_triage_correction_rule", "triage_correction", ["rule_id"])


def downgrade() -> None:
    op.drop_index("ix_triage_correction_rule", table_name="triage_correction")
    op.drop_index("ix_triage_correction_case_id", table_name="triage_correction")
    op.drop_table("triage_correction")
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.String(60), type_=sa.String(40), existing_nullable=False
            )
