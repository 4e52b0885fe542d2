"""A member of staff read a case: the net under the safeguarding tripwire.

Every contact must be read by a person, whatever triage proposed (a disclosure the rules missed
is caught by the person who reads it). Opening a case's messages is a read: the web's case page,
Slack's View details and `heard cases show` record one, in the audit log as `case viewed`, and
a case that has none is in the reading queue (`heard cases unread`, the web's "Not yet read")
and is chased by the scheduler until someone opens it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import AuditAction
from store import audit
from store.cases.queries import get_case


def record_read(
    session: Session,
    *,
    reference: str,
    actor: Actor,
    at: datetime,
    where: str,
    summary_only: bool = False,
) -> bool:
    """Audit that `actor` (a member of staff) opened the case's messages, or (`summary_only`)
    saw its summary, which is a read too but leaves the case in the reading queue; False if
    there is no such case."""
    if not actor.is_staff:
        raise ValueError("only a member of staff reads a case")
    case = get_case(session, reference=reference)
    if case is None:
        return False
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.CASE_SUMMARY_VIEWED if summary_only else AuditAction.CASE_VIEWED,
        after={"where": where},
        at=at,
    )
    return True
