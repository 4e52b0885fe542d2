"""imported stage 3 deadlines are the council's response to the panel

A statutory stage 3 is in time when the council's response to the panel is (the panel and the
chair's report have clocks of their own). The annual report now judges stage 3 on the
`council_response` deadline, as heard's own cases have it. `heard import cases` wrote the one
due date a spreadsheet gives for stage 3 under the panel's rule; that date is the one the
council measured its stage 3 against, so it is relabelled as the response's. Cases heard
logged itself keep their panel deadlines as they are.

Revision ID: 0013_stage3_response_rule
Revises: 0012_mailbox_sync
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_stage3_response_rule"
down_revision: str | None = "0012_mailbox_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMPORTED_STAGE_3 = (
    "stage_id IN (SELECT stage.id FROM stage JOIN cases ON cases.id = stage.case_id "
    "WHERE cases.imported AND stage.kind = 'statutory_3')"
)


def upgrade() -> None:
    op.execute(
        "UPDATE deadline SET rule = 'council_response' "
        f"WHERE rule = 'stage_3_panel' AND {IMPORTED_STAGE_3}"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE deadline SET rule = 'stage_3_panel' "
        f"WHERE rule = 'council_response' AND {IMPORTED_STAGE_3}"
    )
