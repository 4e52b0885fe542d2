"""What /readyz and /metrics read from the database: the schema's revision, and the figures an
operator watches (open cases, mail and Slack calls waiting, reminders due). Counts only: no
row's content is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from cases.enums import OutboxStatus
from cases.kinds import LIVE_STATUSES
from store.models import Case, MailboxSync, OutboxMessage, Reminder
from store.types import table_of

_CASES = table_of(Case)
_OUTBOX = table_of(OutboxMessage)
_REMINDERS = table_of(Reminder)
_SYNC = table_of(MailboxSync)


def schema_revision(connection: sa.Connection) -> str | None:
    """The revision in alembic_version; raises when the database cannot be reached."""
    rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


@dataclass(frozen=True)
class Figures:
    cases_open: int
    outbox_pending: int
    outbox_oldest: datetime | None  # when the oldest message still waiting was queued
    reminders_due: int


def operational_figures(connection: sa.Connection, *, now: datetime) -> Figures:
    cases_open = connection.execute(
        sa.select(sa.func.count()).where(
            _CASES.c.status.in_([status.value for status in LIVE_STATUSES])
        )
    ).scalar_one()
    pending, oldest = connection.execute(
        sa.select(sa.func.count(), sa.func.min(_OUTBOX.c.created_at)).where(
            _OUTBOX.c.status == OutboxStatus.PENDING.value
        )
    ).one()
    due = connection.execute(
        sa.select(sa.func.count()).where(_REMINDERS.c.done_at.is_(None), _REMINDERS.c.due_at <= now)
    ).scalar_one()
    return Figures(
        cases_open=int(cases_open),
        outbox_pending=int(pending),
        outbox_oldest=oldest,
        reminders_due=int(due),
    )


def mailbox_last_synced(connection: sa.Connection, *, mailbox: str, folder: str) -> datetime | None:
    return connection.execute(
        sa.select(_SYNC.c.last_synced_at).where(
            _SYNC.c.mailbox == mailbox.lower(), _SYNC.c.folder == folder
        )
    ).scalar_one_or_none()
