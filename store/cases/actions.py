"""What staff do to a case (from Slack, the CLI or the scheduler's buttons), one function each.

Each action checks the lifecycle and the procedure's rules (cases/) first, then changes rows;
the service writes the audit entry and tells listeners (Slack cards, letters, reminders).
Dates are local dates (the council's calendar) and are the day the thing happened, checked
against receipt and today; moments are aware UTC. The Ombudsman's actions are in
store.cases.lgsco, pauses in store.cases.pauses, learning, costs and advocacy in
store.cases.records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from cases.enums import (
    CaseStatus,
    Channel,
    CostKind,
    Direction,
    IssueCategory,
    LearningStatus,
    Outcome,
    RecordKind,
    RemedyKind,
    StageKind,
    Timeliness,
)
from cases.lifecycle import Action, next_stage
from cases.procedure import (
    EscalationCheck,
    ProcedureError,
    check_escalation,
    check_event_date,
    issue_outcomes,
    overall_outcome,
)
from cases.timescales import (
    STAGE_3_STEPS,
    DeadlineRule,
    escalation_request_rule,
    extend_deadline,
    response_rule,
    timeliness,
)
from cases.timescales import Deadline as ComputedDeadline
from store import audit, deadlines
from store.cases.queries import get_case
from store.cases.service import CaseService, raise_invalid
from store.models import (
    Case,
    Child,
    Correspondence,
    Cost,
    Deadline,
    Issue,
    IssueOutcome,
    LearningAction,
    PartyRole,
    Person,
    Remedy,
    Stage,
)

__all__ = [
    "CostInput",
    "EscalationFacts",
    "LearningInput",
    "LoggedContact",
    "RemedyInput",
    "RemedyKind",
    "ResponseInput",
    "acknowledge",
    "assign",
    "chair_report",
    "close",
    "escalate",
    "escalation_facts",
    "extend",
    "log_contact",
    "numbered_issues",
    "panel_held",
    "record_reason_for_delay",
    "record_refusal",
    "record_response",
    "withdraw",
]


@dataclass(frozen=True)
class RemedyInput:
    kind: RemedyKind
    description: str | None = None
    amount_pence: int | None = None
    issue_number: int | None = None  # None: for the case as a whole


@dataclass(frozen=True)
class CostInput:
    kind: CostKind
    amount_pence: int
    description: str | None = None


@dataclass(frozen=True)
class LearningInput:
    text: str
    owner_team_id: str | None
    status: LearningStatus = LearningStatus.IDENTIFIED
    why_not_implemented: str | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class ResponseInput:
    responded_on: date
    # issue number (as `heard cases show` prints it, 1 upwards) -> outcome; every issue needs one
    issue_outcomes: Mapping[int, Outcome]
    # Older callers give one outcome for every issue; ignored when issue_outcomes are given.
    outcome: Outcome | None = None
    remedies: Sequence[RemedyInput] = ()
    costs: Sequence[CostInput] = ()
    learning: Sequence[LearningInput] = ()
    manager_contacted: bool | None = None
    reason_for_delay: str | None = None


def numbered_issues(session: Session, case: Case) -> list[tuple[int, Issue]]:
    """The case's issues numbered 1, 2, … in the order they were raised."""
    issues = session.exec(select(Issue).where(Issue.case_id == case.id).order_by(col(Issue.id)))
    return list(enumerate(issues, start=1))


def stage_started_on(service: CaseService, case: Case, stage: Stage) -> date:
    """The first day a stage can be answered: the day it opened, or, for the stage the case
    opened with, the day the mail came. Its clock counts from the next working day, but a
    complaint can be put right the evening it arrives."""
    if stage.opened_on == case.receipt_day:
        return min(stage.opened_on, service.arrived_on(case))
    return stage.opened_on


def event_date(service: CaseService, case: Case, on: date, *, today: date, what: str) -> date:
    """`on` checked to be the day something happened (InvalidTransition if it cannot be)."""
    try:
        return check_event_date(on, received_on=service.arrived_on(case), today=today, what=what)
    except ProcedureError as error:
        raise_invalid(case, str(error))
        raise AssertionError from None


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
        session, case=case, action=Action.ASSIGN, actor=actor, changes=changes, reason=assignee
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
    today: date | None = None,
) -> Case:
    """Extend the running stage's deadline with the complainant's agreement, given on or before
    the original due date; refused past the maximum (ExtensionRefused)."""
    stage = _running_stage(service, session, case)
    deadline = _response_deadline(session, stage)
    if deadline is None or deadline.met_on is not None:
        raise_invalid(case, "extend: the stage has no open deadline")
        raise AssertionError
    if agreed_on is not None and today is not None:
        event_date(service, case, agreed_on, today=today, what="the agreement date")
    current = ComputedDeadline(
        rule=DeadlineRule(deadline.rule),
        start=deadline.start_on,
        due=deadline.effective_due,
        maximum=deadline.maximum_on,
    )
    extended = extend_deadline(
        current,
        new_due=new_due,
        reason=reason,
        agreed_on=agreed_on,
        calendar=service.calendar,
        original_due=deadline.due_on,
    )

    def changes() -> None:
        deadline.extended_to = extended.due
        deadline.extension_reason = reason[:1000]
        deadline.extension_agreed_on = agreed_on
        deadline.extended_by = actor
        session.add(deadline)
        deadlines.notify(session, deadline, service.deadline_listeners)

    return service.transition(
        session,
        case=case,
        action=Action.EXTEND,
        actor=actor,
        reason=f"extended to {new_due:%-d %B %Y}: {reason}",
        changes=changes,
    )


def record_response(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    response: ResponseInput,
    actor: str,
    today: date | None = None,
) -> Case:
    """The stage's response: an outcome for every issue, remedies, costs and learning.

    At stage 3 this is the council's response to the panel, allowed once the chair's report is
    in; its timeliness is judged on the 15 working days from the report.
    """
    stage = _running_stage(service, session, case)
    if today is not None:
        event_date(service, case, response.responded_on, today=today, what="the response date")
    started = stage_started_on(service, case, stage)
    if response.responded_on < started:
        raise_invalid(case, f"respond before the stage started on {started:%-d %B %Y}")
    due = _response_deadline(session, stage)
    if stage.kind == StageKind.STATUTORY_3 and (due is None or due.met_on is not None):
        raise_invalid(case, "respond at stage 3 before the panel chair's report is recorded")
    numbered = numbered_issues(session, case)
    outcomes = _outcomes(case, session, numbered, response)

    def changes() -> None:
        stage.responded_on = response.responded_on
        stage.outcome = overall_outcome(list(outcomes.values()))
        stage.manager_contacted = response.manager_contacted
        stage.reason_for_delay = (response.reason_for_delay or "")[:1000] or None
        stage.responder = actor
        stage.working_days_taken = (
            service.calendar.working_days_between(
                stage.opened_on, max(stage.opened_on, response.responded_on)
            )
            - stage.paused_working_days
        )
        if due is not None:
            stage.timeliness = timeliness(
                responded_on=response.responded_on, due=due.due_on, extended_due=due.extended_to
            )
            deadlines.meet(
                session,
                deadlines=[due],
                on=response.responded_on,
                listeners=service.deadline_listeners,
            )
        session.add(stage)
        _store_outcomes(session, case, stage, dict(numbered), outcomes)
        _store_results(session, case, stage, dict(numbered), response)
        request_rule = escalation_request_rule(stage.kind)
        if request_rule is not None:
            service.open_deadline(
                session, case=case, rule=request_rule, start=response.responded_on, stage=stage
            )

    service.transition(
        session,
        case=case,
        action=Action.RESPOND,
        actor=actor,
        changes=changes,
        # Staff read this in the case's Slack thread and audit trail: words, not rule ids.
        reason=f"{stage.kind.label} answered on {response.responded_on:%-d %B %Y}",
    )
    return case


def _outcomes(
    case: Case, session: Session, numbered: list[tuple[int, Issue]], response: ResponseInput
) -> dict[int, Outcome]:
    given = dict(response.issue_outcomes)
    if not given and response.outcome is not None:
        given = {number: response.outcome for number, _ in numbered} or {1: response.outcome}
    if not numbered and given:
        # A case logged without issues gets one, so its outcome is kept per issue too.
        issue = Issue(case_id=_id(case), category=IssueCategory.OTHER)
        session.add(issue)
        session.flush()
        numbered.append((1, issue))
    try:
        return issue_outcomes([number for number, _ in numbered], given)
    except ProcedureError as error:
        raise_invalid(case, f"respond: {error}")
        raise AssertionError from None


def _store_outcomes(
    session: Session,
    case: Case,
    stage: Stage,
    issues: dict[int, Issue],
    outcomes: Mapping[int, Outcome],
) -> None:
    for number, outcome in outcomes.items():
        issue = issues[number]
        issue.outcome = outcome
        session.add(issue)
        session.add(
            IssueOutcome(
                case_id=_id(case), stage_id=_sid(stage), issue_id=_iid(issue), outcome=outcome
            )
        )


def _store_results(
    session: Session, case: Case, stage: Stage, issues: dict[int, Issue], response: ResponseInput
) -> None:
    for remedy in response.remedies:
        if remedy.issue_number is not None and remedy.issue_number not in issues:
            raise_invalid(case, f"respond: no issue {remedy.issue_number} for a remedy")
        issue = issues.get(remedy.issue_number) if remedy.issue_number is not None else None
        session.add(
            Remedy(
                case_id=_id(case),
                stage_id=stage.id,
                issue_id=issue.id if issue is not None else None,
                kind=remedy.kind,
                description=remedy.description,
                amount_pence=remedy.amount_pence,
            )
        )
    # A financial remedy is also a compensation cost, recorded like the costs staff enter.
    compensation = [
        CostInput(CostKind.COMPENSATION, remedy.amount_pence, remedy.description)
        for remedy in response.remedies
        if remedy.kind == RemedyKind.FINANCIAL and remedy.amount_pence
    ]
    for cost in (*compensation, *response.costs):
        session.add(
            Cost(
                case_id=_id(case),
                stage_id=stage.id,
                kind=cost.kind,
                amount_pence=cost.amount_pence,
                incurred_on=response.responded_on,
                description=cost.description,
            )
        )
    for learning in response.learning:
        session.add(
            LearningAction(
                case_id=_id(case),
                stage=stage.kind,
                stage_id=stage.id,
                text=learning.text[:2000],
                owner_team_id=learning.owner_team_id,
                status=learning.status,
                why_not_implemented=learning.why_not_implemented,
                identified_on=response.responded_on,
                due_on=learning.due_on,
            )
        )


@dataclass(frozen=True)
class EscalationFacts:
    """What a request for the next stage is judged against (`check`), so a form can say what is
    missing before anything changes."""

    stage: Stage
    responded: bool
    stage_due: date | None  # the current stage's response deadline, as extended
    request_due: date | None  # the last day to ask for the next stage, after a response
    request_rule: DeadlineRule | None

    def check(self, *, requested_on: date, reason: str | None) -> EscalationCheck:
        """The procedure's rule (ProcedureError if the request cannot be accepted)."""
        return check_escalation(
            stage=self.stage.kind,
            responded=self.responded,
            stage_due=self.stage_due,
            request_due=self.request_due,
            requested_on=requested_on,
            reason=reason,
        )


def escalation_facts(service: CaseService, session: Session, case: Case) -> EscalationFacts | None:
    """None when no stage has run."""
    current = service.current_stage(session, case)
    if current is None:
        return None
    responded = current.responded_on is not None
    stage_deadline = _response_deadline(session, current)
    request_rule = escalation_request_rule(current.kind)
    request_deadline = (
        deadlines.stage_deadline(session, stage=current, rule=request_rule)
        if request_rule and responded
        else None
    )
    if request_deadline is None and request_rule and responded:
        request_deadline = _latest(session, case, request_rule)
    return EscalationFacts(
        stage=current,
        responded=responded,
        stage_due=stage_deadline.effective_due if stage_deadline else None,
        request_due=request_deadline.effective_due if request_deadline else None,
        request_rule=request_rule,
    )


def escalate(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    requested_on: date,
    actor: str,
    reason: str | None = None,
    today: date | None = None,
) -> Case:
    """Open the next stage; its clock starts on the day the request was received.

    Allowed after a response (a late request only with the reason for discretion), on a stage
    left unanswered past its due date, or early for a historic or serious stage 1 that staff
    agree should go to stage 2 (who and why are recorded on the new stage).
    """
    facts = escalation_facts(service, session, case)
    if facts is None:
        raise_invalid(case, "escalate: no stage has run")
        raise AssertionError
    current, responded, request_rule = facts.stage, facts.responded, facts.request_rule
    if today is not None:
        event_date(service, case, requested_on, today=today, what="the request date")
    try:
        check = facts.check(requested_on=requested_on, reason=reason)
    except ProcedureError as error:
        raise_invalid(case, f"escalate: {error}")
        raise AssertionError from None
    following = next_stage(current.kind, case.route)

    def changes() -> None:
        if not responded:
            current.superseded_on = requested_on
            if not check.early_start:
                current.timeliness = Timeliness.LATE
            session.add(current)
            for deadline in deadlines.open_deadlines(session, case_id=_id(case)):
                if deadline.stage_id == current.id:
                    deadline.cancelled = True
                    session.add(deadline)
                    deadlines.notify(session, deadline, service.deadline_listeners)
        elif request_rule is not None:
            _meet(service, session, case, [request_rule], requested_on)

    service.transition(
        session,
        case=case,
        action=Action.ESCALATE,
        actor=actor,
        reason=reason,
        start_stage=following,
        changes=changes,
        stage_overdue=check.skipped_unanswered and not check.early_start,
    )
    assert case.stage is not None
    stage = service.start_stage(session, case, case.stage, start=requested_on)
    stage.requested_on = requested_on
    stage.opened_by = actor
    stage.request_late = check.late
    if check.early_start:
        stage.open_reason = f"started early (historic or serious): {reason}"
    elif check.skipped_unanswered:
        stage.open_reason = f"{current.kind.label} was not answered by its due date"
    elif check.late:
        stage.open_reason = f"late request accepted: {reason}"
    session.add(stage)
    session.flush()
    return case


def panel_held(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    held_on: date,
    actor: str,
    today: date | None = None,
) -> Case:
    return _stage_three_step(
        service, session, case=case, step=Action.PANEL_HELD, actor=actor, on=held_on, today=today
    )


def chair_report(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    received_on: date,
    actor: str,
    today: date | None = None,
) -> Case:
    return _stage_three_step(
        service,
        session,
        case=case,
        step=Action.CHAIR_REPORT,
        actor=actor,
        on=received_on,
        today=today,
    )


def _stage_three_step(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    step: Action,
    actor: str,
    on: date,
    today: date | None,
) -> Case:
    """Panel, then chair's report: each meets its own clock and opens the next one."""
    stage = _running_stage(service, session, case, kind=StageKind.STATUTORY_3)
    if today is not None:
        event_date(service, case, on, today=today, what="the date")
    met, following = STAGE_3_STEPS[step.value]
    open_step = deadlines.stage_deadline(session, stage=stage, rule=met)
    if open_step is None or open_step.met_on is not None or open_step.cancelled:
        done = "the panel is already recorded" if step == Action.PANEL_HELD else "no panel yet"
        raise_invalid(case, f"{step.value.replace('_', ' ')}: {done}")
    assert open_step is not None
    if on < open_step.start_on:
        raise_invalid(case, f"{step.value.replace('_', ' ')} before {open_step.start_on}")

    def changes() -> None:
        deadlines.meet(session, deadlines=[open_step], on=on, listeners=service.deadline_listeners)
        service.open_deadline(session, case=case, rule=following, start=on, stage=stage)

    service.transition(
        session, case=case, action=step, actor=actor, changes=changes, reason=f"{on:%-d %B %Y}"
    )
    return case


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
        case.paused_on = None
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
        case.paused_on = None
        deadlines.cancel_all(session, case_id=_id(case), listeners=service.deadline_listeners)

    return service.transition(
        session, case=case, action=Action.WITHDRAW, actor=actor, reason=reason, changes=changes
    )


def _response_deadline(session: Session, stage: Stage) -> Deadline | None:
    """The clock the stage's response meets (stage 3: the council's response)."""
    return deadlines.stage_deadline(session, stage=stage, rule=response_rule(stage.kind))


def _latest(session: Session, case: Case, rule: DeadlineRule) -> Deadline | None:
    statement = select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == rule.value)
    return session.exec(statement.order_by(col(Deadline.id).desc())).first()


def _meet(
    service: CaseService, session: Session, case: Case, rules: list[DeadlineRule], on: date
) -> None:
    deadlines.meet(
        session,
        deadlines=deadlines.open_deadlines(session, case_id=_id(case), rules=rules),
        on=on,
        listeners=service.deadline_listeners,
    )


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
    if case.paused_on is not None:
        raise_invalid(case, "act on a paused case: resume it first")
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


def _sid(stage: Stage) -> int:
    assert stage.id is not None
    return stage.id


def _iid(issue: Issue) -> int:
    assert issue.id is not None
    return issue.id
