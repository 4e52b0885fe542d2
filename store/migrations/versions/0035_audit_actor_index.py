"""ix_audit_actor_at: the audit log by who acted and when, so `heard audit staff --by` reads one
member of staff's entries in order instead of the whole log (store/staff_activity.py)

Revision ID: 0035_audit_actor_index
Revises: 0034_issue_point
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0035_audit_actor_index"
down_revision: str | None = "0034_issue_point"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_actor_at", "audit_log", ["actor", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_actor_at", table_name="audit_log")
