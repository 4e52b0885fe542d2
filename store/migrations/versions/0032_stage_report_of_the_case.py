"""stage_report.stage_id may be empty: Change triage may remove the stage 2 a report was kept
on (a historic complaint staff started at stage 2) and open a stage that is not a stage 2; the
report is then the case's alone, as a removed stage's costs and remedies are (issue 23)

Revision ID: 0032_stage_report_of_the_case
Revises: 0031_stage_report
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_stage_report_of_the_case"
down_revision: str | None = "0031_stage_report"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stage_report") as batch:
        batch.alter_column("stage_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # A report with no stage goes back to its case's latest stage 2; where the case has none the
    # column stays empty and the downgrade fails rather than delete a report.
    op.execute(
        "UPDATE stage_report SET stage_id = (SELECT MAX(stage.id) FROM stage"
        " WHERE stage.case_id = stage_report.case_id AND stage.kind = 'statutory_2')"
        " WHERE stage_id IS NULL"
    )
    with op.batch_alter_table("stage_report") as batch:
        batch.alter_column("stage_id", existing_type=sa.Integer(), nullable=False)
