"""Opening and triaging many newly received contacts in one go: what intake's worker does for
each batch of mail it has read, with a few multi-row Core statements for the whole batch
(store/cases/triage_rows.py) instead of a dozen ORM flushes for each case.

It carries out the same plan (casework/triage_plan.py) that `open_acknowledgement_deadline` then
`apply_triage` carry out one case at a time (the same rows, the same audit entries, the same
listeners told), for cases nobody has touched
yet (store.cases.triage_rows.lock_untouched): received, no stage, no issue, no compliment, no
deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.compliments import compliment_source
from cases.data_protection import clock_for
from cases.enums import DeadlineRule, RecordKind, StageKind
from cases.kinds import COMPLAINT_KINDS
from cases.timescales import Deadline as ComputedDeadline
from cases.timescales import compute_deadline, stage_clocks
from cases.triage_result import TriageResult
from casework.service import AUDITED_FIELDS, CaseChange, CaseService, snapshot
from casework.triage_plan import plan_triage
from store import audit, deadlines
from store.cases.triage_rows import insert_deadlines, insert_stages, write_triaged
from store.models import Case


@dataclass
class _Plan:
    """One case's rows, worked out before anything is written."""

    case: Case
    result: TriageResult | None
    before: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)  # the case's new field values
    acknowledgement: dict[str, Any] | None = None  # its deadline row
    stage_kind: StageKind | None = None
    stage_deadlines: list[dict[str, Any]] = field(default_factory=list)  # its stage's clocks


def open_and_triage_fresh(
    service: CaseService,
    session: Session,
    items: Sequence[tuple[Case, TriageResult | None]],
    *,
    actor: Actor,
) -> None:
    """Open each untouched case's acknowledgement deadline and apply its automatic triage
    result (None: the contact is not triaged, e.g. automatic mail: only the deadline is
    opened)."""
    if not items:
        return
    now = service.clock.now()
    plans = [_plan(service, case, result, snapshot(case), now) for case, result in items]
    _write(session, plans, now=now, actor=actor)
    inserted = _insert_deadlines(session, plans)
    deadlines.notify_inserted(session, inserted, service.deadline_listeners)
    for plan in plans:
        if plan.result is None:
            continue
        after = snapshot(plan.case)
        changed_before, changed_after = audit.changes(plan.before, after)
        change = CaseChange(Note.TRIAGED, actor, changed_before, changed_after, None)
        for listener in service.case_listeners:
            listener(session, plan.case, change)


def _plan(
    service: CaseService,
    case: Case,
    result: TriageResult | None,
    before: dict[str, Any],
    now: datetime,
) -> _Plan:
    plan = _Plan(case, result, before)
    # Opened at receipt, as open_acknowledgement_deadline does: a complaint written by a person.
    opened = case.record_kind in COMPLAINT_KINDS and not case.automated
    if result is None:
        if opened:
            plan.acknowledgement = _deadline_row(
                service, case, DeadlineRule.ACKNOWLEDGEMENT, cancelled=False, now=now
            )
        return plan
    # The automatic proposal: never stage 2 without a person's agreement.
    triage = plan_triage(case, service.state_of(case), result, stage_two_agreed=False)
    if opened or triage.acknowledgement_owed:
        # Owed or not, as apply_triage leaves it: a contact triaged as not logged, or as a
        # compliment, comment or enquiry, keeps its row cancelled (no reminder is planned);
        # one that came in by another mailbox and is a complaint is owed one from receipt.
        plan.acknowledgement = _deadline_row(
            service,
            case,
            DeadlineRule.ACKNOWLEDGEMENT,
            cancelled=not triage.acknowledgement_owed,
            now=now,
        )
    if triage.stage_kind is not None:
        plan.stage_kind = triage.stage_kind
        clocks = stage_clocks(
            triage.stage_kind,
            start=case.receipt_day,
            calendar=service.calendar,
            policy=service.timescales,
            record_kind=RecordKind(result.record_kind),
        )
        plan.stage_deadlines = [
            _row(case, computed, cancelled=False, now=now) for computed in clocks
        ]
    if triage.data_protection_clock:
        arrived = service.calendar.local_date(case.received_at)  # calendar days, from arrival
        clock = clock_for(result.record_kind, received_on=arrived, calendar=service.calendar)
        # No stage: the record's own clock (cases/data_protection.py), stage_id left None.
        plan.stage_deadlines = [
            {
                "case_id": case.id,
                "stage_id": None,
                "rule": clock.rule.value,
                "start_on": clock.start,
                "due_on": clock.due,
                "maximum_on": clock.maximum,
                "paused_working_days": 0,
                "cancelled": False,
                "created_at": now,
            }
        ]
    plan.changes = {
        **triage.fields,
        "triage_decision": triage.fields.get("triage_decision", case.triage_decision),
        "status": triage.state.status,
        "stage": triage.state.stage,
        "version": case.version + 1,
        "updated_at": now,
    }
    return plan


def _deadline_row(
    service: CaseService, case: Case, rule: DeadlineRule, *, cancelled: bool, now: datetime
) -> dict[str, Any]:
    start: date = case.receipt_day
    computed = compute_deadline(
        rule, start=start, calendar=service.calendar, policy=service.timescales
    )
    return _row(case, computed, cancelled=cancelled, now=now)


def _row(
    case: Case, computed: ComputedDeadline, *, cancelled: bool, now: datetime
) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "stage_id": None,
        "rule": computed.rule.value,
        "start_on": computed.start,
        "due_on": computed.due,
        "maximum_on": computed.maximum,
        "paused_working_days": 0,
        "cancelled": cancelled,
        "created_at": now,
    }


def _write(session: Session, plans: Sequence[_Plan], *, now: datetime, actor: Actor) -> None:
    """The triaged cases' own rows: stages, issues, compliments, the case rows and the audit."""
    connection = session.connection()
    staged = [plan for plan in plans if plan.stage_kind is not None]
    if staged:
        stage_ids = insert_stages(
            connection,
            [
                {
                    "case_id": plan.case.id,
                    "kind": plan.stage_kind,
                    "opened_on": plan.case.receipt_day,
                    "request_late": False,
                    "paused_working_days": 0,
                }
                for plan in staged
            ],
        )
        for plan, stage_id in zip(staged, stage_ids, strict=True):
            for row in plan.stage_deadlines:
                row["stage_id"] = stage_id
    issues: list[dict[str, Any]] = []
    compliments: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for plan in plans:
        result, case = plan.result, plan.case
        if result is None:
            continue
        issues.extend(
            {
                "case_id": case.id,
                "category": proposal.category,
                "team_id": proposal.team_id,
                "rule_id": proposal.rule_id,
            }
            for proposal in result.issues
        )
        if result.record_kind == RecordKind.COMPLIMENT:
            teams: list[str | None] = [i.team_id for i in result.issues if i.team_id]
            compliments.extend(
                {
                    "case_id": case.id,
                    "team_id": team_id,
                    "source": compliment_source(result.complainant_type),
                    "received_on": case.receipt_day,
                    "summary": case.subject[:2000] or None,
                }
                for team_id in dict.fromkeys(teams or [None])
            )
        updates.append({"case_id": case.id, **{f"new_{k}": v for k, v in plan.changes.items()}})
        after = {name: plan.changes.get(name, plan.before[name]) for name in AUDITED_FIELDS}
        changed_before, changed_after = audit.changes(plan.before, after)
        entries.append(
            audit.entry(
                case_id=case.id,
                actor=actor,
                action=Note.TRIAGED,
                before=changed_before,
                after=changed_after,
                at=now,
            )
        )
    write_triaged(
        connection,
        issues=issues,
        compliments=compliments,
        case_updates=updates,
        audit_entries=entries,
    )
    # The loaded objects show what is now in the database, without another UPDATE at flush.
    for plan in plans:
        for name, value in plan.changes.items():
            set_committed_value(plan.case, name, value)


def _insert_deadlines(session: Session, plans: Sequence[_Plan]) -> list[deadlines.InsertedDeadline]:
    """Each case's acknowledgement deadline, then its stage's, as the one-case path orders them;
    returned as they are seen by the listeners."""
    rows = [
        row
        for plan in plans
        for row in (plan.acknowledgement, *plan.stage_deadlines)
        if row is not None
    ]
    if not rows:
        return []
    ids = insert_deadlines(session.connection(), rows)
    return [
        deadlines.InsertedDeadline(
            id=deadline_id,
            case_id=row["case_id"],
            rule=row["rule"],
            due_on=row["due_on"],
            maximum_on=row["maximum_on"],
            cancelled=row["cancelled"],
        )
        for deadline_id, row in zip(ids, rows, strict=True)
    ]
