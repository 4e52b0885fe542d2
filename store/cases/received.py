"""Opening and triaging many newly received contacts in one go: what intake's worker does for
each batch of mail it has read, with a few multi-row Core statements for the whole batch
instead of a dozen ORM flushes for each case.

It does exactly what `open_acknowledgement_deadline` then `apply_triage` do one case at a time
(the same rows, the same audit entries, the same listeners told), for cases nobody has touched
yet: received, no stage, no issue, no compliment, no deadline. Any other case in the batch goes
through those two methods as before. The version compare-and-set holds as for every change: the
cases' rows are locked (FOR UPDATE on PostgreSQL; SQLite's writer lock holds the whole database)
and a version that moved since the caller read the case raises ConcurrentChange.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from cases.enums import CaseStatus, RecordKind, Route, StageKind
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import Action, apply, first_stage
from cases.timescales import DeadlineRule, compute_deadline, stage_rule
from cases.triage_result import TriageResult
from store import audit, deadlines
from store.bulk import insert_returning_ids
from store.models import Case, Compliment, Deadline, Issue, Stage
from store.types import table_of, utcnow

if TYPE_CHECKING:
    from store.cases.service import CaseService

_CASES = table_of(Case)
_STAGES = table_of(Stage)
_DEADLINES = table_of(Deadline)
_ISSUES = table_of(Issue)
_COMPLIMENTS = table_of(Compliment)

_UPDATE_CASES = (
    sa.update(_CASES)
    .where(_CASES.c.id == sa.bindparam("case_id"))
    .values(
        {
            name: sa.bindparam(f"new_{name}")
            for name in (
                "record_kind",
                "route",
                "complainant_type",
                "not_logged_reason",
                "safeguarding",
                "advocacy_offer",
                "out_of_time",
                "historic",
                "triage_decision",
                "status",
                "stage",
                "version",
                "updated_at",
            )
        }
    )
)


@dataclass
class _Plan:
    """One case's rows, worked out before anything is written."""

    case: Case
    result: TriageResult | None
    before: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)  # the case's new field values
    acknowledgement: dict[str, Any] | None = None  # its deadline row
    stage_kind: StageKind | None = None
    stage_deadline: dict[str, Any] | None = None


def open_and_triage_received(
    service: CaseService,
    session: Session,
    items: Sequence[tuple[Case, TriageResult | None]],
    *,
    actor: str,
) -> None:
    """Open each case's acknowledgement deadline and apply its automatic triage result (None:
    the contact is not triaged, e.g. automatic mail: only the deadline is opened)."""
    if not items:
        return
    from store.cases.service import AUDITED_FIELDS, CaseChange, snapshot

    untouched = _untouched(session, [case for case, _ in items])
    fresh: list[tuple[Case, TriageResult | None]] = []
    for case, result in items:
        if case.id in untouched:
            fresh.append((case, result))
            continue
        service.open_acknowledgement_deadline(session, case)
        if result is not None:
            service.apply_triage(session, case=case, result=result, actor=actor)
    if not fresh:
        return
    now = utcnow()
    plans = [_plan(service, case, result, snapshot(case), now) for case, result in fresh]
    _write(session, plans, now=now, actor=actor, audited=AUDITED_FIELDS)
    written = [plan for plan in plans if plan.result is not None]
    inserted = _insert_deadlines(session, plans)
    deadlines.notify_inserted(session, inserted, service.deadline_listeners)
    for plan in written:
        after = snapshot(plan.case)
        changed_before, changed_after = audit.changes(plan.before, after)
        change = CaseChange("triaged", actor, changed_before, changed_after, None)
        for listener in service.case_listeners:
            listener(session, plan.case, change)


def _untouched(session: Session, cases: Sequence[Case]) -> set[int]:
    """The cases among `cases` that are as intake left them: received, no stage, no issue, no
    compliment and no deadline yet. Their rows are locked until the transaction ends."""
    ids = [case.id for case in cases if case.id is not None]
    locked = session.connection().execute(
        sa.select(_CASES.c.id, _CASES.c.version).where(_CASES.c.id.in_(ids)).with_for_update()
    )
    versions = {row.id: row.version for row in locked}
    for case in cases:
        if versions.get(case.id) != case.version:
            from store.cases.service import ConcurrentChange

            raise ConcurrentChange(f"{case.reference} was changed by someone else")
    busy = sa.union(
        *(
            sa.select(table.c.case_id).where(table.c.case_id.in_(ids))
            for table in (_STAGES, _ISSUES, _COMPLIMENTS, _DEADLINES)
        )
    )
    taken = set(session.connection().execute(busy).scalars())
    return {
        case.id
        for case in cases
        if case.id is not None and case.id not in taken and case.status == CaseStatus.RECEIVED
    }


def _plan(
    service: CaseService, case: Case, result: TriageResult | None, before: dict[str, Any], now: Any
) -> _Plan:
    plan = _Plan(case, result, before)
    not_logged = result is not None and result.route == Route.NOT_LOGGED
    not_a_complaint = result is not None and result.record_kind not in COMPLAINT_KINDS
    if case.record_kind in COMPLAINT_KINDS and not case.automated:
        # A contact triaged as not logged, or as a compliment, comment or enquiry, has its
        # acknowledgement deadline cancelled at once (as apply_triage does): the row is kept,
        # no reminder is planned.
        plan.acknowledgement = _deadline_row(
            service,
            case,
            DeadlineRule.ACKNOWLEDGEMENT,
            cancelled=not_logged or not_a_complaint,
            now=now,
        )
    if result is None:
        return plan
    state = service._state(case)
    stage_kind: StageKind | None = None
    if not_logged:
        state = apply(state, Action.NOT_LOG)
    else:
        # The automatic proposal never starts at stage 2 (a person must agree): historic=False.
        stage_kind = first_stage(result.record_kind, result.route, historic=False)
        if stage_kind is not None:
            state = apply(state, Action.CONFIRM_TRIAGE, start_stage=stage_kind)
            plan.stage_kind = stage_kind
            plan.stage_deadline = _deadline_row(
                service, case, stage_rule(stage_kind), cancelled=False, now=now
            )
    plan.changes = {
        "record_kind": result.record_kind,
        "route": result.route,
        "complainant_type": result.complainant_type,
        "not_logged_reason": result.not_logged_reason,
        "safeguarding": result.safeguarding,
        "advocacy_offer": result.advocacy_offer,
        "out_of_time": result.out_of_time,
        "historic": result.historic,
        "triage_decision": (
            result.decision if result.decision is not None else case.triage_decision
        ),
        "status": state.status,
        "stage": state.stage,
        "version": case.version + 1,
        "updated_at": now,
    }
    return plan


def _deadline_row(
    service: CaseService, case: Case, rule: DeadlineRule, *, cancelled: bool, now: Any
) -> dict[str, Any]:
    start: date = case.receipt_day
    computed = compute_deadline(
        rule, start=start, calendar=service.calendar, policy=service.timescales
    )
    return {
        "case_id": case.id,
        "stage_id": None,
        "rule": rule.value,
        "start_on": computed.start,
        "due_on": computed.due,
        "maximum_on": computed.maximum,
        "paused_working_days": 0,
        "cancelled": cancelled,
        "created_at": now,
    }


def _write(
    session: Session, plans: Sequence[_Plan], *, now: Any, actor: str, audited: tuple[str, ...]
) -> None:
    """The triaged cases' own rows: stages, issues, compliments, the case rows and the audit."""
    from store.cases.service import compliment_source

    connection = session.connection()
    staged = [plan for plan in plans if plan.stage_kind is not None]
    if staged:
        stage_ids = insert_returning_ids(
            connection,
            _STAGES,
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
            key=["case_id"],
        )
        for plan, stage_id in zip(staged, stage_ids, strict=True):
            assert plan.stage_deadline is not None
            plan.stage_deadline["stage_id"] = stage_id
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
        after = {name: plan.changes.get(name, plan.before[name]) for name in audited}
        changed_before, changed_after = audit.changes(plan.before, after)
        entries.append(
            audit.entry(
                case_id=case.id,
                actor=actor,
                action="triaged",
                before=changed_before,
                after=changed_after,
                at=now,
            )
        )
    if issues:
        connection.execute(sa.insert(_ISSUES), issues)
    if compliments:
        connection.execute(sa.insert(_COMPLIMENTS), compliments)
    if updates:
        connection.execute(_UPDATE_CASES, updates)
    audit.insert_many(connection, entries)
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
        for row in (plan.acknowledgement, plan.stage_deadline)
        if row is not None
    ]
    if not rows:
        return []
    ids = insert_returning_ids(session.connection(), _DEADLINES, rows, key=["case_id", "rule"])
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
