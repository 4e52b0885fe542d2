"""indexes the annual report's period queries need on a large database: complaints received in
a period (record kind, receipt day), stages answered in a period by kind, LGSCO decisions,
advocacy offers and learning actions by date

Without them SQLite, which keeps no statistics, walks every complaint (or every stage of a
kind) to find one year's: the 1M-case report spent most of its time there.

Revision ID: 0008_report_indexes
Revises: 0005_intake_quarantine
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_report_indexes"
down_revision: str | None = "0005_intake_quarantine"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("cases", "ix_case_kind_receipt", ["record_kind", "receipt_day"]),
    ("stage", "ix_stage_kind_responded", ["kind", "responded_on"]),
    ("lgsco_case", "ix_lgsco_case_decided_on", ["decided_on"]),
    ("advocacy", "ix_advocacy_offered_on", ["offered_on"]),
    ("learning_action", "ix_learning_action_identified_on", ["identified_on"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
