"""stages and deadlines indexed in case order for the annual report's merge joins on PostgreSQL

The report counts every stage answered in eight years with its case (automated mail is not
counted; a stage 1 is a complaint's, not a professional complaint's) and its deadline (in time,
extended or late). PostgreSQL hashed a million cases and then the joined stages to match
deadlines, about a second of CPU at 1M cases. With stages and deadlines indexed by case, as the
cases are by ix_case_report_join, it merges three index-only scans in case order instead.
Each new index starts with case_id, so it replaces the plain index on case_id it extends.

Revision ID: 0010_report_case_order
Revises: 0009_case_report_join
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_report_case_order"
down_revision: str | None = "0009_case_report_join"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index, columns, the index on case_id it replaces)
INDEXES = (
    (
        "stage",
        "ix_stage_case_report",
        [
            "case_id", "id", "kind", "opened_on", "responded_on", "working_days_taken",
            "reason_for_delay",
        ],
        "ix_stage_case_id",
    ),
    (
        "deadline",
        "ix_deadline_case_stage",
        [
            "case_id", "stage_id", "rule", "cancelled", "due_on", "extended_to",
            "extension_agreed_on",
        ],
        "ix_deadline_case_id",
    ),
)  # fmt: skip


def upgrade() -> None:
    for table, name, columns, replaced in INDEXES:
        op.create_index(name, table, columns, unique=False)
        op.drop_index(replaced, table_name=table)


def downgrade() -> None:
    for table, name, _, replaced in reversed(INDEXES):
        op.create_index(replaced, table, ["case_id"], unique=False)
        op.drop_index(name, table_name=table)
