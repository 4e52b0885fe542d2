"""The reading queue: contacts no member of staff has opened yet, oldest first, in Core.

A read is a `case viewed` entry in the audit log (casework/reading.py: the web's case page,
Slack's View details, `heard cases show`). Every contact counts, whatever triage proposed: a
contact triage did not log (a disclosure and nothing else, a proposal that it is out of time)
is read by a person all the same. A mail that arrives on a case after its last read (a reply
on a case everyone has read) puts the case back in it until someone opens it again. Automated
mail, imported cases and cases staff closed or withdrew are not in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from cases.enums import AuditAction, CaseStatus, Direction
from store.models import Correspondence
from store.types import UTCDateTime, table_of

# Waiting to be read: open, or not logged by triage (nobody has looked at it to say so).
WAITING_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.OPEN,
    CaseStatus.RESPONDED,
    CaseStatus.NOT_LOGGED,
)

_CASES = sa.table(
    "cases",
    sa.column("id", sa.Integer()),
    sa.column("reference", sa.String()),
    sa.column("status", sa.String()),
    sa.column("received_at", UTCDateTime()),
    sa.column("safeguarding", sa.Boolean()),
    sa.column("automated", sa.Boolean()),
    sa.column("imported", sa.Boolean()),
)
_AUDIT = sa.table(
    "audit_log",
    sa.column("case_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("reason", sa.String()),
    sa.column("at", UTCDateTime()),
)
_MAIL = table_of(Correspondence)


@dataclass(frozen=True, slots=True)
class UnreadCase:
    id: int
    reference: str
    received_at: datetime
    safeguarding: bool  # referred to the MASH by the tripwire
    held: bool  # no automatic mail went to the sender: staff decide how to reply


def not_yet_read(cases: sa.TableClause = _CASES) -> sa.ColumnElement[bool]:
    """The condition over `cases` (another query's own clause of the cases table, which
    needs the columns id, status, automated and imported)."""
    viewed = sa.exists().where(
        _AUDIT.c.case_id == cases.c.id, _AUDIT.c.action == AuditAction.CASE_VIEWED.value
    )
    mail_since_read = sa.exists().where(
        _MAIL.c.case_id == cases.c.id,
        _MAIL.c.direction == Direction.INBOUND,
        _MAIL.c.automated.is_(False),
        ~viewed.where(_AUDIT.c.at >= _MAIL.c.at),
    )
    return sa.and_(
        cases.c.automated.is_(False),
        cases.c.imported.is_(False),
        cases.c.status.in_(WAITING_STATUSES),
        sa.or_(~viewed, mail_since_read),
    )


def unread_cases(
    connection: sa.Connection, *, since: datetime | None = None, limit: int = 500
) -> list[UnreadCase]:
    """Contacts nobody has opened, oldest first (received at or after `since`, if given)."""
    held = (
        sa.exists()
        .where(
            _AUDIT.c.case_id == _CASES.c.id,
            _AUDIT.c.action == AuditAction.NO_ACKNOWLEDGEMENT.value,
        )
        .label("held")
    )
    query = (
        sa.select(
            _CASES.c.id,
            _CASES.c.reference,
            _CASES.c.received_at,
            _CASES.c.safeguarding,
            held,
        )
        .where(not_yet_read())
        .order_by(_CASES.c.received_at, _CASES.c.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(_CASES.c.received_at >= since)
    return [
        UnreadCase(
            id=row.id,
            reference=row.reference,
            received_at=row.received_at,
            safeguarding=bool(row.safeguarding),
            held=bool(row.held),
        )
        for row in connection.execute(query)
    ]
