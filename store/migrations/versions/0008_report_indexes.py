"""indexes the annual report needs on a large database: covering indexes for its per-day counts
of contacts received and of stages opened and answered (with each stage's deadline), complaints
received by kind and day, LGSCO decisions, advocacy offers and learning actions by date

Without them SQLite, which keeps no statistics, walked every complaint (or every stage of a
kind) to find one year's, and read whole rows where a few columns do: the 1M-case report spent
most of its time there. Three narrower indexes give way to the covering ones that start with
the same columns.

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

# (table, index, columns now, columns before or None when new)
INDEXES = (
    (
        "cases",
        "ix_case_receipt_counts",
        ["receipt_day", "record_kind", "route", "not_logged_reason", "automated", "advocacy_offer"],
        ("ix_case_receipt_day", ["receipt_day"]),
    ),
    ("cases", "ix_case_kind_receipt", ["record_kind", "receipt_day"], None),
    (
        "stage",
        "ix_stage_kind_opened",
        ["kind", "opened_on", "case_id"],
        ("ix_stage_kind_opened", ["kind", "opened_on"]),
    ),
    (
        "stage",
        "ix_stage_kind_responded",
        ["kind", "responded_on", "case_id", "working_days_taken", "reason_for_delay"],
        None,
    ),
    (
        "deadline",
        "ix_deadline_stage_rule",
        ["stage_id", "rule", "cancelled", "due_on", "extended_to", "extension_agreed_on"],
        ("ix_deadline_stage_id", ["stage_id"]),
    ),
    ("lgsco_case", "ix_lgsco_case_decided_on", ["decided_on"], None),
    ("advocacy", "ix_advocacy_offered_on", ["offered_on"], None),
    ("learning_action", "ix_learning_action_identified_on", ["identified_on"], None),
)


def upgrade() -> None:
    for table, name, columns, before in INDEXES:
        if before is not None:
            op.drop_index(before[0], table_name=table)
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _, before in reversed(INDEXES):
        op.drop_index(name, table_name=table)
        if before is not None:
            op.create_index(before[0], table, before[1], unique=False)
