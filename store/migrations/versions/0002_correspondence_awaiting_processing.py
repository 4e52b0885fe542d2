"""inbound mail is read in full after the 250: mark what is still to be read

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "awaiting_processing", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_index(
            "ix_correspondence_awaiting",
            ["id"],
            unique=False,
            sqlite_where=sa.text("awaiting_processing = 1"),
            postgresql_where=sa.text("awaiting_processing"),
        )


def downgrade() -> None:
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.drop_index("ix_correspondence_awaiting")
        batch_op.drop_column("awaiting_processing")
