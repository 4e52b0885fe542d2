"""What staff do to a case (from Slack, the CLI or the scheduler's buttons), one function each.

Each action checks the lifecycle first, then changes rows; the service writes the audit entry
and tells listeners. Dates are local dates (the council's calendar), moments are aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from cases.enums import (
    CaseStatus,
    Channel,
    CostKind,
    Direction,
    LearningStatus,
    LgscoDecision,
    Outcome,
    RecordKind,
    RemedyKind,
    StageKind,
)
from cases.lifecycle import Action, next_stage
from cases.timescales import (
    DeadlineRule,
    escalation_request_rule,
    extend_deadline,
    stage_rule,
    timeliness,
)
from store import audit, deadlines
from store.cases.queries import get_case
from store.cases.service import CaseService, raise_invalid
from store.models import (
    Case,
    Child,
    Correspondence,
    Cost,
    Issue,
    LearningAction,
    LgscoCase,
    PartyRole,
    Person,
    Remedy,
    Stage,
)


@dataclass(frozen=True)
class RemedyInput:
    kind: RemedyKind
    description: str | None = None
    amount_pence: int | None = None


@dataclass(frozen=True)
class LearningInput:
    text: str
    owner_team_id: str | None
    status: LearningStatus = LearningStatus.PLANNED
    why_not_implemented: str | None = None


@dataclass(frozen=True)
class ResponseInput:
    responded_on: date
    outcome: Outcome
    issue_outcomes: Mapping[int, Outcome]  # issue id -> outcome; others take the case outcome
    remedies: Sequence[RemedyInput] = ()
    learning: Sequence[LearningInput] = ()
    manager_contacted: bool | None = None
    reason_for_delay: str | None = None


def acknowledge(
    service: CaseService, session: Session, *, case: Case, actor: str, now: datetime
) -> Case:
    def changes() -> None:
        case.acknowledged_at, case.acknowledged_by = now, actor
        _meet(
            service, session, case, [DeadlineRule.ACKNOWLEDGEMENT], service.calendar.local_date(now)
        )

    return service.transition(
        session, case=case, action=Action.ACKNOWLEDGE, actor=actor, changes=changes
    )


def assign(
    service: CaseService, session: Session, *, case: Case, assignee: str, actor: str
) -> Case:
    def changes() -> None:
        case.assignee = assignee

    return service.transition(
        session, case=case, action=Action.ASSIGN, actor=actor, changes=changes
    )


def extend(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    new_due: date,
    reason: str,
    agreed_on: date | None,
    actor: str,
) -> Case:
    """Extend the open stage's deadline; refused past the statutory maximum (ExtensionRefused)."""
    stage = _running_stage(service, session, case)
    deadline = deadlines.stage_deadline(session, stage=stage, rule=stage_rule(stage.kind))
    if deadline is None or deadline.met_on is not None:
        raise_invalid(case, "extend: the stage has no open deadline")
        raise AssertionError
    from cases.timescales import Deadline as ComputedDeadline

    current = ComputedDeadline(
        rule=DeadlineRule(deadline.rule),
        start=deadline.start_on,
        due=deadline.extended_to or deadline.due_on,
        maximum=deadline.maximum_on,
    )
    extended = extend_deadline(
        current, new_due=new_due, reason=reason, agreed_on=agreed_on, calendar=service.calendar
    )
    deadline.extended_to = extended.due
    deadline.extension_reason = reason
    deadline.extension_agreed_on = agreed_on
    deadline.extended_by = actor
    session.add(deadline)
    deadlines.notify(session, deadline, service.deadline_listeners)
    return service.transition(
        session,
        case=case,
        action=Action.EXTEND,
        actor=actor,
        reason=f"extended to {new_due.isoformat()}: {reason}",
    )


def record_response(
    service: CaseService, session: Session, *, case: Case, response: ResponseInput, actor: str
) -> Case:
    stage = _running_stage(service, session, case)
    due = deadlines.stage_deadline(session, stage=stage, rule=stage_rule(stage.kind))
    service.transition(session, case=case, action=Action.RESPOND, actor=actor)
    stage.responded_on = response.responded_on
    stage.outcome = response.outcome
    stage.manager_contacted = response.manager_contacted
    stage.reason_for_delay = response.reason_for_delay
    stage.responder = actor
    stage.working_days_taken = service.calendar.working_days_between(
        stage.opened_on, response.responded_on
    )
    if due is not None:
        stage.timeliness = timeliness(
            responded_on=response.responded_on, due=due.due_on, extended_due=due.extended_to
        )
        deadlines.meet(
            session, deadlines=[due], on=response.responded_on, listeners=service.deadline_listeners
        )
    session.add(stage)
    for issue in session.exec(select(Issue).where(Issue.case_id == case.id)):
        issue.outcome = response.issue_outcomes.get(issue.id or -1, response.outcome)
        session.add(issue)
    for remedy in response.remedies:
        session.add(
            Remedy(
                case_id=_id(case),
                stage_id=stage.id,
                kind=remedy.kind,
                description=remedy.description,
                amount_pence=remedy.amount_pence,
            )
        )
        if remedy.kind == RemedyKind.FINANCIAL and remedy.amount_pence:
            session.add(
                Cost(
                    case_id=_id(case),
                    kind=CostKind.COMPENSATION,
                    amount_pence=remedy.amount_pence,
                    incurred_on=response.responded_on,
                )
            )
    for learning in response.learning:
        session.add(
            LearningAction(
                case_id=_id(case),
                stage=stage.kind,
                text=learning.text,
                owner_team_id=learning.owner_team_id,
                status=learning.status,
                why_not_implemented=learning.why_not_implemented,
                identified_on=response.responded_on,
            )
        )
    request_rule = escalation_request_rule(stage.kind)
    if request_rule is not None:
        service.open_deadline(session, case=case, rule=request_rule, start=response.responded_on)
    session.flush()
    return case


def escalate(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    requested_on: date,
    actor: str,
    reason: str | None = None,
) -> Case:
    """Open the next stage; its clock starts on the day the request was received."""
    current = service.current_stage(session, case)
    if current is None:
        raise_invalid(case, "escalate: no stage has run")
        raise AssertionError
    following = next_stage(current.kind, case.route)
    service.transition(
        session,
        case=case,
        action=Action.ESCALATE,
        actor=actor,
        reason=reason,
        start_stage=following,
    )
    request_rules = [rule for rule in [escalation_request_rule(current.kind)] if rule]
    _meet(service, session, case, request_rules, requested_on)
    assert case.stage is not None
    service.start_stage(session, case, case.stage, start=requested_on)
    return case


def panel_held(
    service: CaseService, session: Session, *, case: Case, held_on: date, actor: str
) -> Case:
    return _stage_three_step(
        service,
        session,
        case=case,
        action=Action.PANEL_HELD,
        actor=actor,
        met=DeadlineRule.STAGE_3_PANEL,
        next_rule=DeadlineRule.PANEL_REPORT,
        on=held_on,
    )


def chair_report(
    service: CaseService, session: Session, *, case: Case, received_on: date, actor: str
) -> Case:
    return _stage_three_step(
        service,
        session,
        case=case,
        action=Action.CHAIR_REPORT,
        actor=actor,
        met=DeadlineRule.PANEL_REPORT,
        next_rule=DeadlineRule.COUNCIL_RESPONSE,
        on=received_on,
    )


def _stage_three_step(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    action: Action,
    actor: str,
    met: DeadlineRule,
    next_rule: DeadlineRule,
    on: date,
) -> Case:
    """Panel, chair's report, council's response: each step meets one clock and starts the next."""
    stage = _running_stage(service, session, case, kind=StageKind.STATUTORY_3)
    service.transition(session, case=case, action=action, actor=actor)
    _meet(service, session, case, [met], on)
    service.open_deadline(session, case=case, rule=next_rule, start=on, stage=stage)
    return case


def _meet(
    service: CaseService, session: Session, case: Case, rules: list[DeadlineRule], on: date
) -> None:
    deadlines.meet(
        session,
        deadlines=deadlines.open_deadlines(session, case_id=_id(case), rules=rules),
        on=on,
        listeners=service.deadline_listeners,
    )


def close(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: str,
    now: datetime,
    reason: str | None = None,
) -> Case:
    def changes() -> None:
        case.closed_at = now
        deadlines.cancel_all(session, case_id=_id(case), listeners=service.deadline_listeners)

    return service.transition(
        session, case=case, action=Action.CLOSE, actor=actor, reason=reason, changes=changes
    )


def withdraw(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: str,
    now: datetime,
    reason: str | None = None,
) -> Case:
    stage = service.current_stage(session, case)

    def changes() -> None:
        if stage is not None and stage.responded_on is None:
            stage.outcome = Outcome.WITHDRAWN
            session.add(stage)
        case.closed_at = now
        deadlines.cancel_all(session, case_id=_id(case), listeners=service.deadline_listeners)

    return service.transition(
        session, case=case, action=Action.WITHDRAW, actor=actor, reason=reason, changes=changes
    )


def lgsco_received(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    received_on: date,
    actor: str,
    lgsco_reference: str | None = None,
) -> LgscoCase:
    service.transition(session, case=case, action=Action.LGSCO_RECEIVED, actor=actor)
    lgsco = LgscoCase(case_id=_id(case), lgsco_reference=lgsco_reference, received_on=received_on)
    session.add(lgsco)
    service.open_deadline(session, case=case, rule=DeadlineRule.LGSCO_RESPONSE, start=received_on)
    session.flush()
    return lgsco


def lgsco_decided(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    lgsco: LgscoCase,
    decided_on: date,
    decision: LgscoDecision,
    actor: str,
    remedy: str | None = None,
    remedy_cost_pence: int | None = None,
) -> LgscoCase:
    service.transition(
        session, case=case, action=Action.LGSCO_DECIDED, actor=actor, reason=decision.label
    )
    lgsco.decided_on, lgsco.decision = decided_on, decision
    lgsco.remedy, lgsco.remedy_cost_pence = remedy, remedy_cost_pence
    if remedy_cost_pence:
        session.add(
            Cost(
                case_id=_id(case),
                kind=CostKind.LGSCO_REMEDY,
                amount_pence=remedy_cost_pence,
                incurred_on=decided_on,
            )
        )
    _meet(service, session, case, [DeadlineRule.LGSCO_RESPONSE], decided_on)
    session.add(lgsco)
    return lgsco


def record_reason_for_delay(
    service: CaseService, session: Session, *, case: Case, reason: str, actor: str
) -> Case:
    """Why the current stage's response is late (the annual report counts these reasons).

    The text stays in the audit entry's before/after, not in its reason: the reason is echoed in
    the card's thread, and staff may name a child or a worker here."""
    stage = service.current_stage(session, case)
    if stage is None:
        raise_invalid(case, "record a reason for delay without a stage")
        raise AssertionError
    before = stage.reason_for_delay
    stage.reason_for_delay = reason
    session.add(stage)
    return service.note(
        session,
        case=case,
        action="reason_for_delay",
        actor=actor,
        before={"reason_for_delay": before},
        after={"reason_for_delay": reason},
    )


@dataclass(frozen=True)
class LoggedContact:
    """A phone call, visit, letter or compliment that staff type in (from Slack)."""

    channel: Channel
    record_kind: RecordKind
    name: str
    email: str | None
    phone: str | None
    child: str | None
    text: str


def log_contact(
    service: CaseService, session: Session, *, contact: LoggedContact, actor: str, now: datetime
) -> Case:
    """A new case from a contact a person logs: the case, its complainant, the child and what
    was said, as one internal note. Triage runs afterwards, in the same transaction."""
    case = service.create(
        session,
        record_kind=contact.record_kind,
        channel=contact.channel,
        received_at=now,
        actor=actor,
        subject=contact.text[:120],
    )
    session.add(
        Person(
            case_id=_id(case),
            role=PartyRole.COMPLAINANT,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
        )
    )
    if contact.child:
        session.add(Child(case_id=_id(case), name=contact.child))
    session.add(
        Correspondence(
            case_id=_id(case),
            direction=Direction.INTERNAL,
            channel=contact.channel,
            at=now,
            text=contact.text,
            author=actor[:80],
            subject=contact.text[:120],
        )
    )
    session.flush()
    return case


def record_refusal(session: Session, *, reference: str | None, actor: str, what: str) -> None:
    """Someone without the role tried an action: kept in the audit log, the case unchanged."""
    case = get_case(session, reference=reference) if reference else None
    audit.record(
        session,
        case_id=case.id if case else None,
        actor=actor,
        action="refused",
        reason=f"{what}: no role",
    )


def _running_stage(
    service: CaseService, session: Session, case: Case, kind: StageKind | None = None
) -> Stage:
    stage = service.current_stage(session, case)
    if (
        case.status != CaseStatus.OPEN
        or stage is None
        or stage.responded_on is not None
        or (kind is not None and stage.kind != kind)
    ):
        raise_invalid(case, f"act on an open {kind.label if kind else 'stage'}")
        raise AssertionError
    return stage


def _id(case: Case) -> int:
    assert case.id is not None
    return case.id
