"""How far a Microsoft 365 mailbox has been read (intake/graph_source.py): the delta link for
the next round, when a round last completed, and which mailbox items are already stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from store.models import Correspondence, MailboxSync
from store.types import table_of

_MAIL = table_of(Correspondence)


def delta_link(session: Session, *, mailbox: str, folder: str) -> str | None:
    row = session.get(MailboxSync, (mailbox.lower(), folder))
    return row.delta_link if row else None


def round_completed(
    session: Session, *, mailbox: str, folder: str, delta_link: str, at: datetime
) -> None:
    """Keep the link the next round starts from; called only once every message the round
    listed is stored and marked processed, so a crash before it reads the round again."""
    row = _row(session, mailbox, folder)
    row.delta_link = delta_link
    row.last_synced_at = at
    session.add(row)


def forget_delta_link(session: Session, *, mailbox: str, folder: str) -> None:
    """Graph lost the sync state (410): the next round reads the whole folder again."""
    row = _row(session, mailbox, folder)
    row.delta_link = None
    row.full_syncs += 1
    session.add(row)


def last_synced_at(session: Session, *, mailbox: str, folder: str) -> datetime | None:
    row = session.get(MailboxSync, (mailbox.lower(), folder))
    return row.last_synced_at if row else None


def stored_sources(session: Session, source_ids: Sequence[str]) -> set[str]:
    """Which of these mailbox items are already stored as inbound mail."""
    if not source_ids:
        return set()
    statement = sa.select(_MAIL.c.source_id).where(_MAIL.c.source_id.in_(sorted(set(source_ids))))
    return {row[0] for row in session.connection().execute(statement)}


def _row(session: Session, mailbox: str, folder: str) -> MailboxSync:
    row = session.get(MailboxSync, (mailbox.lower(), folder))
    return row or MailboxSync(mailbox=mailbox.lower(), folder=folder)
