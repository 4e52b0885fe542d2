"""The rules of the procedure that are not about moving between statuses: which dates staff may
enter, when a request to escalate is late, how per-issue outcomes make the stage's outcome,
what a remedy is written as, when an Ombudsman enquiry is premature, and how a pause moves the
clocks. Pure functions and tables, so every rule is tested on its own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cases.calendar import WorkingCalendar
from cases.enums import CaseStatus, LgscoDecision, Outcome, RemedyKind, Route, StageKind
from cases.lifecycle import next_stage

# The outcomes staff give an issue when a stage responds (the seeds' outcome tables: Bradford
# reports inconclusive, resolved, not applicable and withdrawn for about a fifth of complaints).
RESPONSE_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.UPHELD,
    Outcome.PARTIALLY_UPHELD,
    Outcome.NOT_UPHELD,
    Outcome.INCONCLUSIVE,
    Outcome.RESOLVED_EARLY,
    Outcome.NOT_APPLICABLE,
    Outcome.WITHDRAWN,
)
# The words staff may type for an outcome besides its stored value (the reports' metric names).
OUTCOME_WORDS: Mapping[str, Outcome] = {
    **{outcome.value: outcome for outcome in RESPONSE_OUTCOMES},
    "resolved": Outcome.RESOLVED_EARLY,
}
# An issue with one of these outcomes had no finding made on it: it does not weigh in the
# stage's outcome while another issue has one.
_NO_FINDING = frozenset({Outcome.WITHDRAWN, Outcome.NOT_APPLICABLE})
# The outcomes that judge what the complainant said: the family is owed the reason, so the
# response letter must carry staff's finding on each such issue (issue 23). Resolved, not
# applicable and withdrawn say no judgement and may go without one.
OUTCOMES_NEEDING_FINDING = frozenset(
    {Outcome.UPHELD, Outcome.PARTIALLY_UPHELD, Outcome.NOT_UPHELD, Outcome.INCONCLUSIVE}
)
# The remedies staff record, as the issue names them; FINANCIAL alone carries an amount.
RESPONSE_REMEDIES: tuple[RemedyKind, ...] = (
    RemedyKind.APOLOGY,
    RemedyKind.EXPLANATION,
    RemedyKind.SERVICE_PROVIDED,
    RemedyKind.FINANCIAL,
    RemedyKind.PRACTICE_CHANGE,
    RemedyKind.NO_REMEDY_REQUIRED,
)
# The findings the Ombudsman sends, as `heard case REF lgsco-decision --finding` takes them.
LGSCO_FINDINGS: tuple[LgscoDecision, ...] = (
    LgscoDecision.UPHELD_WITH_INJUSTICE,
    LgscoDecision.UPHELD_NO_FURTHER_ACTION,
    LgscoDecision.NOT_UPHELD,
    LgscoDecision.CLOSED_AFTER_INITIAL_ENQUIRIES,
    LgscoDecision.PREMATURE,
    LgscoDecision.OUT_OF_JURISDICTION,
    LgscoDecision.DISCRETION_NOT_TO_INVESTIGATE,
    LgscoDecision.NOT_INVESTIGATED,
)
FINDINGS_NEEDING_REASON = frozenset({LgscoDecision.NOT_INVESTIGATED})
# After these stages the council's procedure is exhausted and the Ombudsman may investigate.
FINAL_STAGES = frozenset({StageKind.STATUTORY_3, StageKind.CORPORATE_2})


class ProcedureError(ValueError):
    """Input the procedure does not allow; the message says what would be allowed."""


# --- dates staff enter ----------------------------------------------------------------------
def check_event_date(on: date, *, received_on: date, today: date, what: str = "the date") -> date:
    """A date staff enter is the day the thing happened: not before the complaint arrived and
    not in the future."""
    if on > today:
        raise ProcedureError(f"{what} {on.isoformat()} is in the future")
    if on < received_on:
        raise ProcedureError(
            f"{what} {on.isoformat()} is before the complaint was received "
            f"({received_on.isoformat()})"
        )
    return on


# --- escalation requests --------------------------------------------------------------------
@dataclass(frozen=True)
class EscalationCheck:
    late: bool  # requested after the request window; accepted with the reason for discretion
    skipped_unanswered: bool  # the current stage had no response (it was overdue)
    early_start: bool  # a historic or serious case moved on before its stage 1 was due


def check_escalation(
    *,
    stage: StageKind,
    responded: bool,
    stage_due: date | None,
    request_due: date | None,
    requested_on: date,
    reason: str | None,
) -> EscalationCheck:
    """May the complainant's request for the next stage be accepted?

    After a response: yes within the request window; after it only with the reason for using
    discretion. Without a response: yes once the stage is overdue (the complainant need not
    wait for an answer that never came); before that only for a stage 1 that staff agree to
    move on at once (historic or serious), with their reason.
    """
    has_reason = bool(reason and reason.strip())
    if responded:
        late = request_due is not None and requested_on > request_due
        if late and not has_reason:
            raise ProcedureError(
                f"the request came after {request_due.isoformat() if request_due else '-'}: "
                "give the reason for using discretion (--reason)"
            )
        return EscalationCheck(late=late, skipped_unanswered=False, early_start=False)
    if stage_due is not None and requested_on > stage_due:
        return EscalationCheck(late=False, skipped_unanswered=True, early_start=False)
    if stage == StageKind.STATUTORY_1 and has_reason:
        return EscalationCheck(late=False, skipped_unanswered=True, early_start=True)
    due = stage_due.isoformat() if stage_due else "its due date"
    raise ProcedureError(
        f"the stage is not answered and not overdue until after {due}; a historic or serious "
        "stage 1 moves to stage 2 early only with the reason staff agreed (--reason)"
    )


# --- outcomes -------------------------------------------------------------------------------
def issue_outcomes(
    issue_numbers: Sequence[int], given: Mapping[int, Outcome]
) -> dict[int, Outcome]:
    """Every issue needs its own outcome, and only the case's issues may have one."""
    unknown = sorted(set(given) - set(issue_numbers))
    if unknown:
        known = ", ".join(str(number) for number in issue_numbers) or "none"
        raise ProcedureError(f"no issue {unknown[0]} on this case (issues: {known})")
    missing = [number for number in issue_numbers if number not in given]
    if missing:
        raise ProcedureError(f"issue {missing[0]} needs an outcome (--outcome {missing[0]}=...)")
    for number, outcome in given.items():
        if outcome not in RESPONSE_OUTCOMES:
            allowed = ", ".join(_typed(choice) for choice in RESPONSE_OUTCOMES)
            raise ProcedureError(f"issue {number}: outcome must be one of {allowed}")
    return {number: given[number] for number in issue_numbers}


def issues_missing_findings(
    outcomes: Mapping[int, Outcome], findings: Mapping[int, str]
) -> list[int]:
    """The issues whose outcome owes the complainant a reason but have no finding written."""
    return sorted(
        number
        for number, outcome in outcomes.items()
        if outcome in OUTCOMES_NEEDING_FINDING and not (findings.get(number) or "").strip()
    )


UNCATEGORISED_ISSUE = "other"  # the category of an issue triage could not name (triage.rulebook)
POINT_MAX = 300  # what the complainant raised on such an issue: a line heading its finding


def issues_missing_points(
    categories: Mapping[int, str], points: Mapping[int, str | None]
) -> list[int]:
    """The issues with no category whose point (what the complainant raised, in a line the
    letter heads the finding with) is not recorded: the letter could only say 'Something else
    you raised' (walkerA, issue 23)."""
    return sorted(
        number
        for number, category in categories.items()
        if category == UNCATEGORISED_ISSUE and not (points.get(number) or "").strip()
    )


def missing_point_message(number: int) -> str:
    """What each adapter says next to the issue's point (the CLI adds its option)."""
    return (
        f"Issue {number} has no category: say in a line what the complainant raised, as the "
        "letter will give it before what you found"
    )


# Beside an uncategorised issue's point on the Slack and web forms.
POINT_HINT = (
    "Written for the complainant, in their terms: the letter gives it as the heading of what "
    "you found, e.g. Family time was cancelled twice without notice."
)

# Beside each issue's finding on the Slack and web forms.
FINDING_HINT = (
    "Written for the complainant: the response letter quotes it as written. "
    "Needed unless the outcome is resolved, not applicable or withdrawn."
)


# The review panel's form on Slack and the web: its optional time and place, and the two
# boxes that let a day through that casework.stage_three.arrange_panel otherwise refuses.
PANEL_DETAILS_HINT = (
    "Written for the complainant: the letter quotes it as written. "
    "Left empty, the letter says the council will write with them."
)
PANEL_ON_CLOSED_DAY = "The panel really meets on that day"
PANEL_ALREADY_MET = "The panel has already met on that day (no letter goes)"
PANEL_LATE = "The panel meets after its deadline (recorded as late)"


def missing_finding_message(number: int, outcome: Outcome) -> str:
    """What each adapter says next to the issue's finding (the CLI adds its option)."""
    return (
        f"Issue {number} is {outcome.label.lower()}: say what you found and why, "
        "for the complainant's letter"
    )


def parse_outcome(text: str) -> Outcome:
    """`upheld`, `partially-upheld`, `resolved` (or `resolved_early`), … → an outcome."""
    word = text.strip().lower().replace("-", "_").replace(" ", "_")
    if word not in OUTCOME_WORDS:
        allowed = ", ".join(_typed(outcome) for outcome in RESPONSE_OUTCOMES)
        raise ProcedureError(f"{text!r} is not one of {allowed}")
    return OUTCOME_WORDS[word]


def _typed(outcome: Outcome) -> str:
    return "resolved" if outcome == Outcome.RESOLVED_EARLY else outcome.value


def overall_outcome(outcomes: Sequence[Outcome]) -> Outcome:
    """The stage's outcome from its issues'.

    Issues withdrawn or not applicable do not count while another has a finding; of the rest,
    one outcome shared by all is the stage's; any fault found among others makes it partially
    upheld; otherwise inconclusive, then not upheld, outweigh resolved. With no finding at all,
    the stage is withdrawn if every issue was, else not applicable."""
    if not outcomes:
        return Outcome.NOT_APPLICABLE
    found = {outcome for outcome in outcomes if outcome not in _NO_FINDING}
    if not found:
        if all(outcome == Outcome.WITHDRAWN for outcome in outcomes):
            return Outcome.WITHDRAWN
        return Outcome.NOT_APPLICABLE
    if len(found) == 1:
        return next(iter(found))
    if found & {Outcome.UPHELD, Outcome.PARTIALLY_UPHELD}:
        return Outcome.PARTIALLY_UPHELD
    for outcome in (Outcome.INCONCLUSIVE, Outcome.NOT_UPHELD):
        if outcome in found:
            return outcome
    return Outcome.RESOLVED_EARLY


# --- remedies -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RemedySpec:
    kind: RemedyKind
    amount_pence: int | None = None


def parse_remedy(text: str) -> RemedySpec:
    """`apology`, `financial:250` or `financial:250.50` (pounds) → a remedy."""
    name, _, amount = text.strip().partition(":")
    allowed = ", ".join(kind.value for kind in RESPONSE_REMEDIES)
    try:
        kind = RemedyKind(name.strip().lower().replace("-", "_"))
    except ValueError:
        raise ProcedureError(f"unknown remedy {name!r} (one of {allowed})") from None
    if kind not in RESPONSE_REMEDIES:
        raise ProcedureError(f"unknown remedy {name!r} (one of {allowed})")
    if kind != RemedyKind.FINANCIAL:
        if amount:
            raise ProcedureError(f"only a financial remedy has an amount, not {kind.value}")
        return RemedySpec(kind)
    return RemedySpec(kind, pounds_to_pence(amount, what="a financial remedy"))


# A point upheld (or partly upheld) found the council at fault: the family is owed what the
# council will do to put it right, and the annual report counts the remedies (issue 23).
OUTCOMES_NEEDING_REMEDY = frozenset({Outcome.UPHELD, Outcome.PARTIALLY_UPHELD})
REMEDIES_PUTTING_RIGHT = frozenset(RESPONSE_REMEDIES) - {RemedyKind.NO_REMEDY_REQUIRED}
REMEDIES_HINT = "Needed when an issue is upheld or partially upheld. No remedy required goes alone."


def remedies_refusal(
    outcomes: Mapping[int, Outcome], remedies: Collection[RemedyKind]
) -> str | None:
    """Why these remedies cannot go with these outcomes (what every door says next to its
    remedies field; the CLI adds its option), or None when they can.

    "No remedy required" says none is owed, so it goes alone and never with an upheld point;
    a response upholding nothing may name no remedy at all."""
    chosen = set(remedies)
    if RemedyKind.NO_REMEDY_REQUIRED in chosen and len(chosen) > 1:
        return "No remedy required cannot go with other remedies"
    upheld = sorted(
        number for number, outcome in outcomes.items() if outcome in OUTCOMES_NEEDING_REMEDY
    )
    if upheld and not chosen & REMEDIES_PUTTING_RIGHT:
        number = upheld[0]
        return (
            f"Issue {number} is {outcomes[number].label.lower()}: choose what the council will "
            "do to put it right (an apology, an explanation, a service provided, a financial "
            "remedy or a change to practice)"
        )
    return None


def amount_refusal(remedies: Collection[RemedyKind], *, amount_typed: bool) -> str | None:
    """Why a financial remedy's amount cannot stand as typed, or None: a sum typed with no
    financial remedy ticked would be dropped without a word (walkerI: the web's response form
    sent an apology letter and kept none of the £100 typed), so every form asks which was
    meant. The amount itself is read by pounds_to_pence."""
    if amount_typed and RemedyKind.FINANCIAL not in set(remedies):
        return "Tick Financial under remedies, or leave this empty"
    return None


POUNDS_MAX = 100_000  # above any local-authority remedy or stage cost the LGSCO reports
LGSCO_COST_MAX = 1_000_000  # what the Ombudsman's remedy may cost, at most


def pounds_to_pence(text: str, *, what: str = "an amount", maximum: int = POUNDS_MAX) -> int:
    """A sum staff typed in pounds, as pence: more than £0 and at most `maximum` pounds, at
    every door (a slip of the keyboard must not put £99,999,999,999 in the report's costs)."""
    cleaned = text.strip().lstrip("£").replace(",", "")
    whole, _, fraction = cleaned.partition(".")
    said = what[:1].upper() + what[1:]
    if not whole.isascii() or not whole.isdigit() or (
        fraction and (not fraction.isascii() or not fraction.isdigit() or len(fraction) > 2)
    ):
        raise ProcedureError(f"{said} must be a sum in pounds, like 250 or 250.50")
    pence = int(whole) * 100 + int(fraction.ljust(2, "0") or 0)
    if pence <= 0:
        raise ProcedureError(f"{said} must be more than £0")
    if pence > maximum * 100:
        raise ProcedureError(f"{said} must be at most £{maximum:,}")
    return pence


# --- the Ombudsman --------------------------------------------------------------------------
def lgsco_premature(*, status: CaseStatus, stage: StageKind | None) -> bool:
    """An enquiry before the council's procedure is exhausted: a stage is still running, or the
    complainant may still ask for the next one. Enquiries about contacts never logged as
    complaints, withdrawn or closed cases are not premature."""
    if status in (CaseStatus.RECEIVED, CaseStatus.OPEN):
        return True
    return status == CaseStatus.RESPONDED and stage not in FINAL_STAGES


def check_lgsco_finding(finding: LgscoDecision, *, reason: str | None) -> None:
    if finding in FINDINGS_NEEDING_REASON and not (reason and reason.strip()):
        raise ProcedureError(f"{finding.label.lower()} needs the Ombudsman's reason (--reason)")


def refers_back(finding: LgscoDecision) -> bool:
    """Premature: the Ombudsman sends the complaint back to the council's procedure."""
    return finding == LgscoDecision.PREMATURE


def premature_return_stage(
    *, route: Route, status: CaseStatus, stage: StageKind | None, answered: bool
) -> StageKind | None:
    """The stage a complaint the Ombudsman found premature goes back to: the one the
    complainant had not finished. None: nothing restarts (a stage still running carries on
    with its own clock, and after the last stage nothing is left to finish).

    Never stage 1 when stage 1 was answered: the complainant had not asked for stage 2, so
    stage 2 is where the complaint goes back to (and likewise stage 3 after stage 2)."""
    if stage is None:  # never logged as a complaint, or not yet started: the first stage
        return StageKind.CORPORATE_1 if route == Route.CORPORATE else StageKind.STATUTORY_1
    if not answered:
        return None if status == CaseStatus.OPEN else stage
    return next_stage(stage, route)


# --- pauses ---------------------------------------------------------------------------------
def paused_working_days(*, paused_on: date, resumed_on: date, calendar: WorkingCalendar) -> int:
    """Working days the clocks stood still: from the day after the pause to the day of resuming.

    A case paused on Monday and resumed on Wednesday lost Tuesday and Wednesday; the pause day
    itself still counted.
    """
    if resumed_on < paused_on:
        raise ProcedureError(
            f"resumed {resumed_on.isoformat()} before it was paused on {paused_on.isoformat()}"
        )
    return calendar.working_days_between(paused_on, resumed_on)


def shift(day: date | None, working_days: int, *, calendar: WorkingCalendar) -> date | None:
    """A due date moved on by the working days a case was paused."""
    if day is None or working_days == 0:
        return day
    return calendar.add_working_days(day, working_days)
