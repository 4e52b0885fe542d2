"""Retention as staff and the scheduler use it: what is due (`heard retention preview`),
removing it (`heard retention apply` and the daily job), a legal hold and its release, and a
person's review of a flagged case (cases/retention.py has the rule)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.actor import Actor, Part
from cases.day_words import long_date
from cases.enums import AuditAction, RecordKind
from cases.retention import (
    CaseFacts,
    Retention,
    Schedule,
    add_years,
    erasure_refused,
    is_flagged,
    standing,
)
from store import audit
from store import retention as stored
from store.cases.lgsco import open_enquiry
from store.db import session_scope
from store.models import Case, CaseRetention

SHOWN = (Retention.DUE, Retention.AWAITS_REVIEW, Retention.HELD)


@dataclass(frozen=True)
class Due:
    case_id: int
    reference: str
    record_kind: RecordKind
    finished_on: date
    due_on: date
    retention: Retention  # DUE, AWAITS_REVIEW or HELD


def due_by(session: Session, *, schedule: Schedule, until: date) -> list[Due]:
    """Every finished case whose personal data is due to go on or before `until`: those that
    will go, those a person must review first and those under legal hold."""
    shortest = min(schedule.years_after_closure.values())
    found = []
    for candidate in stored.candidates(session, finished_by=add_years(until, -shortest)):
        case, row = candidate.case, candidate.retention
        facts = _facts(case, row, finished_on=candidate.finished_on)
        result = standing(facts, schedule=schedule, today=until)
        if result.retention in SHOWN and result.due_on is not None:
            assert case.id is not None
            found.append(
                Due(
                    case.id,
                    case.reference,
                    case.record_kind,
                    candidate.finished_on,
                    result.due_on,
                    result.retention,
                )
            )
    return found


def apply(
    session: Session, *, schedule: Schedule, today: date, actor: Actor, now: datetime, limit: int
) -> list[Due]:
    """Anonymise up to `limit` cases due today; the ones done are returned. Then the words of
    the searches that listed only anonymised cases go, and of those that listed none once they
    are as old as the schedule's shortest period."""
    done = []
    for due in due_by(session, schedule=schedule, until=today):
        if due.retention is not Retention.DUE:
            continue
        case = session.get(Case, due.case_id)
        assert case is not None
        years = schedule.years_for(due.record_kind)
        stored.anonymise(
            session,
            case=case,
            actor=actor,
            now=now,
            reason=f"{due.record_kind.label.lower()} finished {long_date(due.finished_on)}, "
            f"kept {years} years after closure",
        )
        done.append(due)
        if len(done) >= limit:
            break
    shortest = min(schedule.years_after_closure.values())
    stored.forget_searches(
        session,
        unmatched_before=datetime.combine(add_years(today, -shortest), time(), tzinfo=UTC),
    )
    return done


def apply_all(
    engine: Engine,
    *,
    schedule: Schedule,
    today: date,
    now: datetime,
    actor: Actor | None = None,
    batch: int = 200,
    each: Callable[[Due], None] | None = None,
) -> int:
    """The daily run (by the system unless `actor`): every case the schedule no longer keeps,
    `batch` cases per transaction (a long run never holds the database), `each` told of every
    case once its batch committed; how many were anonymised."""
    actor = actor or Actor.system(Part.RETENTION)
    total = 0
    while True:
        with session_scope(engine) as session:
            done = apply(session, schedule=schedule, today=today, actor=actor, now=now, limit=batch)
        if each is not None:
            for due in done:
                each(due)
        total += len(done)
        if len(done) < batch:
            return total


class RetentionRefused(Exception):
    """A hold, release or review that does not apply to the case; the message says why."""


def hold(
    session: Session, *, case: Case, reason: str, actor: Actor, now: datetime
) -> datetime | None:
    """Put the case under legal hold: retention never touches it until released. A case
    already held keeps its hold with the new reason; the day it was first held is returned."""
    assert case.id is not None
    if not reason.strip():
        raise RetentionRefused("--reason: say why the case is held")
    row = stored.retention_of(session, case_id=case.id)
    if row.anonymised_at is not None:
        raise RetentionRefused(
            f"{case.reference}'s personal data was removed on {row.anonymised_at:%Y-%m-%d}"
        )
    before, since = row.hold_reason, row.held_since
    row.hold_reason, row.held_by = reason.strip()[:1000], str(actor)[:80]
    row.held_since = since if before is not None and since is not None else now
    session.add(row)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.LEGAL_HOLD,
        before={"hold": before} if before else None,
        after={"hold": row.hold_reason},
        reason=row.hold_reason,
        at=now,
    )
    return since if before is not None else None


def release(
    session: Session, *, case: Case, actor: Actor, now: datetime, reason: str | None
) -> None:
    assert case.id is not None
    row = stored.retention_of(session, case_id=case.id)
    if row.hold_reason is None:
        raise RetentionRefused(f"{case.reference} is not under legal hold")
    before = row.hold_reason
    row.hold_reason, row.held_since, row.held_by = None, None, None
    session.add(row)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.LEGAL_HOLD_RELEASED,
        before={"hold": before},
        reason=reason,
        at=now,
    )


def review(session: Session, *, case: Case, actor: Actor, now: datetime, note: str) -> None:
    """A person reviewed a case flagged for safeguarding or child protection: the schedule
    may now remove its personal data like any other's."""
    assert case.id is not None
    if not is_flagged(safeguarding=case.safeguarding, not_logged_reason=case.not_logged_reason):
        raise RetentionRefused(f"{case.reference} is not flagged: the schedule applies as it is")
    if not note.strip():
        raise RetentionRefused("--reason: say what the review found")
    row = stored.retention_of(session, case_id=case.id)
    row.reviewed_at, row.reviewed_by, row.review_note = now, str(actor)[:80], note.strip()[:1000]
    session.add(row)
    audit.record(
        session,
        case_id=case.id,
        actor=actor,
        action=AuditAction.RETENTION_REVIEWED,
        reason=row.review_note,
        at=now,
    )


def erase(session: Session, *, case: Case, actor: Actor, now: datetime, reason: str) -> None:
    """Remove a finished case's personal data now, on a request the council accepted (UK GDPR
    article 17), as the schedule would later: the counts the reports make are kept."""
    assert case.id is not None
    if not reason.strip():
        raise RetentionRefused("--reason: say why the personal data is erased now")
    row = stored.retention_of(session, case_id=case.id)
    facts = _facts(case, row, finished_on=stored.finished_on(case))
    ombudsman_open = open_enquiry(session, case) is not None
    refused = erasure_refused(replace(facts, ombudsman_open=ombudsman_open))
    if refused:
        raise RetentionRefused(f"{case.reference}: cannot erase: {refused}")
    stored.anonymise(
        session, case=case, actor=actor, now=now, reason=reason.strip()[:1000], why="on request"
    )


def _facts(case: Case, row: CaseRetention | None, *, finished_on: date | None) -> CaseFacts:
    """What the pure rules (cases/retention.py) read of a case and its retention row."""
    return CaseFacts(
        record_kind=case.record_kind,
        status=case.status,
        finished_on=finished_on,
        flagged=is_flagged(
            safeguarding=case.safeguarding, not_logged_reason=case.not_logged_reason
        ),
        reviewed=row is not None and row.reviewed_at is not None,
        held=row is not None and row.hold_reason is not None,
        anonymised=row is not None and row.anonymised_at is not None,
    )
