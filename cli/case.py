"""`heard case REF ACTION`: every action staff take in Slack, from the terminal.

Each action is a thin adapter over casework/: it reads its options, runs the action in one
transaction through the same case service Slack uses (so letters, cards and reminders follow),
and prints one line. `--on DATE` is the day it happened (default today; never before the
complaint arrived nor in the future) and `--as NAME` who did it (default the login name).
Wrong input gets one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.core import Command as ClickCommand  # typer 0.29 ships its own click
from typer._click.core import Context as ClickContext
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from cases.actor import Actor, Via
from cases.enums import LgscoDecision, Outcome, PauseReason
from cli.common import context_or_exit, fail

if TYPE_CHECKING:  # `heard --help` must not pay for importing the store (issue 12: <= 0.5 s)
    from sqlmodel import Session

    from casework.service import CaseService
    from heard.context import AppContext
    from store.models import Case


class _OneLineCommand(TyperCommand):
    """Usage errors (a missing or malformed option) as one line, exit status 2."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise fail(error.format_message()) from None


class _OneLineGroup(TyperGroup):
    """An unknown action name as one line that lists the actions, exit status 2."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise fail(error.format_message()) from None

    def resolve_command(
        self, ctx: ClickContext, args: list[str]
    ) -> tuple[str | None, ClickCommand | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except UsageError:
            known = ", ".join(sorted(self.list_commands(ctx)))
            raise fail(f"unknown action {args[0]!r} (one of {known})") from None


app = typer.Typer(
    cls=_OneLineGroup,
    help="Act on one case: heard case REF ACTION [--on DATE] [--as NAME].",
    no_args_is_help=True,
)

On = Annotated[
    str | None,
    typer.Option("--on", help="The day it happened, YYYY-MM-DD (default today)."),
]
As = Annotated[str | None, typer.Option("--as", help="Who did it (default your login name).")]


@dataclass
class _Target:
    reference: str


@app.callback()
def case(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="The case reference, e.g. CSC-2026-000123.")],
) -> None:
    ctx.obj = _Target(reference.strip().upper())


@dataclass
class Act:
    """What an action gets: the case, its session and service, who and when."""

    context: AppContext
    service: CaseService
    session: Session
    case: Case
    actor: Actor
    on: date
    today: date
    now: datetime


def run(ctx: typer.Context, on: str | None, as_: str | None, action: Callable[[Act], str]) -> None:
    """Run one action in one transaction; refusals become one line and exit status 2."""
    from cases.lifecycle import InvalidTransition
    from cases.procedure import ProcedureError
    from cases.timescales import ExtensionRefused
    from heard.wiring import build_case_service
    from store.cases.queries import get_case
    from store.cases.versions import ConcurrentChange

    reference = ctx.find_object(_Target)
    assert reference is not None
    login = (as_ or _login()).strip()[:70]
    if not login:
        raise fail("--as: give a name")
    actor = Actor.staff(Via.CLI, login)
    given = parse_date(on, option="--on") if on else None
    context = context_or_exit(create_sqlite=True)
    now = context.clock.now()
    today = context.calendar.local_date(now)
    day = given or today
    try:
        service = build_case_service(context)
        from store.db import session_scope

        with session_scope(context.engine) as session:
            found = get_case(session, reference=reference.reference)
            if found is None:
                raise fail(f"no case {reference.reference}")
            message = action(
                Act(context, service, session, found, actor, day, today, _moment(context, day, now))
            )
    except (InvalidTransition, ExtensionRefused, ProcedureError) as error:
        raise fail(str(error)) from None
    except ConcurrentChange:
        raise fail(
            f"{reference.reference} was changed by someone else just now; try again"
        ) from None
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    typer.echo(message)


def parse_date(text: str, *, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def _moment(context: AppContext, day: date, now: datetime) -> datetime:
    """Now, or for a past day the same time of day on it."""
    if day == context.calendar.local_date(now):
        return now
    return context.calendar.at_local_time(
        day, context.calendar.local(now).time().replace(tzinfo=None)
    )


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _state(case: Case) -> str:
    stage = f", {case.stage.label}" if case.stage else ""
    paused = ", paused" if case.paused_on else ""
    return f"{case.reference}: {case.status.label.lower()}{stage}{paused}"


def _choice(value: str, choices: Any, *, option: str) -> Any:
    try:
        return choices(value.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(member.value for member in choices)
        raise fail(f"{option}: {value!r} is not one of {known}") from None


# --- the actions ---------------------------------------------------------------------------
@app.command("acknowledge", cls=_OneLineCommand)
def acknowledge(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """Record that the complainant was acknowledged."""
    from casework import acknowledgement

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        acknowledgement.acknowledge(a.service, a.session, case=a.case, actor=a.actor, now=a.now)
        return f"{_state(a.case)}; acknowledged {a.on}"

    run(ctx, on, as_, act)


@app.command("assign", cls=_OneLineCommand)
def assign(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="Who answers it (a name or Slack user id).")],
    on: On = None,
    as_: As = None,
) -> None:
    """Give the case to someone to answer."""
    from casework import assignment

    if not to.strip() or len(to) > 60:
        raise fail("--to: give a name of at most 60 characters")

    def act(a: Act) -> str:
        assignment.assign(a.service, a.session, case=a.case, assignee=to.strip(), actor=a.actor)
        return f"{_state(a.case)}; assigned to {to.strip()}"

    run(ctx, on, as_, act)


@app.command("extend", cls=_OneLineCommand)
def extend(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="The new due date, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option("--reason", help="Why more time is needed.")],
    agreed_on: Annotated[
        str | None,
        typer.Option(
            "--agreed-on",
            help="When the complainant agreed, YYYY-MM-DD (not needed at statutory stage 2, "
            "which runs to 65 working days with the reason, nor under the Complaint Handling "
            "Code, which allows one extension with the reason told).",
        ),
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Extend the running stage with the complainant's agreement (given before it was due), or
    once under the Complaint Handling Code, telling the complainant why."""
    from casework import extension

    new_due = parse_date(to, option="--to")
    agreed = parse_date(agreed_on, option="--agreed-on") if agreed_on is not None else None

    def act(a: Act) -> str:
        extension.extend(
            a.service,
            a.session,
            case=a.case,
            new_due=new_due,
            reason=reason,
            agreed_on=agreed,
            actor=a.actor,
            today=a.today,
        )
        return f"{_state(a.case)}; response now due {new_due}"

    run(ctx, on, as_, act)


@app.command("respond", cls=_OneLineCommand)
def respond(
    ctx: typer.Context,
    outcome: Annotated[
        list[str],
        typer.Option(
            "--outcome",
            help="ISSUE=OUTCOME for every issue (the number `heard cases show` prints; "
            "upheld, partially_upheld, not_upheld, inconclusive, resolved, not_applicable or "
            "withdrawn). Repeat for each issue.",
        ),
    ],
    remedy: Annotated[
        list[str] | None,
        typer.Option(
            "--remedy",
            help="KIND[:AMOUNT]: apology, explanation, service_provided, financial:POUNDS, "
            "practice_change, no_remedy_required. Repeat for several.",
        ),
    ] = None,
    manager_contact: Annotated[
        bool,
        typer.Option("--manager-contact", help="A manager called or met the complainant."),
    ] = False,
    delay_reason: Annotated[
        str | None, typer.Option("--delay-reason", help="Why the response is late.")
    ] = None,
    cost: Annotated[
        list[str] | None,
        typer.Option(
            "--cost",
            help="KIND:POUNDS: independent_investigator, independent_person, panel_members, "
            "compensation, other. Repeat for several.",
        ),
    ] = None,
    learning: Annotated[
        list[str] | None,
        typer.Option("--learning", help="A learning action (owned by the first issue's team)."),
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Record the running stage's response, with an outcome for every issue."""
    from cases.enums import CostKind
    from cases.procedure import ProcedureError, parse_outcome, parse_remedy, pounds_to_pence
    from casework import response
    from casework.service import case_id
    from store.cases.queries import numbered_issues

    outcomes: dict[int, Outcome] = {}
    for given in outcome:
        number, sep, value = given.partition("=")
        if not sep or not number.strip().isdigit():
            raise fail(f"--outcome: {given!r} is not ISSUE=OUTCOME (e.g. 1=upheld)")
        if int(number) in outcomes:
            raise fail(f"--outcome: issue {int(number)} is given twice")
        try:
            outcomes[int(number)] = parse_outcome(value)
        except ProcedureError as error:
            raise fail(f"--outcome: {error}") from None
    try:
        remedies = [parse_remedy(text) for text in remedy or []]
        costs = []
        for text in cost or []:
            kind, _, amount = text.partition(":")
            costs.append(
                response.CostInput(
                    _choice(kind, CostKind, option="--cost"),
                    pounds_to_pence(amount, what=f"--cost {kind}"),
                )
            )
    except ProcedureError as error:
        raise fail(str(error)) from None

    def act(a: Act) -> str:
        numbered = numbered_issues(a.session, case_id=case_id(a.case))
        owner = next((issue.team_id for _, issue in numbered if issue.team_id), None)
        response.record_response(
            a.service,
            a.session,
            case=a.case,
            actor=a.actor,
            today=a.today,
            response=response.ResponseInput(
                responded_on=a.on,
                issue_outcomes=outcomes,
                remedies=[
                    response.RemedyInput(spec.kind, amount_pence=spec.amount_pence)
                    for spec in remedies
                ],
                costs=costs,
                learning=[response.LearningInput(text, owner) for text in learning or []],
                manager_contacted=manager_contact,
                reason_for_delay=delay_reason,
            ),
        )
        stage = a.service.current_stage(a.session, a.case)
        verdict = stage.outcome.label.lower() if stage and stage.outcome else "-"
        timing = stage.timeliness.label.lower() if stage and stage.timeliness else "-"
        return f"{_state(a.case)}; responded {a.on}: {verdict}, {timing}"

    run(ctx, on, as_, act)


@app.command("escalate", cls=_OneLineCommand)
def escalate(
    ctx: typer.Context,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Needed for a late request (why discretion is used) or to move a historic or "
            "serious stage 1 to stage 2 at once.",
        ),
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """The complainant asked for the next stage (--on: the day the request arrived)."""
    from casework import escalation

    def act(a: Act) -> str:
        escalation.escalate(
            a.service,
            a.session,
            case=a.case,
            requested_on=a.on,
            actor=a.actor,
            reason=reason,
            today=a.today,
        )
        return f"{_state(a.case)}; requested {a.on}"

    run(ctx, on, as_, act)


@app.command("panel-held", cls=_OneLineCommand)
def panel_held(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """The stage 3 review panel met (--on: the day it met)."""
    from casework import stage_three

    def act(a: Act) -> str:
        stage_three.panel_held(
            a.service, a.session, case=a.case, held_on=a.on, actor=a.actor, today=a.today
        )
        return f"{_state(a.case)}; panel held {a.on}"

    run(ctx, on, as_, act)


@app.command("chair-report", cls=_OneLineCommand)
def chair_report(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """The panel chair's report arrived (--on: the day it arrived)."""
    from casework import stage_three

    def act(a: Act) -> str:
        stage_three.chair_report(
            a.service, a.session, case=a.case, received_on=a.on, actor=a.actor, today=a.today
        )
        return f"{_state(a.case)}; chair's report received {a.on}"

    run(ctx, on, as_, act)


@app.command("lgsco-received", cls=_OneLineCommand)
def lgsco_received(
    ctx: typer.Context,
    reference: Annotated[
        str | None, typer.Option("--reference", help="The Ombudsman's reference.")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """The Ombudsman made an enquiry (at any point: premature, not logged, withdrawn)."""
    from casework import ombudsman

    def act(a: Act) -> str:
        enquiry = ombudsman.lgsco_received(
            a.service,
            a.session,
            case=a.case,
            received_on=a.on,
            actor=a.actor,
            lgsco_reference=reference,
            today=a.today,
        )
        premature = " (premature)" if enquiry.premature else ""
        return f"{_state(a.case)}; Ombudsman enquiry received {a.on}{premature}"

    run(ctx, on, as_, act)


@app.command("lgsco-replied", cls=_OneLineCommand)
def lgsco_replied(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """The council replied to the Ombudsman's enquiry (--on: the day it replied); the reply
    deadline is met and its chasers stop."""
    from casework import ombudsman

    def act(a: Act) -> str:
        ombudsman.lgsco_replied(
            a.service, a.session, case=a.case, replied_on=a.on, actor=a.actor, today=a.today
        )
        return f"{_state(a.case)}; replied to the Ombudsman {a.on}"

    run(ctx, on, as_, act)


@app.command("lgsco-decision", cls=_OneLineCommand)
def lgsco_decision(
    ctx: typer.Context,
    finding: Annotated[
        str,
        typer.Option(
            "--finding",
            help="upheld_with_injustice, upheld_no_further_action, not_upheld, "
            "closed_after_initial_enquiries, premature, out_of_jurisdiction, "
            "discretion_not_to_investigate, not_investigated.",
        ),
    ],
    remedy: Annotated[
        str | None, typer.Option("--remedy", help="The remedy the Ombudsman asked for.")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why it was not investigated.")
    ] = None,
    remedy_cost: Annotated[
        str | None, typer.Option("--remedy-cost", help="What the remedy costs, in pounds.")
    ] = None,
    recommendation: Annotated[
        list[str] | None,
        typer.Option(
            "--recommendation", help="TEXT@YYYY-MM-DD: a recommendation and its due date."
        ),
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="The Ombudsman's reference.")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """The Ombudsman's decision (--on: the decision date). Premature sends the complaint back
    to the stage the complainant had not finished."""
    from cases.procedure import LGSCO_FINDINGS, ProcedureError, pounds_to_pence
    from casework import ombudsman

    decision = _choice(finding, LgscoDecision, option="--finding")
    if decision not in LGSCO_FINDINGS:
        known = ", ".join(choice.value for choice in LGSCO_FINDINGS)
        raise fail(f"--finding: {finding!r} is not one of {known}")
    try:
        cost = pounds_to_pence(remedy_cost, what="--remedy-cost") if remedy_cost else None
    except ProcedureError as error:
        raise fail(str(error)) from None
    recommendations = []
    for text in recommendation or []:
        what, sep, due = text.rpartition("@")
        if not sep or not what.strip():
            raise fail(f"--recommendation: {text!r} is not TEXT@YYYY-MM-DD")
        recommendations.append(
            ombudsman.RecommendationInput(what.strip(), parse_date(due, option="--recommendation"))
        )

    def act(a: Act) -> str:
        ombudsman.lgsco_decided(
            a.service,
            a.session,
            case=a.case,
            decided_on=a.on,
            decision=decision,
            actor=a.actor,
            remedy=remedy,
            remedy_cost_pence=cost,
            reason=reason,
            lgsco_reference=reference,
            recommendations=recommendations,
            today=a.today,
        )
        return f"{_state(a.case)}; Ombudsman decided {a.on}: {decision.label.lower()}"

    run(ctx, on, as_, act)


@app.command("pause", cls=_OneLineCommand)
def pause(
    ctx: typer.Context,
    reason: Annotated[
        str, typer.Option("--reason", help="legal_proceedings or police_investigation.")
    ],
    on: On = None,
    as_: As = None,
) -> None:
    """Put the case on hold: its clocks stop and no reminders go out until it resumes."""
    from casework import pauses

    why = _choice(reason, PauseReason, option="--reason")

    def act(a: Act) -> str:
        pauses.pause(
            a.service,
            a.session,
            case=a.case,
            reason=why,
            paused_on=a.on,
            actor=a.actor,
            today=a.today,
        )
        return f"{_state(a.case)}; paused {a.on} ({why.label.lower()})"

    run(ctx, on, as_, act)


@app.command("resume", cls=_OneLineCommand)
def resume(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """Resume a paused case: its deadlines move on by the working days it was paused."""
    from casework import pauses

    def act(a: Act) -> str:
        row = pauses.resume(
            a.service, a.session, case=a.case, resumed_on=a.on, actor=a.actor, today=a.today
        )
        return (
            f"{_state(a.case)}; resumed {a.on}, deadlines moved by {row.working_days} working days"
        )

    run(ctx, on, as_, act)


@app.command("withdraw", cls=_OneLineCommand)
def withdraw(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, if known.")] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """The complainant withdrew the complaint."""
    from casework import closing

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        closing.withdraw(a.service, a.session, case=a.case, actor=a.actor, now=a.now, reason=reason)
        return f"{_state(a.case)}; withdrawn {a.on}"

    run(ctx, on, as_, act)


@app.command("close", cls=_OneLineCommand)
def close(
    ctx: typer.Context,
    reason: Annotated[
        str | None, typer.Option("--reason", help="A note for the audit trail.")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Close the case (a complaint after its response; a compliment or enquiry at once)."""
    from casework import closing

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        closing.close(a.service, a.session, case=a.case, actor=a.actor, now=a.now, reason=reason)
        return f"{_state(a.case)}; closed {a.on}"

    run(ctx, on, as_, act)


@app.command("learning", cls=_OneLineCommand)
def learning(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", help="What will change.")],
    owner: Annotated[str, typer.Option("--owner", help="The team that owns it (its id).")],
    due: Annotated[str | None, typer.Option("--due", help="Due by, YYYY-MM-DD.")] = None,
    ombudsman: Annotated[
        bool,
        typer.Option("--ombudsman", help="Identified by the Ombudsman (its latest enquiry)."),
    ] = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Add a learning action (--on: the day it was identified)."""
    from cases.enums import LearningSource
    from casework import records
    from store.cases.learning import learning_actions

    if not text.strip() or len(text) > 2000:
        raise fail("--text: say what will change, in at most 2,000 characters")
    due_on = parse_date(due, option="--due") if due else None

    def act(a: Act) -> str:
        if a.context.organisation.team(owner.strip()) is None:
            known = ", ".join(team.id for team in a.context.organisation.teams)
            raise fail(f"--owner: no team {owner.strip()!r} (one of {known})")
        if due_on is not None and due_on < a.on:
            raise fail(f"--due: {due_on} is before the day it was identified ({a.on})")
        enquiry = None
        if ombudsman:
            enquiry = _latest_enquiry(a)
            if enquiry is None:
                raise fail("--ombudsman: the case has no Ombudsman enquiry")
        row = records.add_learning(
            a.service,
            a.session,
            case=a.case,
            text=text,
            owner_team_id=owner.strip(),
            identified_on=a.on,
            due_on=due_on,
            actor=a.actor,
            today=a.today,
            source=LearningSource.OMBUDSMAN if ombudsman else LearningSource.STAGE,
            lgsco_case_id=enquiry,
        )
        number = len(learning_actions(a.session, case=a.case))
        due_text = f", due {row.due_on}" if row.due_on else ""
        return f"{_state(a.case)}; learning {number} identified {a.on} ({owner.strip()}{due_text})"

    run(ctx, on, as_, act)


def _latest_enquiry(a: Act) -> int | None:
    from store.cases.lgsco import latest_enquiry_id

    return latest_enquiry_id(a.session, case=a.case)


Number = Annotated[int, typer.Argument(help="Its number in `heard cases show`.", min=1)]


@app.command("learning-status", cls=_OneLineCommand)
def learning_status(
    ctx: typer.Context,
    number: Number,
    status: Annotated[
        str,
        typer.Option("--status", help="identified, in_progress, implemented or not_implemented."),
    ],
    why: Annotated[
        str | None, typer.Option("--why", help="Why it was not implemented (needed then).")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Move learning action N on (--on: the day its status changed)."""
    from cases.enums import LearningStatus
    from casework import records
    from store.cases.learning import learning_actions

    moves = [s for s in LearningStatus if s != LearningStatus.PLANNED]
    chosen = _choice(status, LearningStatus, option="--status")
    if chosen not in moves:
        raise fail(f"--status: {status!r} is not one of {', '.join(s.value for s in moves)}")
    if chosen == LearningStatus.NOT_IMPLEMENTED and not (why and why.strip()):
        raise fail("--why: say why it was not implemented")

    def act(a: Act) -> str:
        listed = learning_actions(a.session, case=a.case)
        if not 1 <= number <= len(listed):
            raise fail(_no_such("learning action", number, len(listed), a.case.reference))
        assert listed[number - 1].id is not None
        records.update_learning(
            a.service,
            a.session,
            case=a.case,
            learning_id=listed[number - 1].id or 0,
            status=chosen,
            on=a.on,
            note=why,
            actor=a.actor,
            today=a.today,
        )
        return f"{_state(a.case)}; learning {number} {chosen.label.lower()} {a.on}"

    run(ctx, on, as_, act)


@app.command("advocacy", cls=_OneLineCommand)
def advocacy(
    ctx: typer.Context,
    offered: Annotated[bool, typer.Option("--offered", help="An advocate was offered.")] = False,
    taken_up: Annotated[bool, typer.Option("--taken-up", help="The offer was taken up.")] = False,
    declined: Annotated[bool, typer.Option("--declined", help="The offer was declined.")] = False,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="The advocate's organisation.")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Record advocacy for a child or young person: offered, taken up or declined."""
    from cases.enums import AdvocacyStatus
    from casework import records

    given = [
        status
        for flag, status in (
            (offered, AdvocacyStatus.OFFERED),
            (taken_up, AdvocacyStatus.TAKEN_UP),
            (declined, AdvocacyStatus.DECLINED),
        )
        if flag
    ]
    if len(given) != 1:
        raise fail("advocacy: give one of --offered, --taken-up or --declined")
    if organisation is not None and (not organisation.strip() or len(organisation) > 200):
        raise fail("--organisation: give a name of at most 200 characters")

    def act(a: Act) -> str:
        row = records.record_advocacy(
            a.service,
            a.session,
            case=a.case,
            status=given[0],
            on=a.on,
            organisation=organisation,
            actor=a.actor,
            today=a.today,
        )
        who = f" ({row.organisation})" if row.organisation else ""
        return f"{_state(a.case)}; advocacy {given[0].label.lower()}{who} {a.on}"

    run(ctx, on, as_, act)


@app.command("recommendation-status", cls=_OneLineCommand)
def recommendation_status(
    ctx: typer.Context,
    number: Number,
    status: Annotated[
        str, typer.Option("--status", help="outstanding, completed or not_completed.")
    ],
    on: On = None,
    as_: As = None,
) -> None:
    """Record where the Ombudsman's recommendation N stands (--on: the day it changed)."""
    from cases.enums import RecommendationStatus
    from casework import ombudsman
    from store.cases.lgsco import recommendations_of

    chosen = _choice(status, RecommendationStatus, option="--status")

    def act(a: Act) -> str:
        listed = recommendations_of(a.session, case=a.case)
        if not 1 <= number <= len(listed):
            raise fail(_no_such("Ombudsman recommendation", number, len(listed), a.case.reference))
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        ombudsman.update_recommendation(
            a.service,
            a.session,
            case=a.case,
            recommendation_id=listed[number - 1].id or 0,
            status=chosen,
            on=a.on,
            actor=a.actor,
        )
        return f"{_state(a.case)}; recommendation {number} {chosen.label.lower()} {a.on}"

    run(ctx, on, as_, act)


def _no_such(what: str, number: int, count: int, reference: str) -> str:
    return f"{reference} has no {what} {number}" + (
        f" (1 to {count})" if count else " (it has none)"
    )


# --- actions other modules register (e.g. confirm-triage in cli/case_triage.py) ----
@dataclass(frozen=True)
class CaseCommand:
    """What a registered action gets: its options are the words after ACTION (`args`)."""

    context: AppContext
    session: Session
    case: Case
    actor: Actor
    now: datetime
    args: list[str]

    def context_service(self) -> CaseService:
        from heard.wiring import build_case_service

        return build_case_service(self.context)


ActionFn = Callable[[CaseCommand], str]
ACTIONS: dict[str, tuple[str, ActionFn]] = {}


def action(name: str, summary: str) -> Callable[[ActionFn], ActionFn]:
    """Register `heard case REF NAME`, its options parsed by the function itself (argparse)."""

    def register(fn: ActionFn) -> ActionFn:
        ACTIONS[name] = (summary, fn)
        _register(name, summary, fn)
        return fn

    return register


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def parser(prog: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, add_help=False, exit_on_error=False)


def _register(name: str, summary: str, fn: ActionFn) -> None:
    @app.command(
        name,
        cls=_OneLineCommand,
        help=summary,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def registered(ctx: typer.Context, on: On = None, as_: As = None) -> None:
        args = list(ctx.args)

        def act(a: Act) -> str:
            try:
                return fn(CaseCommand(a.context, a.session, a.case, a.actor, a.now, args))
            except ValueError as error:
                raise fail(f"{name}: {error}") from None

        run(ctx, on, as_, act)


from cli import case_contact, case_reads, case_retention, case_triage  # noqa: E402,F401  (register their actions)
