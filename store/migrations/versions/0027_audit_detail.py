"""audit_detail: the personal part of each audit entry kept apart from the append-only row, so
retention can delete it (issue 27). Existing entries are split the way new ones are: the one
time an audit row is rewritten, with the append-only triggers lifted for this migration only.

Revision ID: 0027_audit_detail
Revises: 0026_slack_draft
Create Date: 2026-12-06
"""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import store.types
from store import audit

revision: str = "0027_audit_detail"
down_revision: str | None = "0026_slack_draft"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    for event in ("UPDATE", "DELETE")
]


def upgrade() -> None:
    op.create_table(
        "audit_detail",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_audit_detail_case_id", "audit_detail", ["case_id"])
    op.add_column("audit_log", sa.Column("detail", sa.String(length=32), nullable=True))
    _rewriting_audit_log(_split_existing)


def downgrade() -> None:
    _rewriting_audit_log(_merge_back)
    op.drop_column("audit_log", "detail")
    op.drop_index("ix_audit_detail_case_id", table_name="audit_detail")
    op.drop_table("audit_detail")


def _rewriting_audit_log(work: Any) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
        work(bind)
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    work(bind)
    for statement in _SQLITE_TRIGGERS:
        op.execute(statement)


def _tables() -> tuple[sa.Table, sa.Table]:
    metadata = sa.MetaData()
    log = sa.Table(
        "audit_log",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer),
        sa.Column("at", store.types.UTCDateTime(timezone=True)),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.String(1000)),
        sa.Column("detail", sa.String(32)),
    )
    detail = sa.Table(
        "audit_detail",
        metadata,
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.Integer),
        sa.Column("at", store.types.UTCDateTime(timezone=True)),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.String(1000)),
    )
    return log, detail


def _split_existing(bind: sa.Connection) -> None:
    log, detail = _tables()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(log)
            .where(
                log.c.id > last,
                sa.or_(
                    log.c.before.is_not(None), log.c.after.is_not(None), log.c.reason.is_not(None)
                ),
            )
            .order_by(log.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        details, updates = [], []
        for row in rows:
            kept_before, personal_before = audit.split(row.before)
            kept_after, personal_after = audit.split(row.after)
            if not (personal_before or personal_after or row.reason):
                continue
            key = uuid.uuid4().hex
            details.append(
                {
                    "key": key,
                    "case_id": row.case_id,
                    "at": row.at,
                    "before": personal_before or None,
                    "after": personal_after or None,
                    "reason": row.reason,
                }
            )
            updates.append(
                {
                    "row_id": row.id,
                    "new_before": kept_before,
                    "new_after": kept_after,
                    "new_reason": audit.REMOVED if row.reason else None,
                    "new_detail": key,
                }
            )
        if details:
            bind.execute(sa.insert(detail), details)
            bind.execute(
                sa.update(log)
                .where(log.c.id == sa.bindparam("row_id"))
                .values(
                    before=sa.bindparam("new_before"),
                    after=sa.bindparam("new_after"),
                    reason=sa.bindparam("new_reason"),
                    detail=sa.bindparam("new_detail"),
                ),
                updates,
            )


def _merge_back(bind: sa.Connection) -> None:
    """Downgrading puts each kept personal part back in its row (a part retention deleted
    stays REMOVED)."""
    log, detail = _tables()
    rows = bind.execute(
        sa.select(log.c.id, log.c.before, log.c.after, detail.c.before, detail.c.after)
        .add_columns(detail.c.reason)
        .join(detail, detail.c.key == log.c.detail)
    ).all()
    updates = [
        {
            "row_id": row[0],
            "new_before": {**(row[1] or {}), **(row[3] or {})} or None,
            "new_after": {**(row[2] or {}), **(row[4] or {})} or None,
            "new_reason": row[5],
        }
        for row in rows
    ]
    if updates:
        bind.execute(
            sa.update(log)
            .where(log.c.id == sa.bindparam("row_id"))
            .values(
                before=sa.bindparam("new_before"),
                after=sa.bindparam("new_after"),
                reason=sa.bindparam("new_reason"),
            ),
            updates,
        )
