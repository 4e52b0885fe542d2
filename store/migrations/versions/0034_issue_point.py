"""issue.point: what the complainant raised on an issue triage could not categorise, in a line
staff wrote for them; the response letter heads that issue's finding with it, where it said
'Something else you raised' (issue 23)

Revision ID: 0034_issue_point
Revises: 0033_delay_reason_told
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034_issue_point"
down_revision: str | None = "0033_delay_reason_told"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): SQLite needs no table rebuild, so no trigger is lost.
    op.add_column("issue", sa.Column("point", sa.String(length=300), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild drops and recreates the table, which
    # rows of other tables refer to, and SQLite refuses the DROP TABLE once there are any.
    op.drop_column("issue", "point")
