"""The audit log, the outbox and reminders: rows that workers claim, and who did what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from store.types import enum_column, utc_column, utcnow


class AuditEntry(SQLModel, table=True):
    """Append-only (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_case_at", "case_id", "at"),
        # `heard audit staff --by`: one person's entries, in order, without reading the log
        sa.Index("ix_audit_actor_at", "actor", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    actor: str = Field(max_length=80)  # "slack:U123", "smtp", "scheduler", "cli:<user>"
    action: str = Field(max_length=60)
    before: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    reason: str | None = Field(default=None, max_length=1000)
    # The key of its personal part in audit_detail, when it had one (store/audit.py).
    detail: str | None = Field(default=None, max_length=32)


class AuditDetail(SQLModel, table=True):
    """The personal part of an audit entry (names, addresses, search words, free-text reasons),
    kept apart from the append-only row so that retention can delete it while the row still
    says who did what to the case, and when. Retention deletes a case's details; a search's
    (case_id NULL) go when every case its results listed has gone, or after the schedule's
    shortest period when it listed none."""

    __tablename__ = "audit_detail"

    key: str = Field(primary_key=True, max_length=32)
    case_id: int | None = Field(default=None, index=True)
    at: datetime = Field(sa_column=utc_column())
    before: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    reason: str | None = Field(default=None, max_length=1000)


class OutboxMessage(SQLModel, table=True):
    """An email or Slack call we owe someone; sent by a worker, retried until it goes or fails."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index(
            "ix_outbox_pending",
            "next_attempt_at",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
        sa.Index("ix_outbox_target_id", "target", "id"),
        sa.Index(
            "ix_outbox_pending_target",
            "target",
            "priority",
            "id",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    kind: OutboxKind = Field(sa_column=enum_column(OutboxKind))
    purpose: OutboxPurpose = Field(sa_column=enum_column(OutboxPurpose))
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_column=enum_column(OutboxStatus))
    # Higher goes first (store/outbox.py's Priority): a MASH referral, then staff's own actions,
    # then everything a flood of new contacts queues.
    priority: int = Field(
        default=0, sa_column=sa.Column(sa.SmallInteger, nullable=False, server_default="0")
    )
    dedupe_key: str = Field(max_length=200, unique=True)
    target: str = Field(max_length=320)  # email address or Slack channel: ordering and pacing
    payload: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_error: str | None = Field(default=None, max_length=1000)
    result: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Reminder(SQLModel, table=True):
    """A chaser or escalation due at a moment; written when a deadline is set or changed."""

    __table_args__ = (
        sa.Index(
            "ix_reminder_due",
            "due_at",
            sqlite_where=sa.text("done_at IS NULL"),
            postgresql_where=sa.text("done_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)
    kind: str = Field(max_length=60)
    recipient: str | None = Field(default=None, max_length=320)
    dedupe_key: str = Field(max_length=200, unique=True)
    due_at: datetime = Field(sa_column=utc_column())
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    details: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
