"""The reading queue: contacts no member of staff has opened yet, oldest first, in Core.

A read is a `case viewed` entry in the audit log (casework/reading.py: the web's case page,
Slack's View details, `heard cases show`). Every contact counts, whatever triage proposed: a
contact triage did not log (a disclosure and nothing else, a proposal that it is out of time)
is read by a person all the same. A mail that arrives on a case after its last read (a reply
on a case everyone has read) puts the case back in it until someone opens it again, and waits
from that mail's arrival, not from the case's: a reply on a case received months ago is as new
as a complaint that came in today. A case staff closed or withdrew is in it only once mail
arrives after it closed (a complainant unhappy with the response, or wanting a withdrawn
complaint back: intake flags the case too), waiting from that mail. Automated mail and
imported cases are not in it.
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
# Ended by staff: waiting again only for mail that came after.
ENDED_STATUSES = (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)

_CASES = sa.table(
    "cases",
    sa.column("id", sa.Integer()),
    sa.column("reference", sa.String()),
    sa.column("status", sa.String()),
    sa.column("received_at", UTCDateTime()),
    sa.column("closed_at", UTCDateTime()),
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
    waiting_since: datetime  # the case's arrival, or the first mail nobody has read since
    safeguarding: bool  # referred to the MASH by the tripwire
    held: bool  # no automatic mail went to the sender: staff decide how to reply


def _viewed(cases: sa.TableClause) -> sa.Exists:
    """Someone has opened the case at least once."""
    return sa.exists().where(
        _AUDIT.c.case_id == cases.c.id, _AUDIT.c.action == AuditAction.CASE_VIEWED.value
    )


def _unread_mail(cases: sa.TableClause) -> sa.Select[tuple[datetime]]:
    """When each mail on the case that nobody has read since arrived: inbound from a person
    (not an automatic reply), with no read of its case at or after its arrival, and on a case
    staff closed or withdrew, only mail after it closed. The one definition the queue's filter
    and its waiting-since both read."""
    # The read is matched to the mail's own case, so the subquery correlates to the mail;
    # matched to `cases` it was left uncorrelated (FROM audit_log, cases), and a read of any
    # case after a reply took every other case's reply out of the queue.
    read_since = sa.exists().where(
        _AUDIT.c.case_id == _MAIL.c.case_id,
        _AUDIT.c.action == AuditAction.CASE_VIEWED.value,
        _AUDIT.c.at >= _MAIL.c.at,
    )
    return sa.select(_MAIL.c.at).where(
        _MAIL.c.case_id == cases.c.id,
        _MAIL.c.direction == Direction.INBOUND,
        _MAIL.c.automated.is_(False),
        ~read_since,
        sa.or_(cases.c.status.not_in(ENDED_STATUSES), _MAIL.c.at > cases.c.closed_at),
    )


def _never_opened(cases: sa.TableClause) -> sa.ColumnElement[bool]:
    """A contact waiting from its arrival: open or not logged, and nobody has opened it."""
    return sa.and_(cases.c.status.in_(WAITING_STATUSES), ~_viewed(cases))


def not_yet_read(cases: sa.TableClause = _CASES) -> sa.ColumnElement[bool]:
    """The condition over `cases` (another query's own clause of the cases table, which
    needs the columns id, status, closed_at, automated and imported)."""
    return sa.and_(
        cases.c.automated.is_(False),
        cases.c.imported.is_(False),
        sa.or_(_never_opened(cases), _unread_mail(cases).exists()),
    )


def waiting_since(cases: sa.TableClause = _CASES) -> sa.ColumnElement[datetime]:
    """Since when a case in the reading queue has waited: its arrival if nobody has ever opened
    it, else the arrival of the first mail nobody has read since."""
    first_unread = _unread_mail(cases).with_only_columns(sa.func.min(_MAIL.c.at))
    return sa.case(
        (_never_opened(cases), cases.c.received_at),
        else_=sa.func.coalesce(
            first_unread.scalar_subquery(), cases.c.received_at, type_=UTCDateTime()
        ),
    )


def unread_cases(
    connection: sa.Connection, *, since: datetime | None = None, limit: int = 500
) -> list[UnreadCase]:
    """Contacts nobody has opened, longest waiting first (waiting since `since` or later, if
    given: a reply on an old case counts from its own arrival)."""
    waited = waiting_since()
    since_when = waited.label("waiting_since")
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
            since_when,
            _CASES.c.safeguarding,
            held,
        )
        .where(not_yet_read())
        .order_by(since_when, _CASES.c.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(waited >= since)
    return [
        UnreadCase(
            id=row.id,
            reference=row.reference,
            received_at=row.received_at,
            waiting_since=row.waiting_since,
            safeguarding=bool(row.safeguarding),
            held=bool(row.held),
        )
        for row in connection.execute(query)
    ]
