"""a narrow index on cases for the report's joins to them: (id, record_kind, automated)

Every report count of stages, issues, LGSCO cases and learning joins to the case only to keep
automated mail out and, for stages, to tell a complaint's stage 1 from a professional
complaint's. PostgreSQL hashes the cases for those joins; without this index it read the whole
heap of the widest table (about 0.4–0.7 s a query at 1M cases), with it an index-only scan of
three small columns. SQLite looks the case up by rowid as before or reads the same narrow index.

Revision ID: 0009_case_report_join
Revises: 0008_report_indexes
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_case_report_join"
down_revision: str | None = "0008_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_case_report_join", "cases", ["id", "record_kind", "automated"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_report_join", table_name="cases")
