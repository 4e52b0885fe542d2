"""stage.delay_reason_for_complainant: why a late response is late, as the complainant reads it
in the response letter. stage.reason_for_delay stays staff's own words (it may name a child or
a worker) for the audit trail and the annual report; it never reaches a letter (issue 23)

Revision ID: 0033_delay_reason_told
Revises: 0032_stage_report_of_the_case
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033_delay_reason_told"
down_revision: str | None = "0032_stage_report_of_the_case"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): SQLite needs no table rebuild, so no trigger is lost.
    op.add_column(
        "stage",
        sa.Column("delay_reason_for_complainant", sa.String(length=1000), nullable=True),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild drops and recreates the table, which
    # rows of other tables refer to, and SQLite refuses the DROP TABLE once there are any.
    op.drop_column("stage", "delay_reason_for_complainant")
