"""recommendation_update: each step on an Ombudsman recommendation (progress, completed with
its evidence, not completed with why), as learning_update keeps a learning action's; Slack's
card can now record them (issue 23)

Revision ID: 0030_recommendation_update
Revises: 0029_plain_person_email
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0030_recommendation_update"
down_revision: str | None = "0029_plain_person_email"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lgsco_recommendation_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "outstanding",
                "completed",
                "not_completed",
                name="recommendationstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(["recommendation_id"], ["lgsco_recommendation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_lgsco_recommendation_update_recommendation_id",
        "lgsco_recommendation_update",
        ["recommendation_id"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_lgsco_recommendation_update_recommendation_id",
        table_name="lgsco_recommendation_update",
    )
    op.drop_table("lgsco_recommendation_update")
