"""case_event_on: the day of the event complained of, or of the complainant's awareness of
it, as staff give it; the 12-month time limit runs from it (issue 23 item 3)

Revision ID: 0020_case_event_on
Revises: 0019_case_retention
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_case_event_on"
down_revision: str | None = "0019_case_retention"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("event_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: rebuilding `cases` drops the table
    # every other table's foreign keys point at, which SQLite refuses while foreign keys are on.
    op.drop_column("cases", "event_on")
