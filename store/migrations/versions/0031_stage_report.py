"""stage_report: a statutory stage 2's investigating officer's and independent person's
reports, uploaded by staff and kept like inbound attachments (sealed at rest when keys are
set); `enclosed` says the stage 2 response carries a copy (staff chose it) (issue 23)

Revision ID: 0031_stage_report
Revises: 0030_recommendation_update
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision: str = "0031_stage_report"
down_revision: str | None = "0030_recommendation_update"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stage_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("io", "ip", name="reportkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("enclosed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stage_report_case_id", "stage_report", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_stage_report_case_id", table_name="stage_report")
    op.drop_table("stage_report")
