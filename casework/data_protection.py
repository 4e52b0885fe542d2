"""Subject access requests and data protection complaints as records with their own clocks
(cases/data_protection.py), chased by the scheduler like every other deadline.

A request is logged with the requester's address and name; its clock stops while the council
waits for identity or clarification and restarts for the days that were left; a complex
request is extended to three months (the requester is told why); answering it (`heard sar
export --request REF`) meets the clock and closes it. A data protection complaint's clock is
met when it is acknowledged."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from cases.actor import Actor
from cases.data_protection import DATA_PROTECTION_KINDS, clock_for, stopped_days
from cases.enums import AuditAction, CaseStatus, Channel, DeadlineRule, RecordKind
from casework import closing
from casework.receiving import create
from casework.service import CaseService, case_id
from store import audit, deadlines
from store.models import AuditEntry, Case, Deadline, PartyRole, Person


class DataProtectionRefused(Exception):
    """A step that does not apply to this record; the message says why."""


def open_record(
    service: CaseService,
    session: Session,
    *,
    kind: RecordKind,
    email: str | None,
    name: str | None,
    received_at: datetime,
    channel: Channel,
    actor: Actor,
    subject: str = "",
) -> Case:
    """The record, its requester and its clock. Staff who log a request have read it (they
    typed it in): casework.receiving.create audits it as read by them, so it is never chased
    as unread."""
    if kind not in DATA_PROTECTION_KINDS:
        raise DataProtectionRefused(f"{kind.label} is not a data protection record")
    case = create(
        service,
        session,
        record_kind=kind,
        channel=channel,
        received_at=received_at,
        actor=actor,
        subject=subject,
    )
    session.add(Person(case_id=case_id(case), role=PartyRole.COMPLAINANT, name=name, email=email))
    open_clock(service, session, case=case)
    return case


def open_clock(service: CaseService, session: Session, *, case: Case) -> None:
    """The record's own deadline, from the day it was received (triage calls this too when it
    recognises a data protection complaint)."""
    # Calendar days from the day it arrived (not the working day receipt counts from).
    received_on = service.calendar.local_date(case.received_at)
    clock = clock_for(case.record_kind, received_on=received_on, calendar=service.calendar)
    if deadlines.open_deadlines(session, case_id=case_id(case), rules=[clock.rule]):
        return
    deadlines.open_deadline(
        session,
        case_id=case_id(case),
        rule=clock.rule,
        start_on=clock.start,
        due_on=clock.due,
        maximum_on=clock.maximum,
        listeners=service.deadline_listeners,
    )


def _request_clock(session: Session, case: Case) -> Deadline:
    if case.record_kind != RecordKind.SUBJECT_ACCESS_REQUEST:
        raise DataProtectionRefused(f"{case.reference} is not a subject access request")
    found = deadlines.open_deadlines(
        session, case_id=case_id(case), rules=[DeadlineRule.SUBJECT_ACCESS]
    )
    if not found:
        raise DataProtectionRefused(f"{case.reference} has been answered")
    return found[0]


def stop_clock(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    waiting_for: str,
    on: date,
    actor: Actor,
    now: datetime,
) -> Deadline:
    """Waiting for proof of identity or clarification: the clock stops on `on`."""
    clock = _request_clock(session, case)
    if clock.paused_on is not None:
        raise DataProtectionRefused(f"{case.reference}'s clock stopped on {clock.paused_on}")
    clock.paused_on = on
    session.add(clock)
    deadlines.notify(session, clock, service.deadline_listeners)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.CLOCK_STOPPED,
        after={"waiting_for": waiting_for, "on": on},
        reason=f"waiting for {waiting_for}",
        at=now,
    )
    return clock


def restart_clock(
    service: CaseService, session: Session, *, case: Case, on: date, actor: Actor, now: datetime
) -> Deadline:
    """What was waited for arrived on `on`: the clock runs again for the days that were left."""
    clock = _request_clock(session, case)
    if clock.paused_on is None:
        raise DataProtectionRefused(f"{case.reference}'s clock is running")
    try:
        days = stopped_days(stopped_on=clock.paused_on, restarted_on=on)
    except ValueError as error:
        raise DataProtectionRefused(str(error)) from None
    before = clock.effective_due
    # From the received date and every day stopped, rolled once: moving the rolled limit on
    # would roll it twice (received 25 November 2026, stopped 10 days: 4 January, not 8).
    limits = clock_for(
        case.record_kind,
        received_on=clock.start_on,
        calendar=service.calendar,
        stopped=_days_stopped_before(session, case) + days,
    )
    clock.paused_on = None
    clock.due_on, clock.maximum_on = limits.due, limits.maximum
    if clock.extended_to is not None:  # extended to the maximum, which moved with it
        clock.extended_to = limits.maximum
    session.add(clock)
    deadlines.notify(session, clock, service.deadline_listeners)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.CLOCK_RESTARTED,
        before={"due": before},
        after={"due": clock.effective_due, "stopped_days": days},
        at=now,
    )
    return clock


def _days_stopped_before(session: Session, case: Case) -> int:
    """The days the request's clock stopped before, as each restart recorded them."""
    restarts = audit.entries(
        session,
        select(AuditEntry).where(
            AuditEntry.case_id == case_id(case),
            col(AuditEntry.action) == AuditAction.CLOCK_RESTARTED.value,
        ),
    )
    return sum(int((entry.after or {}).get("stopped_days", 0)) for entry in restarts)


def extend_complex(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    reason: str,
    on: date,
    actor: Actor,
    now: datetime,
) -> Deadline:
    """A complex request: answered within three months of receipt (the clock's maximum)."""
    clock = _request_clock(session, case)
    if not reason.strip():
        raise DataProtectionRefused("--reason: say why the request is complex")
    if clock.extended_to is not None:
        raise DataProtectionRefused(f"{case.reference} was extended to {clock.extended_to}")
    clock.extended_to = clock.maximum_on
    clock.extension_reason = reason.strip()[:1000]
    clock.extension_agreed_on = on
    clock.extended_by = str(actor)[:80]
    session.add(clock)
    deadlines.notify(session, clock, service.deadline_listeners)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.EXTENDED_COMPLEX,
        before={"due": clock.due_on},
        after={"due": clock.extended_to},
        reason=clock.extension_reason,
        at=now,
    )
    return clock


def answer(
    service: CaseService, session: Session, *, case: Case, on: date, actor: Actor, now: datetime
) -> None:
    """The request was answered on `on`: its clock is met and the record closed."""
    clock = _request_clock(session, case)
    if clock.paused_on is not None:
        raise DataProtectionRefused(f"{case.reference}'s clock is stopped: restart it first")
    deadlines.meet(session, deadlines=[clock], on=on, listeners=service.deadline_listeners)
    if case.status in (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.RESPONDED):
        closing.close(service, session, case=case, actor=actor, now=now, reason="answered")
