"""Retention in the database: the finished cases a run looks at, and anonymising one.

Anonymising removes the personal data and keeps every fact the reports count: the case's kind,
route, channel, dates, complainant type, flags, its issues, stages, outcomes, remedies, costs,
learning and the Ombudsman's decisions stay; names, contact details, the subject, what staff wrote
in their own words about the case (findings, points, reasons told to the family: `_STAFF_WORDS`), every message
in or out with its attachments, stage 2's uploaded reports, the copies of letters in the outbox and the words quoted from
a disclosure go. The audit log is append-only: its rows stay, saying who did what and when, but
the personal part of each entry (store/audit.py keeps it in audit_detail) goes with the case,
and a search's words go once every case its results listed has gone (`forget_searches`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor
from cases.enums import AuditAction, CaseStatus, Direction
from store import audit
from store.cases.versions import bump_version
from store.models import (
    Attachment,
    AuditDetail,
    AuditEntry,
    Case,
    CaseRetention,
    Child,
    Compliment,
    Correspondence,
    Deadline,
    Issue,
    IssueOutcome,
    LgscoCase,
    OutboxMessage,
    Person,
    Remedy,
    Stage,
    StageReport,
)
from store.types import table_of

FINISHED = (CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.NOT_LOGGED)


@dataclass(frozen=True)
class Candidate:
    """A finished case and what retention knows of it."""

    case: Case
    finished_on: date
    retention: CaseRetention | None


def finished_on(case: Case) -> date | None:
    """The day the schedule counts from: closure, or the day a not-logged contact arrived."""
    if case.closed_at is not None:
        return case.closed_at.date()
    if case.status == CaseStatus.NOT_LOGGED:
        return case.receipt_day
    return None


def candidates(session: Session, *, finished_by: date) -> list[Candidate]:
    """Finished cases not yet anonymised that finished on or before `finished_by` (the caller
    passes its date less the shortest period in the schedule)."""
    statement = (
        select(Case, CaseRetention)
        .join(CaseRetention, col(CaseRetention.case_id) == col(Case.id), isouter=True)
        .where(
            col(Case.status).in_(FINISHED),
            col(CaseRetention.anonymised_at).is_(None),
            sa.or_(
                sa.and_(
                    col(Case.closed_at).is_not(None),
                    col(Case.closed_at)
                    < datetime.combine(finished_by + timedelta(days=1), time(), tzinfo=UTC),
                ),
                sa.and_(
                    col(Case.closed_at).is_(None),
                    col(Case.status) == CaseStatus.NOT_LOGGED,
                    col(Case.receipt_day) <= finished_by,
                ),
            ),
        )
        .order_by(col(Case.id))
    )
    found = []
    for case, retention in session.exec(statement):
        day = finished_on(case)
        if day is not None:
            found.append(Candidate(case, day, retention))
    return found


def retention_of(session: Session, *, case_id: int) -> CaseRetention:
    """The case's retention row, added to the session when it has none yet."""
    row = session.get(CaseRetention, case_id)
    if row is None:
        row = CaseRetention(case_id=case_id)
        session.add(row)
    return row


def anonymised_at(session: Session, *, case_id: int) -> datetime | None:
    """When the case's personal data was removed; None while it is kept."""
    row = session.get(CaseRetention, case_id)
    return row.anonymised_at if row is not None else None


def anonymise(
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    reason: str,
    why: str = "under the retention schedule",
) -> dict[str, int]:
    """Remove the case's personal data (see the module's docstring); what was removed, counted,
    is returned and written in the audit log with `reason`, and a note is left on the case."""
    assert case.id is not None
    case_id = case.id
    removed: dict[str, int] = {}
    messages = select(Correspondence.id).where(Correspondence.case_id == case_id)
    removed["attachments"] = _run(
        session,
        sa.delete(table_of(Attachment)).where(
            table_of(Attachment).c.correspondence_id.in_(messages.scalar_subquery())
        ),
    )
    removed["stage reports"] = _run(
        session,
        sa.delete(table_of(StageReport)).where(table_of(StageReport).c.case_id == case_id),
    )
    removed["messages"] = _run(
        session,
        sa.delete(table_of(Correspondence)).where(table_of(Correspondence).c.case_id == case_id),
    )
    removed["outbox copies"] = _run(
        session,
        sa.delete(table_of(OutboxMessage)).where(table_of(OutboxMessage).c.case_id == case_id),
    )
    removed["people"] = _run(
        session,
        sa.update(table_of(Person))
        .where(table_of(Person).c.case_id == case_id)
        .values(name=None, email=None, phone=None, address=None, relationship_to_child=None),
    )
    removed["children"] = _run(
        session,
        sa.update(table_of(Child))
        .where(table_of(Child).c.case_id == case_id)
        .values(name=None, date_of_birth=None),
    )
    _run(
        session,
        sa.update(table_of(Compliment))
        .where(table_of(Compliment).c.case_id == case_id)
        .values(summary=None),
    )
    removed["staff's words"] = _forget_staff_words(session, case_id)
    removed["audit details"] = _forget_audit_details(session, case)
    case.subject = ""
    case.attention_reason = None
    case.triage_decision = _without_quotes(case.triage_decision)
    session.add(case)
    bump_version(session, case)
    row = retention_of(session, case_id=case_id)
    row.anonymised_at = now
    session.add(
        Correspondence(
            case_id=case_id,
            direction=Direction.INTERNAL,
            channel=case.channel,
            at=now,
            subject="Personal data removed",
            text=f"Personal data removed on {now:%Y-%m-%d} {why} "
            f"({reason}). The figures the reports count are kept.",
            author=str(actor)[:80],
        )
    )
    audit.record(
        session,
        case_id=case_id,
        actor=actor,
        action=AuditAction.ANONYMISED,
        after=removed,
        reason=reason,
        at=now,
    )
    session.flush()
    return removed


# What staff wrote about the case in their own words, which may name the child or the family:
# the findings and points a response letter quotes, the reasons told to the complainant, why a
# stage began as it did, the internal reason for an extension, what a remedy was and why the
# Ombudsman did not investigate. The reports count outcomes, remedies by kind and amount, and the
# reasons for delay staff gave (a table of its own), so `Stage.reason_for_delay` stays.
_STAFF_WORDS: tuple[tuple[type[Any], tuple[str, ...]], ...] = (
    (IssueOutcome, ("finding",)),
    (Issue, ("point",)),
    (Stage, ("delay_reason_for_complainant", "open_reason")),
    (Deadline, ("extension_reason", "extension_reason_for_complainant")),
    (Remedy, ("description",)),
    (LgscoCase, ("not_investigated_reason",)),
)


def _forget_staff_words(session: Session, case_id: int) -> int:
    """Clear `_STAFF_WORDS` on the case's rows; the rows and every figure on them stay."""
    cleared = 0
    for model, columns in _STAFF_WORDS:
        table = table_of(model)
        cleared += _run(
            session,
            sa.update(table)
            .where(table.c.case_id == case_id)
            .where(sa.or_(*(table.c[name].is_not(None) for name in columns)))
            .values({name: None for name in columns}),
        )
    return cleared


def _forget_audit_details(session: Session, case: Case) -> int:
    """Delete the personal part of the case's own audit entries (searches: `forget_searches`)."""
    details = table_of(AuditDetail)
    return _run(session, sa.delete(details).where(details.c.case_id == case.id))


def forget_searches(session: Session, *, unmatched_before: datetime) -> int:
    """Delete the words of every search whose results listed only anonymised cases, and of
    searches made before `unmatched_before` that listed none (they name nobody heard holds, so
    nothing else would remove them). One pass over the searches whose words are still kept,
    after a run's cases are anonymised, rather than one per case."""
    session.flush()
    searches = session.exec(
        select(AuditEntry.detail, AuditEntry.after, AuditEntry.at)
        .join(AuditDetail, col(AuditDetail.key) == col(AuditEntry.detail))
        .where(
            col(AuditEntry.case_id).is_(None),
            AuditEntry.action == AuditAction.CASES_SEARCHED.value,
        )
    ).all()
    shown = {
        key: [str(ref) for ref in (after or {}).get("shown") or []] for key, after, _ in searches
    }
    kept = _not_anonymised(session, {ref for refs in shown.values() for ref in refs})
    gone = [
        key
        for key, _, at in searches
        if key
        and (
            (shown[key] and not kept.intersection(shown[key]))
            or (not shown[key] and at < unmatched_before)
        )
    ]
    details = table_of(AuditDetail)
    count = 0
    for start in range(0, len(gone), 500):
        count += _run(
            session, sa.delete(details).where(details.c.key.in_(gone[start : start + 500]))
        )
    return count


def _not_anonymised(session: Session, references: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(references)
    for start in range(0, len(ordered), 500):
        statement = (
            select(Case.reference)
            .join(CaseRetention, col(CaseRetention.case_id) == col(Case.id), isouter=True)
            .where(
                col(Case.reference).in_(ordered[start : start + 500]),
                col(CaseRetention.anonymised_at).is_(None),
            )
        )
        found.update(session.exec(statement))
    return found


def _run(session: Session, statement: Any) -> int:
    result = session.connection().execute(statement)
    return int(result.rowcount or 0)


def _without_quotes(decision: dict[str, Any] | None) -> dict[str, Any] | None:
    """The triage decision without the words quoted from a disclosure (the rules that fired
    stay: `heard triage report` counts them)."""
    if decision is None:
        return None
    return {**decision, "safeguarding_words": []}
