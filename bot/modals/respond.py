"""Record response: the card's button opens this modal; saving it records the running stage's
response as the CLI does (`heard case REF respond`): an outcome for every issue, the remedies
by kind (a financial one with its amount), the stage's costs, whether a manager called or met
the complainant, the reason for delay when the response was late, and the day it was sent.
Save shows the response letter first (bot/modals/preview.py); Send records the response and
the letter goes to the complainant from the case service, as from the CLI.

Every value is checked here on the server, each problem answered next to its field; what
only the store can judge (the procedure's state) comes back as a form error too (dated.save).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener, refusal_text
from bot.modals.common import (
    Block,
    Form,
    View,
    checkboxes,
    enum_options,
    input_block,
    modal,
    radio_buttons,
    select,
    text_input,
)
from bot.modals.dated import Bound, date_field, day_between, earliest
from bot.modals.preview import previewing
from cases.day_words import long_day
from cases.enums import CaseStatus, CostKind, Outcome, RemedyKind, StageKind
from cases.lifecycle import InvalidTransition
from cases.procedure import (
    FINDING_HINT,
    POINT_HINT,
    POINT_MAX,
    POUNDS_MAX,
    REMEDIES_HINT,
    RESPONSE_OUTCOMES,
    RESPONSE_REMEDIES,
    UNCATEGORISED_ISSUE,
    amount_refusal,
    issues_missing_findings,
    missing_finding_message,
    missing_point_message,
    remedies_refusal,
)
from cases.text_limits import FINDING_MAX, LEARNING_MAX, REASON_MAX
from cases.timescales import response_rule
from casework import response
from casework.service import case_id
from casework.stages import stage_started_on
from org.directory import Organisation
from store import deadlines
from store.cases.queries import first_team, numbered_issues
from store.models import Case, Issue
from triage.rulebook import Rulebook

OUTCOMES = enum_options(list(RESPONSE_OUTCOMES))
REMEDY_LABELS = {
    RemedyKind.APOLOGY: "Apology",
    RemedyKind.EXPLANATION: "Explanation",
    RemedyKind.SERVICE_PROVIDED: "Service provided",
    RemedyKind.FINANCIAL: "Financial (give the amount below)",
    RemedyKind.PRACTICE_CHANGE: "Change to practice",
    RemedyKind.NO_REMEDY_REQUIRED: "No remedy required",
}
REMEDIES = [(kind.value, REMEDY_LABELS[kind]) for kind in RESPONSE_REMEDIES]
MANAGER = [("yes", "Yes"), ("no", "No")]
# statutory stage 2 only: the response may enclose the investigating officer's and the
# independent person's reports (casework.response.reports_to_enclose says when it can)
ENCLOSE = [("reports", "Send both reports with the response (the letter says so)")]
# Compensation at every stage; the people a stage pays for at the stages that have them.
STAGE_COSTS: dict[StageKind, tuple[CostKind, ...]] = {
    StageKind.STATUTORY_2: (CostKind.INDEPENDENT_INVESTIGATOR, CostKind.INDEPENDENT_PERSON),
    StageKind.STATUTORY_3: (CostKind.PANEL_MEMBERS,),
    StageKind.CORPORATE_2: (CostKind.INDEPENDENT_INVESTIGATOR,),
}
COST_LABELS = {
    CostKind.COMPENSATION: "Compensation paid, in pounds (other than the financial remedy)",
    CostKind.INDEPENDENT_INVESTIGATOR: "Independent investigator's cost, in pounds",
    CostKind.INDEPENDENT_PERSON: "Independent person's cost, in pounds",
    CostKind.PANEL_MEMBERS: "Review panel's cost, in pounds",
}
MAX_ISSUES = 40  # a modal holds 100 blocks: two for each issue, at most 12 for the rest


@dataclass(frozen=True)
class ResponseFacts:
    """What the form is built from and judged against, read from the store."""

    issues: tuple[tuple[int, str], ...]  # issue number (as `heard cases show`), its label
    stage: StageKind
    earliest: Bound
    due: date | None  # the stage's response deadline, as extended
    delay_reason: str | None = None  # given already (the overdue chaser's button)
    # the issues with no category, each with what the complainant raised as recorded (if it is)
    uncategorised: tuple[tuple[int, str | None], ...] = ()

    @property
    def costs(self) -> tuple[CostKind, ...]:
        return (CostKind.COMPENSATION, *STAGE_COSTS.get(self.stage, ()))


def response_facts(kit: Kit, session: Session, case: Case) -> ResponseFacts | str:
    """The facts, or why the case has no response to record now."""
    stage = kit.deps.cases.current_stage(session, case)
    if case.status != CaseStatus.OPEN or stage is None or stage.responded_on is not None:
        return f"{case.reference} has no stage waiting for a response."
    clock = deadlines.stage_deadline(session, stage=stage, rule=response_rule(stage.kind))
    if stage.kind == StageKind.STATUTORY_3 and (clock is None or clock.met_on is not None):
        return f"{case.reference}: record the panel and the chair's report first."
    after = Bound(
        stage_started_on(kit.deps.cases, case, stage), ", the day this stage started"
    )
    if stage.kind == StageKind.STATUTORY_3 and clock is not None:
        after = Bound(clock.start_on, ", the day the chair's report arrived")
    numbered = numbered_issues(session, case_id=case_id(case))
    rulebook, organisation = kit.deps.rulebook, kit.deps.organisation
    issues = tuple(
        (number, issue_label(number, issue, rulebook, organisation)) for number, issue in numbered
    )
    return ResponseFacts(
        issues=issues or ((1, "Outcome of the complaint"),),
        stage=stage.kind,
        earliest=earliest(kit.deps.cases.arrived_on(case), after),
        due=clock.effective_due if clock is not None and clock.met_on is None else None,
        delay_reason=stage.reason_for_delay,
        uncategorised=tuple(
            (number, issue.point)
            for number, issue in numbered
            if str(issue.category) == UNCATEGORISED_ISSUE
        ),
    )


def issue_label(
    number: int, issue: Issue, rulebook: Rulebook, organisation: Organisation
) -> str:
    """ "Issue 1: Communication (Fostering)": the number `heard cases show` prints, the
    category's label from the rule file (a council's own categories included) and the team."""
    team = organisation.team(issue.team_id) if issue.team_id else None
    owner = team.name if team else (issue.team_id or "triage queue")
    return f"Issue {number}: {rulebook.category_label(str(issue.category))} ({owner})"


def _point_block(number: int, recorded: str | None) -> Block:
    element = text_input(POINT_MAX)
    if recorded:
        element["initial_value"] = recorded[:POINT_MAX]
    return input_block(
        f"point_{number}",
        f"What the complainant raised on issue {number} (goes in the letter, as written)",
        element,
        optional=True,
        hint=POINT_HINT,
    )


def respond_modal(reference: str, facts: ResponseFacts, *, today: date) -> View:
    uncategorised = dict(facts.uncategorised)
    blocks: list[Block] = [
        date_field("responded_on", "Date the response was sent", today),
        *(
            block
            for number, label in facts.issues
            for block in (
                input_block(f"outcome_{number}", label, select(OUTCOMES)),
                *(
                    (_point_block(number, uncategorised[number]),)
                    if number in uncategorised
                    else ()
                ),
                input_block(
                    f"finding_{number}",
                    f"What you found on issue {number} (goes in the letter to the complainant)",
                    text_input(FINDING_MAX, multiline=True),
                    optional=True,
                    hint=FINDING_HINT,
                ),
            )
        ),
        input_block(
            "remedies",
            "Remedies offered",
            checkboxes(REMEDIES),
            optional=True,
            hint=REMEDIES_HINT,
        ),
        _pounds("financial_amount", "Financial remedy, in pounds"),
    ]
    for kind in facts.costs:
        hint = (
            "The financial remedy above is counted already; leave empty if none."
            if kind == CostKind.COMPENSATION
            else None
        )
        blocks.append(_pounds(f"cost_{kind.value}", COST_LABELS[kind], hint=hint))
    blocks.append(
        input_block(
            "manager_contact",
            "Did a manager call or meet the complainant?",
            radio_buttons(MANAGER),
            optional=True,
            hint="Leave unanswered if not known: the annual report counts answered ones only.",
        )
    )
    if facts.stage == StageKind.STATUTORY_2:
        blocks.append(
            input_block(
                "enclose",
                "The investigating officer's and independent person's reports",
                checkboxes(ENCLOSE),
                optional=True,
                hint="Attach both first (the case page, or heard case REF attach-report). "
                "Left empty, the letter offers copies instead.",
            )
        )
    if facts.due is not None and facts.due < today:
        delay = text_input(REASON_MAX, multiline=True)
        if facts.delay_reason:  # what the chaser's Record reason for delay kept, to confirm
            delay["initial_value"] = facts.delay_reason[:REASON_MAX]
        blocks.append(
            input_block(
                "reason_for_delay",
                f"Reason for delay (needed if sent after {long_day(facts.due)})",
                delay,
                optional=True,
                hint="Staff only: for the case and the annual report, never in a letter.",
            )
        )
        blocks.append(
            input_block(
                "delay_reason_for_complainant",
                "Reason for delay for the complainant (goes in the letter, as written)",
                text_input(REASON_MAX, multiline=True),
                optional=True,
                hint="Needed if late: the letter apologises for the delay and gives this reason.",
            )
        )
    blocks.append(
        input_block(
            "learning",
            "Learning or service improvement",
            text_input(LEARNING_MAX, multiline=True),
            optional=True,
        )
    )
    return modal(ids.RESPOND_VIEW, "Record response", blocks, reference=reference)


def _pounds(block_id: str, label: str, *, hint: str | None = None) -> Block:
    """An optional sum in pounds (Slack keeps it to 0.01..max; the server checks it again)."""
    element = {
        "type": "number_input",
        "action_id": "value",
        "is_decimal_allowed": True,
        "min_value": "0.01",
        "max_value": str(POUNDS_MAX),
    }
    return input_block(block_id, label, element, optional=True, hint=hint)


@dataclass(frozen=True)
class RespondInput:
    responded_on: date
    outcomes: dict[int, Outcome]
    remedies: tuple[response.RemedyInput, ...]
    costs: tuple[response.CostInput, ...]
    manager_contacted: bool | None  # None: not answered (never taken as "no")
    reason_for_delay: str | None
    learning: str | None
    delay_reason_for_complainant: str | None = None
    findings: dict[int, str] = field(default_factory=dict)
    points: dict[int, str] = field(default_factory=dict)
    enclose_reports: bool = False


def parse_respond(facts: ResponseFacts, form: Form, today: date) -> RespondInput | None:
    responded = day_between(form, "responded_on", facts.earliest, today, "the response was sent")
    outcomes = {
        number: form.enum(
            f"outcome_{number}",
            Outcome,
            OUTCOMES,
            required=f"Choose the outcome for issue {number}.",
        )
        for number, _ in facts.issues
    }
    remedies = _remedies(form)
    costs = tuple(
        response.CostInput(kind, pence)
        for kind in facts.costs
        if (pence := form.pounds(f"cost_{kind.value}", maximum=POUNDS_MAX))
    )
    manager = form.choice("manager_contact", MANAGER, required=None)
    enclose = form.ticked("enclose", ENCLOSE) if facts.stage == StageKind.STATUTORY_2 else []
    late = responded is not None and facts.due is not None and responded > facts.due
    delay = form.text("reason_for_delay", max_length=REASON_MAX)
    if late and delay is None and "reason_for_delay" not in form.errors:
        assert facts.due is not None
        if form.has("reason_for_delay"):
            form.errors["reason_for_delay"] = f"{response.no_reason_for_delay(facts.due)}."
        else:  # the form was opened before the response became late
            form.errors["responded_on"] = (
                f"Sent after its due date ({facts.due:%-d %B %Y}): cancel and open Record "
                "response again to give the reason for delay."
            )
    told = form.text("delay_reason_for_complainant", max_length=REASON_MAX)
    if late and told is None and form.has("delay_reason_for_complainant"):
        assert facts.due is not None
        form.errors.setdefault(
            "delay_reason_for_complainant",
            f"{response.no_delay_reason_for_complainant(facts.due)}.",
        )
    learning = form.text("learning", max_length=LEARNING_MAX)
    findings = {
        number: text
        for number, _ in facts.issues
        if (text := form.text(f"finding_{number}", max_length=FINDING_MAX))
    }
    points = {
        number: text
        for number, _ in facts.uncategorised
        if (text := form.text(f"point_{number}", max_length=POINT_MAX))
    }
    for number, _ in facts.uncategorised:
        if number not in points and f"point_{number}" not in form.errors:
            form.errors[f"point_{number}"] = f"{missing_point_message(number)}."
    chosen = {number: outcome for number, outcome in outcomes.items() if outcome}
    for number in issues_missing_findings(chosen, findings):
        if f"finding_{number}" not in form.errors:
            form.errors[f"finding_{number}"] = f"{missing_finding_message(number, chosen[number])}."
    if remedies is not None and (
        refusal := remedies_refusal(chosen, [remedy.kind for remedy in remedies])
    ):
        form.errors["remedies"] = f"{refusal}."  # Slack's form errors end with a full stop
    if responded is None or remedies is None or form.errors:
        return None
    return RespondInput(
        responded_on=responded,
        outcomes=chosen,
        remedies=remedies,
        costs=costs,
        manager_contacted=None if manager is None else manager == "yes",
        reason_for_delay=delay,
        delay_reason_for_complainant=told if late else None,
        learning=learning,
        findings=findings,
        points=points,
        enclose_reports=bool(enclose),
    )


def _remedies(form: Form) -> tuple[response.RemedyInput, ...] | None:
    """The remedies ticked; the financial one with its amount (more than £0)."""
    ticked = form.ticked("remedies", REMEDIES)
    amount = form.pounds("financial_amount", maximum=POUNDS_MAX)
    if ticked is None:
        return None
    kinds = [RemedyKind(value) for value in ticked]
    if "financial_amount" in form.errors:
        return None
    if RemedyKind.FINANCIAL in kinds and not amount:
        form.errors["financial_amount"] = (
            "A financial remedy needs its amount in pounds, more than 0."
            if amount == 0
            else "A financial remedy needs its amount in pounds, such as 150 or 99.50."
        )
    elif refused := amount_refusal(kinds, amount_typed=bool(amount)):
        form.errors["financial_amount"] = f"{refused}."
    if "remedies" in form.errors or "financial_amount" in form.errors:
        return None
    return tuple(
        response.RemedyInput(
            kind, amount_pence=amount if kind == RemedyKind.FINANCIAL else None
        )
        for kind in kinds
    )


def apply_respond(answer: RespondInput) -> Change:
    def apply(act: Act) -> None:
        owner = first_team(act.session, case_id=act.case.id) if act.case.id else None
        response.record_response(
            act.service,
            act.session,
            case=act.case,
            actor=act.actor,
            today=act.today,
            response=response.ResponseInput(
                responded_on=answer.responded_on,
                issue_outcomes=answer.outcomes,
                remedies=answer.remedies,
                costs=answer.costs,
                learning=[response.LearningInput(answer.learning, owner)]
                if answer.learning
                else [],
                manager_contacted=answer.manager_contacted,
                reason_for_delay=answer.reason_for_delay,
                delay_reason_for_complainant=answer.delay_reason_for_complainant,
                findings=answer.findings,
                points=answer.points,
                enclose_reports=answer.enclose_reports,
            ),
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_respond(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(
                reference,
                lambda session, case: response_facts(kit, session, case),
            )
            if isinstance(found, str):
                return found
            if len(found.issues) + len(found.uncategorised) / 2 > MAX_ISSUES:
                return (
                    f"{reference} has {len(found.issues)} issues, more than a Slack form holds: "
                    f"record the response with heard case {reference} respond."
                )
            return respond_modal(reference, found, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.RESPOND, view_for=view_for)

    return open_respond


def submission(kit: Kit) -> tuple[Listener, Listener]:
    """Save checks the form and shows the response letter (bot/modals/preview.py); Send on
    that view records the response and sends the letter."""

    def check(session: Session, case: Case, form: Form, today: date) -> RespondInput | None:
        facts = response_facts(kit, session, case)
        if isinstance(facts, str):
            form.errors["responded_on"] = facts
            return None
        answer = parse_respond(facts, form, today)
        enclosing = answer is not None and answer.enclose_reports
        if enclosing and (stage := kit.deps.cases.current_stage(session, case)) is not None:
            try:  # said beside the box, as the web form says it (walkerJ: it was on the date)
                response.reports_to_enclose(case, session, stage)
            except InvalidTransition as refused:
                form.errors["enclose"] = refusal_text(refused)
                return None
        return answer

    return previewing(
        kit,
        permission=ids.RESPOND,
        check=check,
        apply=apply_respond,
        refusal_field="responded_on",
        preview_id=ids.RESPOND_PREVIEW_VIEW,
    )
