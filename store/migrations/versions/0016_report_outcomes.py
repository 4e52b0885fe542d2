"""the annual report's indexes cover outcomes, manager contact and historic complaints

The report now counts each stage answered by its outcome, its working days (within 10, within
20, beyond) and whether a manager called or met the complainant. The indexes the report's
count of answered stages walks (SQLite: ix_stage_kind_responded, in day and outcome order;
PostgreSQL: ix_stage_case_report, merged in case order) gain those columns, so the count still
reads the index alone. Historic complaints get a partial index of their own: they are few.

Revision ID: 0016_report_outcomes
Revises: 0015_letters_by_post
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_report_outcomes"
down_revision: str | None = "0015_letters_by_post"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = {
    "ix_stage_kind_responded": [
        "kind", "responded_on", "case_id", "working_days_taken", "reason_for_delay",
    ],
    "ix_stage_case_report": [
        "case_id", "id", "kind", "opened_on", "responded_on", "working_days_taken",
        "reason_for_delay",
    ],
}  # fmt: skip
AFTER = {
    "ix_stage_kind_responded": [
        "kind", "responded_on", "outcome", "case_id", "working_days_taken", "reason_for_delay",
        "manager_contacted",
    ],
    "ix_stage_case_report": [
        "case_id", "id", "kind", "opened_on", "responded_on", "outcome", "working_days_taken",
        "reason_for_delay", "manager_contacted",
    ],
}  # fmt: skip


def _replace(indexes: dict[str, list[str]]) -> None:
    for name, columns in indexes.items():
        op.drop_index(name, table_name="stage")
        op.create_index(name, "stage", columns, unique=False)


def upgrade() -> None:
    _replace(AFTER)
    op.create_index(
        "ix_case_historic",
        "cases",
        ["receipt_day"],
        unique=False,
        sqlite_where=sa.text("historic = 1"),
        postgresql_where=sa.text("historic"),
    )


def downgrade() -> None:
    op.drop_index("ix_case_historic", table_name="cases")
    _replace(BEFORE)
