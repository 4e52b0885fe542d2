"""Recording a stage's response: an outcome for every issue, the remedies, costs and learning,
the reason for delay if it was late; the escalation window opens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.day_words import long_date
from cases.enums import (
    CostKind,
    IssueCategory,
    LearningStatus,
    Outcome,
    RemedyKind,
    ReportKind,
    StageKind,
)
from cases.lifecycle import Action, InvalidTransition
from cases.permissions import StaffAction
from cases.procedure import (
    POINT_MAX,
    ProcedureError,
    issue_outcomes,
    issues_missing_findings,
    issues_missing_points,
    missing_finding_message,
    missing_point_message,
    overall_outcome,
    remedies_refusal,
)
from cases.text_limits import FINDING_MAX, LEARNING_MAX, REASON_MAX
from cases.timescales import escalation_request_rule, timeliness
from casework.finished import refuse_if_finished
from casework.reading import record_read
from casework.service import (
    CaseService,
    case_id,
    check_due_on,
    raise_invalid,
    raise_refused,
    refuse_too_long,
)
from casework.stages import response_deadline, running_stage, stage_started_on
from store import deadlines
from store.cases.queries import numbered_issues
from store.cases.stage_reports import latest_reports
from store.models import (
    Case,
    Cost,
    Issue,
    IssueOutcome,
    LearningAction,
    Remedy,
    Stage,
    StageReport,
)


class NoReasonForDelay(InvalidTransition):
    """Refused: a response sent after its deadline with no reason for the delay. Typed so that
    each adapter puts it where staff type that reason (Slack's block, the web form's field, the
    CLI's --delay-reason)."""


def no_reason_for_delay(due: date) -> str:
    """What every door says when a late response gives no reason for its delay."""
    return f"The response was due by {long_date(due)}: say why it was late"


class NoPoint(InvalidTransition):
    """Refused: an issue with no category and no line saying what the complainant raised (the
    letter would head its finding 'Something else you raised'). Typed so each door puts it
    beside that issue's point."""

    def __init__(self, message: str, *, said: str | None = None, number: int = 0) -> None:
        super().__init__(message, said=said)
        self.number = number


class NoDelayReasonForComplainant(InvalidTransition):
    """Refused: a late response with no reason for the delay written for the complainant (the
    letter apologises and gives it; staff's own reason may name a child or a worker and never
    reaches a letter). Typed so each door puts it beside that field."""


def no_delay_reason_for_complainant(due: date) -> str:
    """What every door says when a late response has no reason the complainant would read."""
    return (
        f"The response was due by {long_date(due)}: say why it is late as the complainant will "
        "read it (the letter apologises for the delay and gives this reason)"
    )


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
    # Did a manager call or meet the complainant? None: not answered, which no door may
    # take as "no" (the annual report counts answered ones only: manager_contact_recorded).
    manager_contacted: bool | None = None
    reason_for_delay: str | None = None  # staff's own words: never in a letter
    # A late response: why, written for the complainant; the letter apologises and quotes it.
    delay_reason_for_complainant: str | None = None
    # issue number -> what staff found on it, written for the complainant: the response letter
    # quotes it as written (internal notes never reach a letter).
    findings: Mapping[int, str] = field(default_factory=dict)
    # issue number -> what the complainant raised, in a line, for an issue with no category:
    # the letter heads its finding with it (kept on the issue for later stages' letters)
    points: Mapping[int, str] = field(default_factory=dict)
    # statutory stage 2: staff chose to send the investigating officer's and the independent
    # person's reports with the response (the letter says they are enclosed); never otherwise
    enclose_reports: bool = False


def _refuse_too_long(case: Case, response: ResponseInput) -> None:
    """What staff wrote that is longer than every door allows (cases.text_limits), refused."""
    for number, text in sorted(response.findings.items()):
        refuse_too_long(case, text, limit=FINDING_MAX, what=f"What you found on issue {number}",
                        field=f"finding {number}")  # fmt: skip
    refuse_too_long(case, response.reason_for_delay, limit=REASON_MAX,
                    what="The reason for delay", field="reason_for_delay")  # fmt: skip
    refuse_too_long(case, response.delay_reason_for_complainant, limit=REASON_MAX,
                    what="The reason for delay for the complainant",
                    field="delay_reason_for_complainant")  # fmt: skip
    for item in response.learning:
        refuse_too_long(case, item.text, limit=LEARNING_MAX, what="A learning action",
                        field="learning")  # fmt: skip


def record_response(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    response: ResponseInput,
    actor: Actor,
    today: date | None = None,
) -> Case:
    """The stage's response: an outcome for every issue, remedies, costs and learning.

    At stage 3 this is the council's response to the panel, allowed once the chair's report is
    in; its timeliness is judged on the 15 working days from the report.
    """
    stage = running_stage(service, session, case)
    if today is not None:
        service.event_date(case, response.responded_on, today=today, what="the response date")
    _refuse_too_long(case, response)
    started = stage_started_on(service, case, stage)
    if response.responded_on < started:
        raise_invalid(case, f"respond before the stage started on {started:%-d %B %Y}")
    due = response_deadline(session, stage)
    if stage.kind == StageKind.STATUTORY_3 and (due is None or due.met_on is not None):
        raise_invalid(case, "respond at stage 3 before the panel chair's report is recorded")
    if (
        stage.kind == StageKind.STATUTORY_3
        and due is not None
        and response.responded_on < due.start_on
    ):
        # the council answers the panel's report: not before it had it (Slack's form says so too)
        raise_invalid(
            case, f"respond before the panel chair's report arrived on {due.start_on:%-d %B %Y}"
        )
    numbered = numbered_issues(session, case_id=case_id(case))
    # the issues staff or triage logged (a case logged without any gets one below, for its
    # outcome: the complaint as a whole, which needs no point of its own)
    logged = {number: issue for number, issue in numbered}
    outcomes = _outcomes(case, session, numbered, response)
    unknown = sorted(set(response.findings) - set(outcomes))
    if unknown:
        raise_invalid(case, f"respond: no issue {unknown[0]} for a finding")
    unknown = sorted(set(response.points) - set(outcomes))
    if unknown:
        raise_invalid(case, f"respond: no issue {unknown[0]} for a point")
    points = {
        number: (response.points.get(number) or "").strip()[:POINT_MAX] or issue.point
        for number, issue in logged.items()
    }
    # The adapters check these next to their fields; here they hold for every caller.
    missing = issues_missing_points(
        {number: str(issue.category) for number, issue in logged.items()}, points
    )
    for number in missing:
        stage_words = case.stage.value if case.stage else "no stage"
        said = missing_point_message(number)
        raise NoPoint(
            f"{case.reference} ({case.status.value}, {stage_words}): {said}",
            said=said,
            number=number,
        )
    for number in issues_missing_findings(outcomes, response.findings):
        raise_refused(case, missing_finding_message(number, outcomes[number]))
    refusal = remedies_refusal(outcomes, [remedy.kind for remedy in response.remedies])
    if refusal:
        raise_refused(case, refusal)
    enclosed = reports_to_enclose(case, session, stage) if response.enclose_reports else []
    # Late is after the deadline as extended (its days are already working days on the
    # council's calendar); a reason recorded earlier (the overdue chaser's button) stands.
    delay_reason = (response.reason_for_delay or "").strip() or stage.reason_for_delay
    late = due is not None and response.responded_on > due.effective_due
    if late and not delay_reason:
        assert due is not None
        raise_refused(case, no_reason_for_delay(due.effective_due), refusal=NoReasonForDelay)
    told = (response.delay_reason_for_complainant or "").strip()[:1000] or None
    if late and told is None:
        assert due is not None
        raise_refused(
            case,
            no_delay_reason_for_complainant(due.effective_due),
            refusal=NoDelayReasonForComplainant,
        )

    def changes() -> None:
        stage.responded_on = response.responded_on
        stage.outcome = overall_outcome(list(outcomes.values()))
        stage.manager_contacted = response.manager_contacted
        stage.reason_for_delay = (delay_reason or "")[:1000] or None
        stage.delay_reason_for_complainant = told if late else None
        stage.responder = str(actor)
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
        for number, issue in logged.items():
            if points.get(number) and points[number] != issue.point:
                issue.point = points[number]
                session.add(issue)
        _store_outcomes(session, case, stage, dict(numbered), outcomes, response.findings)
        _store_results(session, case, stage, dict(numbered), response)
        for report in enclosed:  # before the letter is written: it reads which go with it
            report.enclosed = True
            session.add(report)
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
    if actor.is_staff:  # answering is reading: whoever answered it, at whichever door, read it
        record_read(
            session, reference=case.reference, actor=actor, at=service.clock.now(), where="answered"
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
        issue = Issue(case_id=case_id(case), category=IssueCategory.OTHER)
        session.add(issue)
        session.flush()
        numbered.append((1, issue))
    try:
        return issue_outcomes([number for number, _ in numbered], given)
    except ProcedureError as error:
        raise_invalid(case, f"respond: {error}")


def _store_outcomes(
    session: Session,
    case: Case,
    stage: Stage,
    issues: dict[int, Issue],
    outcomes: Mapping[int, Outcome],
    findings: Mapping[int, str],
) -> None:
    for number, outcome in outcomes.items():
        issue = issues[number]
        issue.outcome = outcome
        session.add(issue)
        session.add(
            IssueOutcome(
                case_id=case_id(case),
                stage_id=_sid(stage),
                issue_id=_iid(issue),
                outcome=outcome,
                finding=(findings.get(number) or "").strip()[:4000] or None,
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
                case_id=case_id(case),
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
                case_id=case_id(case),
                stage_id=stage.id,
                kind=cost.kind,
                amount_pence=cost.amount_pence,
                incurred_on=response.responded_on,
                description=cost.description,
            )
        )
    for learning in response.learning:
        check_due_on(case, learning.due_on, after=response.responded_on, what="a learning action")
        session.add(
            LearningAction(
                case_id=case_id(case),
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


def record_reason_for_delay(
    service: CaseService, session: Session, *, case: Case, reason: str, actor: Actor
) -> Case:
    """Why the current stage's response is late (the annual report counts these reasons).

    The text stays in the audit entry's before/after, not in its reason: the reason is echoed in
    the card's thread, and staff may name a child or a worker here."""
    refuse_if_finished(session, case, StaffAction.REASON_FOR_DELAY, what="a reason for delay")
    stage = service.current_stage(session, case)
    if stage is None:
        raise_invalid(case, "record a reason for delay without a stage")
    before = stage.reason_for_delay
    stage.reason_for_delay = reason
    session.add(stage)
    return service.note(
        session,
        case=case,
        action=Note.REASON_FOR_DELAY,
        actor=actor,
        before={"reason_for_delay": before},
        after={"reason_for_delay": reason},
    )


def _sid(stage: Stage) -> int:
    assert stage.id is not None
    return stage.id


def _iid(issue: Issue) -> int:
    assert issue.id is not None
    return issue.id


def reports_to_enclose(case: Case, session: Session, stage: Stage) -> list[StageReport]:
    """The stage 2 reports a response encloses when staff choose: the latest of each kind, and
    both must be held (the complainant is entitled to both)."""
    if stage.kind != StageKind.STATUTORY_2:
        raise_invalid(
            case, "enclose the reports: only a statutory stage 2 response is decided on them"
        )
    held = latest_reports(session, stage=stage)
    for kind in ReportKind:
        if kind not in held:
            raise_invalid(
                case,
                f"enclose the reports: heard holds no {kind.label.lower()} for this stage; "
                "attach it first",
            )
    return [held[kind] for kind in ReportKind]
