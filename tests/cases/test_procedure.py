"""The procedure's rules, one table or function each (cases/procedure.py, timescales, lifecycle)."""

from __future__ import annotations

from datetime import date

import pytest

from cases.calendar import WorkingCalendar
from cases.enums import (
    CaseStatus,
    LgscoDecision,
    Outcome,
    RecordKind,
    RemedyKind,
    Route,
    StageKind,
    Timeliness,
)
from cases.lifecycle import Action, CaseState, InvalidTransition, apply
from cases.procedure import (
    LGSCO_FINDINGS,
    ProcedureError,
    RemedySpec,
    check_escalation,
    check_event_date,
    check_lgsco_finding,
    issue_outcomes,
    issues_missing_findings,
    lgsco_premature,
    overall_outcome,
    parse_outcome,
    parse_remedy,
    paused_working_days,
    premature_return_stage,
    refers_back,
    shift,
)
from cases.timescales import (
    DeadlineRule,
    ExtensionRefused,
    TimescalePolicy,
    compute_deadline,
    extend_deadline,
    response_rule,
    timeliness,
)

CALENDAR = WorkingCalendar()
POLICY = TimescalePolicy.from_overrides({})
MONDAY_BEFORE_CHRISTMAS = date(2026, 12, 21)  # 25 Dec, 28 Dec (Boxing Day moved), 1 Jan
WEDNESDAY_BEFORE_EASTER = date(2026, 4, 1)  # Good Friday 3 Apr, Easter Monday 6 Apr


# --- every timescale row of DOMAIN.md, across bank holidays ---------------------------------
@pytest.mark.parametrize(
    ("rule", "due", "maximum"),
    [
        (DeadlineRule.ACKNOWLEDGEMENT, date(2026, 12, 23), None),  # 2 WD
        (DeadlineRule.INFORMAL, date(2026, 12, 24), None),  # 3 WD
        (DeadlineRule.STATUTORY_1, date(2027, 1, 7), date(2027, 1, 21)),  # 10, up to 20
        (DeadlineRule.STAGE_2_REQUEST, date(2027, 1, 21), None),  # 20 WD
        (DeadlineRule.STATUTORY_2, date(2027, 1, 28), date(2027, 3, 25)),  # 25, up to 65
        (DeadlineRule.STAGE_3_REQUEST, date(2027, 1, 21), None),  # 20 WD
        (DeadlineRule.STAGE_3_PANEL, date(2027, 2, 4), None),  # panel within 30 WD
        (DeadlineRule.PANEL_REPORT, date(2026, 12, 30), None),  # chair's report within 5
        (DeadlineRule.COUNCIL_RESPONSE, date(2027, 1, 14), None),  # response within 15
        (DeadlineRule.CORPORATE_1, date(2027, 1, 7), date(2027, 1, 21)),  # 10 (configurable)
        (DeadlineRule.CORPORATE_2_REQUEST, date(2027, 1, 21), None),
        (DeadlineRule.CORPORATE_2, date(2027, 1, 7), date(2027, 1, 21)),  # 10 (configurable)
    ],
)
def test_every_timescale_over_christmas(
    rule: DeadlineRule, due: date, maximum: date | None
) -> None:
    deadline = compute_deadline(
        rule, start=MONDAY_BEFORE_CHRISTMAS, calendar=CALENDAR, policy=POLICY
    )
    assert (deadline.due, deadline.maximum) == (due, maximum)


@pytest.mark.parametrize(
    ("rule", "due"),
    [
        (DeadlineRule.ACKNOWLEDGEMENT, date(2026, 4, 7)),
        (DeadlineRule.INFORMAL, date(2026, 4, 8)),
        (DeadlineRule.STATUTORY_1, date(2026, 4, 17)),
        (DeadlineRule.PANEL_REPORT, date(2026, 4, 10)),
        (DeadlineRule.STAGE_3_PANEL, date(2026, 5, 18)),  # Early May bank holiday too
    ],
)
def test_timescales_over_easter(rule: DeadlineRule, due: date) -> None:
    deadline = compute_deadline(
        rule, start=WEDNESDAY_BEFORE_EASTER, calendar=CALENDAR, policy=POLICY
    )
    assert deadline.due == due


def test_stage_three_is_judged_on_the_councils_response() -> None:
    """The issue's example: panel 13 May, chair's report 18 May, response 1 June 2026, all in
    time (Spring bank holiday 25 May in between)."""
    assert response_rule(StageKind.STATUTORY_3) == DeadlineRule.COUNCIL_RESPONSE
    assert response_rule(StageKind.STATUTORY_1) == DeadlineRule.STATUTORY_1
    report = compute_deadline(
        DeadlineRule.PANEL_REPORT, start=date(2026, 5, 13), calendar=CALENDAR, policy=POLICY
    )
    assert date(2026, 5, 18) <= report.due
    response = compute_deadline(
        DeadlineRule.COUNCIL_RESPONSE, start=date(2026, 5, 18), calendar=CALENDAR, policy=POLICY
    )
    assert response.due == date(2026, 6, 9)
    verdict = timeliness(responded_on=date(2026, 6, 1), due=response.due, extended_due=None)
    assert verdict == Timeliness.IN_TIME


# --- extensions -----------------------------------------------------------------------------
def test_an_extension_agreed_after_the_due_date_is_refused() -> None:
    stage_one = compute_deadline(
        DeadlineRule.STATUTORY_1, start=date(2026, 3, 2), calendar=CALENDAR, policy=POLICY
    )
    with pytest.raises(ExtensionRefused, match="after the due date 2026-03-16"):
        extend_deadline(
            stage_one,
            new_due=date(2026, 3, 27),
            reason="social worker off sick",
            agreed_on=date(2026, 3, 17),
            calendar=CALENDAR,
        )
    on_the_day = extend_deadline(
        stage_one,
        new_due=date(2026, 3, 27),
        reason="social worker off sick",
        agreed_on=date(2026, 3, 16),
        calendar=CALENDAR,
    )
    assert on_the_day.due == date(2026, 3, 27)


def test_stage_two_extends_to_65_working_days_without_agreement() -> None:
    """The seeds describe no agreement for stage 2's 65 days: the reason is enough."""
    stage_two = compute_deadline(
        DeadlineRule.STATUTORY_2, start=date(2026, 3, 2), calendar=CALENDAR, policy=POLICY
    )
    assert stage_two.maximum == date(2026, 6, 5)
    unagreed = extend_deadline(
        stage_two, new_due=date(2026, 6, 5), reason="x", agreed_on=None, calendar=CALENDAR
    )
    assert unagreed.due == date(2026, 6, 5)
    extended = extend_deadline(
        stage_two,
        new_due=date(2026, 6, 5),
        reason="investigator needs the records",
        agreed_on=date(2026, 4, 1),
        calendar=CALENDAR,
    )
    assert extended.due == date(2026, 6, 5)
    with pytest.raises(ExtensionRefused, match="at the most"):
        extend_deadline(
            stage_two,
            new_due=date(2026, 6, 8),
            reason="x",
            agreed_on=date(2026, 4, 1),
            calendar=CALENDAR,
        )


# --- dates staff enter ----------------------------------------------------------------------
def test_event_dates_are_between_receipt_and_today() -> None:
    received, today = date(2026, 3, 2), date(2026, 3, 20)
    assert check_event_date(date(2026, 3, 10), received_on=received, today=today) == date(
        2026, 3, 10
    )
    with pytest.raises(ProcedureError, match="future"):
        check_event_date(date(2026, 3, 21), received_on=received, today=today)
    with pytest.raises(ProcedureError, match="before the complaint was received"):
        check_event_date(date(2026, 3, 1), received_on=received, today=today)


# --- escalation -----------------------------------------------------------------------------
def test_stage_two_may_be_requested_once_stage_one_is_overdue() -> None:
    early = dict(stage=StageKind.STATUTORY_1, responded=False, request_due=None, reason=None)
    with pytest.raises(ProcedureError, match="not overdue"):
        check_escalation(stage_due=date(2026, 3, 16), requested_on=date(2026, 3, 16), **early)  # type: ignore[arg-type]
    check = check_escalation(stage_due=date(2026, 3, 16), requested_on=date(2026, 3, 17), **early)  # type: ignore[arg-type]
    assert check.skipped_unanswered and not check.early_start and not check.late


def test_historic_stage_one_moves_to_stage_two_early_only_with_a_reason() -> None:
    check = check_escalation(
        stage=StageKind.STATUTORY_1,
        responded=False,
        stage_due=date(2026, 3, 16),
        request_due=None,
        requested_on=date(2026, 3, 3),
        reason="adult, historic abuse in care",
    )
    assert check.early_start
    with pytest.raises(ProcedureError):
        check_escalation(
            stage=StageKind.STATUTORY_2,
            responded=False,
            stage_due=date(2026, 4, 8),
            request_due=None,
            requested_on=date(2026, 3, 3),
            reason="serious",
        )


def test_a_late_request_needs_the_reason_for_discretion() -> None:
    late = dict(
        stage=StageKind.STATUTORY_1, responded=True, stage_due=None, request_due=date(2026, 4, 21)
    )
    assert not check_escalation(requested_on=date(2026, 4, 21), reason=None, **late).late  # type: ignore[arg-type]
    with pytest.raises(ProcedureError, match="discretion"):
        check_escalation(requested_on=date(2026, 4, 22), reason=" ", **late)  # type: ignore[arg-type]
    assert check_escalation(requested_on=date(2026, 4, 22), reason="in hospital", **late).late  # type: ignore[arg-type]


# --- outcomes and remedies ------------------------------------------------------------------
def test_every_issue_gets_its_own_outcome() -> None:
    outcomes = issue_outcomes([1, 2], {1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD})
    assert overall_outcome(list(outcomes.values())) == Outcome.PARTIALLY_UPHELD
    with pytest.raises(ProcedureError, match="issue 2 needs an outcome"):
        issue_outcomes([1, 2], {1: Outcome.UPHELD})
    with pytest.raises(ProcedureError, match="no issue 3"):
        issue_outcomes([1, 2], {1: Outcome.UPHELD, 2: Outcome.UPHELD, 3: Outcome.UPHELD})
    assert issue_outcomes([1], {1: Outcome.WITHDRAWN}) == {1: Outcome.WITHDRAWN}


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("inconclusive", Outcome.INCONCLUSIVE),
        ("resolved", Outcome.RESOLVED_EARLY),
        ("resolved_early", Outcome.RESOLVED_EARLY),
        ("not-applicable", Outcome.NOT_APPLICABLE),
        ("Withdrawn", Outcome.WITHDRAWN),
        ("partially_upheld", Outcome.PARTIALLY_UPHELD),
    ],
)
def test_every_outcome_the_seeds_count_can_be_given(typed: str, outcome: Outcome) -> None:
    assert parse_outcome(typed) == outcome


def test_a_finding_is_owed_for_every_issue_judged() -> None:
    outcomes = {n: outcome for n, outcome in enumerate(Outcome, start=1)}
    owed = {outcomes[n] for n in issues_missing_findings(outcomes, {})}
    assert owed == {Outcome.UPHELD, Outcome.PARTIALLY_UPHELD, Outcome.NOT_UPHELD,
                    Outcome.INCONCLUSIVE}  # fmt: skip
    found = {n: "We read the file." for n in outcomes}
    assert issues_missing_findings(outcomes, found) == []
    assert issues_missing_findings({1: Outcome.UPHELD}, {1: " \n "}) == [1]


def test_an_unknown_outcome_names_the_ones_allowed() -> None:
    with pytest.raises(ProcedureError, match="inconclusive, resolved, not_applicable, withdrawn"):
        parse_outcome("sort of")


@pytest.mark.parametrize(
    ("outcomes", "overall"),
    [
        ([Outcome.UPHELD, Outcome.UPHELD], Outcome.UPHELD),
        ([Outcome.NOT_UPHELD], Outcome.NOT_UPHELD),
        ([Outcome.UPHELD, Outcome.NOT_UPHELD], Outcome.PARTIALLY_UPHELD),
        ([Outcome.PARTIALLY_UPHELD, Outcome.PARTIALLY_UPHELD], Outcome.PARTIALLY_UPHELD),
        ([], Outcome.NOT_APPLICABLE),
        ([Outcome.INCONCLUSIVE], Outcome.INCONCLUSIVE),
        ([Outcome.RESOLVED_EARLY, Outcome.RESOLVED_EARLY], Outcome.RESOLVED_EARLY),
        ([Outcome.WITHDRAWN, Outcome.WITHDRAWN], Outcome.WITHDRAWN),
        ([Outcome.WITHDRAWN, Outcome.NOT_APPLICABLE], Outcome.NOT_APPLICABLE),
        ([Outcome.UPHELD, Outcome.WITHDRAWN], Outcome.UPHELD),
        ([Outcome.NOT_UPHELD, Outcome.NOT_APPLICABLE], Outcome.NOT_UPHELD),
        ([Outcome.UPHELD, Outcome.INCONCLUSIVE], Outcome.PARTIALLY_UPHELD),
        ([Outcome.NOT_UPHELD, Outcome.INCONCLUSIVE], Outcome.INCONCLUSIVE),
        ([Outcome.RESOLVED_EARLY, Outcome.NOT_UPHELD], Outcome.NOT_UPHELD),
    ],
)
def test_overall_outcome(outcomes: list[Outcome], overall: Outcome) -> None:
    assert overall_outcome(outcomes) == overall


@pytest.mark.parametrize(
    ("text", "remedy"),
    [
        ("apology", RemedySpec(RemedyKind.APOLOGY)),
        ("service-provided", RemedySpec(RemedyKind.SERVICE_PROVIDED)),
        ("financial:250", RemedySpec(RemedyKind.FINANCIAL, 25000)),
        ("financial:£1,250.5", RemedySpec(RemedyKind.FINANCIAL, 125050)),
        ("no_remedy_required", RemedySpec(RemedyKind.NO_REMEDY_REQUIRED)),
    ],
)
def test_remedies(text: str, remedy: RemedySpec) -> None:
    assert parse_remedy(text) == remedy


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hug", "unknown remedy"),
        ("financial", "a sum in pounds"),
        ("financial:0", "more than"),
        ("financial:12.345", "a sum in pounds"),
        ("financial:99999999999", "at most £100,000"),  # the cap Slack's modal had alone
        ("financial:１２", "a sum in pounds"),  # full-width digits are not a sum
        ("apology:5", "only a financial remedy"),
        ("action_taken", "unknown remedy"),
    ],
)
def test_remedy_refusals(text: str, message: str) -> None:
    with pytest.raises(ProcedureError, match=message):
        parse_remedy(text)


# --- the Ombudsman --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "stage", "premature"),
    [
        (CaseStatus.OPEN, StageKind.STATUTORY_1, True),
        (CaseStatus.RESPONDED, StageKind.STATUTORY_2, True),
        (CaseStatus.RECEIVED, None, True),
        (CaseStatus.RESPONDED, StageKind.STATUTORY_3, False),
        (CaseStatus.RESPONDED, StageKind.CORPORATE_2, False),
        (CaseStatus.NOT_LOGGED, None, False),
        (CaseStatus.WITHDRAWN, StageKind.STATUTORY_1, False),
        (CaseStatus.CLOSED, StageKind.STATUTORY_1, False),
    ],
)
def test_premature_enquiries(status: CaseStatus, stage: StageKind | None, premature: bool) -> None:
    assert lgsco_premature(status=status, stage=stage) is premature


def test_findings() -> None:
    with pytest.raises(ProcedureError, match="reason"):
        check_lgsco_finding(LgscoDecision.NOT_INVESTIGATED, reason=None)
    check_lgsco_finding(LgscoDecision.NOT_INVESTIGATED, reason="late complaint")
    assert refers_back(LgscoDecision.PREMATURE)
    assert not refers_back(LgscoDecision.UPHELD_WITH_INJUSTICE)
    assert LgscoDecision.OUT_OF_JURISDICTION in LGSCO_FINDINGS
    assert LgscoDecision.DISCRETION_NOT_TO_INVESTIGATE in LGSCO_FINDINGS


@pytest.mark.parametrize(
    ("route", "status", "stage", "answered", "back_to"),
    [
        # stage 1 answered, stage 2 never asked for: stage 2, never stage 1 again
        (Route.STATUTORY, CaseStatus.RESPONDED, StageKind.STATUTORY_1, True, StageKind.STATUTORY_2),
        (Route.STATUTORY, CaseStatus.CLOSED, StageKind.STATUTORY_1, True, StageKind.STATUTORY_2),
        (Route.STATUTORY, CaseStatus.RESPONDED, StageKind.STATUTORY_2, True, StageKind.STATUTORY_3),
        (Route.CORPORATE, CaseStatus.RESPONDED, StageKind.CORPORATE_1, True, StageKind.CORPORATE_2),
        # a pre-complaint answered informally: the formal first stage
        (Route.STATUTORY, CaseStatus.CLOSED, StageKind.INFORMAL, True, StageKind.STATUTORY_1),
        # a stage still running carries on with its own clock
        (Route.STATUTORY, CaseStatus.OPEN, StageKind.STATUTORY_2, False, None),
        # withdrawn before the answer: that stage again
        (
            Route.STATUTORY,
            CaseStatus.WITHDRAWN,
            StageKind.STATUTORY_2,
            False,
            StageKind.STATUTORY_2,
        ),
        # never logged: the first stage of its route
        (Route.NOT_LOGGED, CaseStatus.NOT_LOGGED, None, False, StageKind.STATUTORY_1),
        (Route.CORPORATE, CaseStatus.RECEIVED, None, False, StageKind.CORPORATE_1),
        # the procedure was finished: nothing left to go back to
        (Route.STATUTORY, CaseStatus.CLOSED, StageKind.STATUTORY_3, True, None),
    ],
)
def test_premature_goes_back_to_the_stage_not_finished(
    route: Route,
    status: CaseStatus,
    stage: StageKind | None,
    answered: bool,
    back_to: StageKind | None,
) -> None:
    assert (
        premature_return_stage(route=route, status=status, stage=stage, answered=answered)
        == back_to
    )


def test_ombudsman_at_any_point_and_premature_restarts_stage_one() -> None:
    not_logged = CaseState("R", RecordKind.COMPLAINT, Route.NOT_LOGGED, CaseStatus.NOT_LOGGED, None)
    enquired = apply(not_logged, Action.LGSCO_RECEIVED)
    assert enquired.lgsco_open
    with pytest.raises(InvalidTransition, match="already open"):
        apply(enquired, Action.LGSCO_RECEIVED)
    restarted = apply(enquired, Action.LGSCO_DECIDED, start_stage=StageKind.STATUTORY_1)
    assert (restarted.status, restarted.stage, restarted.lgsco_open) == (
        CaseStatus.OPEN,
        StageKind.STATUTORY_1,
        False,
    )


# --- pause ----------------------------------------------------------------------------------
def test_pause_counts_working_days_and_moves_due_dates() -> None:
    # Paused Thursday 2 April 2026, resumed Thursday 9 April: Good Friday and Easter Monday
    # are not working days, so 7, 8 and 9 April were lost.
    lost = paused_working_days(
        paused_on=date(2026, 4, 2), resumed_on=date(2026, 4, 9), calendar=CALENDAR
    )
    assert lost == 3
    assert shift(date(2026, 4, 17), lost, calendar=CALENDAR) == date(2026, 4, 22)
    assert shift(None, lost, calendar=CALENDAR) is None
    with pytest.raises(ProcedureError):
        paused_working_days(
            paused_on=date(2026, 4, 9), resumed_on=date(2026, 4, 2), calendar=CALENDAR
        )


def test_a_paused_case_waits_for_resume() -> None:
    running = CaseState(
        "R", RecordKind.COMPLAINT, Route.STATUTORY, CaseStatus.OPEN, StageKind.STATUTORY_1
    )
    paused = apply(running, Action.PAUSE)
    for action in (Action.RESPOND, Action.EXTEND, Action.ESCALATE, Action.PAUSE):
        with pytest.raises(InvalidTransition, match="paused"):
            apply(paused, action)
    assert not apply(paused, Action.RESUME).paused
    assert apply(paused, Action.WITHDRAW).status == CaseStatus.WITHDRAWN
    with pytest.raises(InvalidTransition, match="not paused"):
        apply(running, Action.RESUME)
