"""`heard case REF acknowledge | assign | extend | respond | escalate | panel-arranged | panel-held |
chair-report`: the stages of a complaint, from the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date, long_day
from cases.enums import Outcome
from cases.text_limits import TextTooLong
from cli.case.common import (
    Act,
    As,
    On,
    OneLineCommand,
    Preview,
    app,
    choice,
    parse_date,
    run,
    state,
)
from cli.common import fail


@app.command("acknowledge", cls=OneLineCommand)
def acknowledge(
    ctx: typer.Context, on: On = None, preview: Preview = False, as_: As = None
) -> None:
    """Record that the complainant was acknowledged (a stage under the Complaint Handling Code
    writes them the answer's date: --preview prints that letter first)."""
    from casework import acknowledgement

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        acknowledgement.acknowledge(a.service, a.session, case=a.case, actor=a.actor, now=a.now)
        return f"{state(a.case)}; acknowledged {long_date(a.on)}"

    run(ctx, on, as_, act, preview=preview)


@app.command("assign", cls=OneLineCommand)
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
        try:
            assignment.assign(
                a.service, a.session, case=a.case, assignee=to.strip(), actor=a.actor,
                organisation=a.context.organisation,
            )  # fmt: skip
        except assignment.UnknownAssignee as refused:
            raise fail(f"--to: {refused.said}") from None
        shown = a.context.organisation.who(a.case.assignee or "")
        return f"{state(a.case)}; assigned to {shown}"

    run(ctx, on, as_, act)


# casework's names for what staff wrote (TextTooLong.field), as the commands' options
EXTEND_OPTIONS = {"reason": "--reason", "reason_for_complainant": "--reason-for-complainant"}
RESPOND_OPTIONS = {
    "reason_for_delay": "--delay-reason",
    "delay_reason_for_complainant": "--delay-reason-for-complainant",
}  # findings ("finding 1") and "learning" are the option's name as it stands


def _refused_option(refused: TextTooLong, options: dict[str, str]) -> typer.Exit:
    """casework's length refusal (cases.text_limits) in one line naming the option given."""
    return fail(refused.said_as(options.get(refused.field, f"--{refused.field}")))


@app.command("extend", cls=OneLineCommand)
def extend(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="The new due date, YYYY-MM-DD.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why more time is needed (internal, never in a letter).")
    ],
    reason_for_complainant: Annotated[
        str | None,
        typer.Option(
            "--reason-for-complainant",
            help="The reason as the complainant reads it: goes in the extension letter as "
            "written. Needed when the complainant did not agree.",
        ),
    ] = None,
    agreed_on: Annotated[
        str | None,
        typer.Option(
            "--agreed-on",
            help="When the complainant agreed, YYYY-MM-DD (not needed at statutory stage 2, "
            "which runs to 65 working days with the reason, nor under the Complaint Handling "
            "Code, which allows one extension with the reason told).",
        ),
    ] = None,
    preview: Preview = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Extend the running stage with the complainant's agreement (given before it was due), or
    once under the Complaint Handling Code, telling the complainant why."""
    from casework import extension

    new_due = parse_date(to, option="--to")
    agreed = parse_date(agreed_on, option="--agreed-on") if agreed_on is not None else None

    def act(a: Act) -> str:
        try:
            extension.extend(
                a.service,
                a.session,
                case=a.case,
                new_due=new_due,
                reason=reason,
                reason_for_complainant=reason_for_complainant,
                agreed_on=agreed,
                actor=a.actor,
                today=a.today,
            )
        except extension.NoReasonForComplainant as refused:
            raise fail(f"--reason-for-complainant: {refused.said}") from refused
        except TextTooLong as refused:
            raise _refused_option(refused, EXTEND_OPTIONS) from refused
        return f"{state(a.case)}; response now due {long_day(new_due)}"

    run(ctx, on, as_, act, preview=preview)


@app.command("respond", cls=OneLineCommand)
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
            "practice_change, no_remedy_required (alone). Needed when an issue is upheld or "
            "partially upheld. Repeat for several.",
        ),
    ] = None,
    manager_contact: Annotated[
        bool | None,
        typer.Option(
            "--manager-contact/--no-manager-contact",
            help="Whether a manager called or met the complainant; give neither if not known "
            "(never taken as no: the annual report counts answered ones only).",
        ),
    ] = None,
    delay_reason: Annotated[
        str | None,
        typer.Option(
            "--delay-reason",
            help="Why the response is late, for staff and the annual report (never in a letter).",
        ),
    ] = None,
    delay_reason_for_complainant: Annotated[
        str | None,
        typer.Option(
            "--delay-reason-for-complainant",
            help="Why the response is late, as the complainant will read it: the letter "
            "apologises for the delay and gives this reason. Needed when it is late.",
        ),
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
    finding: Annotated[
        list[str] | None,
        typer.Option(
            "--finding",
            help="ISSUE=TEXT: what you found on that issue, written for the complainant: the "
            "response letter quotes it as written. Needed for an issue upheld, partially upheld, "
            "not upheld or inconclusive. Repeat for each issue.",
        ),
    ] = None,
    point: Annotated[
        list[str] | None,
        typer.Option(
            "--point",
            help="ISSUE=TEXT for an issue with no category: what the complainant raised, in a "
            "line written for them (the letter heads your finding with it). Needed once for "
            "each such issue. Repeat for each.",
        ),
    ] = None,
    enclose_reports: Annotated[
        bool,
        typer.Option(
            "--enclose-reports",
            help="Statutory stage 2: send the investigating officer's and the independent "
            "person's reports (attach-report) with the response; the letter says so.",
        ),
    ] = False,
    preview: Preview = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Record the running stage's response, with an outcome (and what you found) for every
    issue; the response letter goes to the complainant. --preview prints it instead."""
    from cases.enums import CostKind
    from cases.procedure import (
        ProcedureError,
        issues_missing_findings,
        missing_finding_message,
        parse_outcome,
        parse_remedy,
        pounds_to_pence,
        remedies_refusal,
    )
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
    except ProcedureError as error:
        raise fail(f"--remedy: {error}") from None
    try:
        costs = []
        for text in cost or []:
            kind, _, amount = text.partition(":")
            costs.append(
                response.CostInput(
                    choice(kind, CostKind, option="--cost"),
                    pounds_to_pence(amount, what=f"--cost {kind}"),
                )
            )
    except ProcedureError as error:
        raise fail(str(error)) from None
    findings: dict[int, str] = {}
    for given in finding or []:
        number, sep, text = given.partition("=")
        if not sep or not number.strip().isdigit() or not text.strip():
            raise fail(f"--finding: {given[:40]!r} is not ISSUE=TEXT (e.g. 1=We found that …)")
        if int(number) in findings:
            raise fail(f"--finding: issue {int(number)} is given twice")
        findings[int(number)] = text.strip()
    points: dict[int, str] = {}
    for given in point or []:
        number, sep, text = given.partition("=")
        if not sep or not number.strip().isdigit() or not text.strip():
            raise fail(
                f"--point: {given[:40]!r} is not ISSUE=TEXT (e.g. 2=Family time was cancelled)"
            )
        if int(number) in points:
            raise fail(f"--point: issue {int(number)} is given twice")
        points[int(number)] = text.strip()
    for issue in issues_missing_findings(outcomes, findings):
        raise fail(f"{missing_finding_message(issue, outcomes[issue])} (--finding {issue}=TEXT)")
    refusal = remedies_refusal(outcomes, [spec.kind for spec in remedies])
    if refusal:
        raise fail(f"--remedy: {refusal}")

    def act(a: Act) -> str:
        numbered = numbered_issues(a.session, case_id=case_id(a.case))
        owner = next((issue.team_id for _, issue in numbered if issue.team_id), None)
        try:
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
                    delay_reason_for_complainant=delay_reason_for_complainant,
                    findings=findings,
                    points=points,
                    enclose_reports=enclose_reports,
                ),
            )
        except response.NoReasonForDelay as refused:
            raise fail(f"--delay-reason: {refused.said}") from refused
        except response.NoDelayReasonForComplainant as refused:
            raise fail(f"--delay-reason-for-complainant: {refused.said}") from refused
        except response.NoPoint as refused:
            raise fail(f"--point: {refused.said}") from refused
        except TextTooLong as refused:
            raise _refused_option(refused, RESPOND_OPTIONS) from refused
        stage = a.service.current_stage(a.session, a.case)
        verdict = stage.outcome.label.lower() if stage and stage.outcome else "-"
        timing = stage.timeliness.label.lower() if stage and stage.timeliness else "-"
        return f"{state(a.case)}; responded {long_date(a.on)}: {verdict}, {timing}"

    run(ctx, on, as_, act, preview=preview)


@app.command("escalate", cls=OneLineCommand)
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
    preview: Preview = False,
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
        return f"{state(a.case)}; requested {long_date(a.on)}"

    run(ctx, on, as_, act, preview=preview)


@app.command("panel-arranged", cls=OneLineCommand)
def panel_arranged(
    ctx: typer.Context,
    panel_on: Annotated[
        str, typer.Option("--panel-on", help="The day the review panel meets, YYYY-MM-DD.")
    ],
    details: Annotated[
        str | None,
        typer.Option(
            "--details",
            help="Time, place or how to join. Reaches the complainant's letter as written; "
            "without it the letter says the council will write with them.",
        ),
    ] = None,
    confirm_day: Annotated[
        bool,
        typer.Option(
            "--confirm-day",
            help="The panel really meets on that day, a bank holiday or council closure day.",
        ),
    ] = False,
    already_met: Annotated[
        bool,
        typer.Option(
            "--already-met",
            help="A day gone by: the panel met on it (the council invited the complainant "
            "itself). Recorded with no letter, so it can be recorded as held.",
        ),
    ] = False,
    confirm_late: Annotated[
        bool,
        typer.Option(
            "--confirm-late",
            help="The panel meets after its statutory deadline (30 working days from the "
            "request): recorded as late.",
        ),
    ] = False,
    preview: Preview = False,
    as_: As = None,
) -> None:
    """The stage 3 review panel's date is set: the complainant is told it, and that they may
    attend with an advocate."""
    from casework import stage_three

    day = parse_date(panel_on, option="--panel-on")

    def act(a: Act) -> str:
        try:
            arranged = stage_three.arrange_panel(
                a.service,
                a.session,
                case=a.case,
                panel_on=day,
                details=details,
                actor=a.actor,
                today=a.today,
                confirm_day=confirm_day,
                met_already=already_met,
                confirm_late=confirm_late,
            )
        except stage_three.PanelDayGoneBy as refused:
            raise fail(f"--panel-on: {refused.said} (--already-met)") from refused
        except stage_three.PanelDayClosed as refused:
            raise fail(f"--panel-on: {refused.said} (--confirm-day)") from refused
        except stage_three.PanelPastDeadline as refused:
            raise fail(f"--panel-on: {refused.said} (--confirm-late)") from refused
        if arranged.met:
            return f"{state(a.case)}; panel recorded as met on {long_day(day)}: no letter"
        return f"{state(a.case)}; panel arranged for {long_day(day)}"

    run(ctx, None, as_, act, preview=preview)


@app.command("panel-held", cls=OneLineCommand)
def panel_held(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """The stage 3 review panel met (--on: the day it met)."""
    from casework import stage_three

    def act(a: Act) -> str:
        stage_three.panel_held(
            a.service, a.session, case=a.case, held_on=a.on, actor=a.actor, today=a.today
        )
        return f"{state(a.case)}; panel held {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("chair-report", cls=OneLineCommand)
def chair_report(
    ctx: typer.Context, preview: Preview = False, on: On = None, as_: As = None
) -> None:
    """The panel chair's report arrived (--on: the day it arrived)."""
    from casework import stage_three

    def act(a: Act) -> str:
        stage_three.chair_report(
            a.service, a.session, case=a.case, received_on=a.on, actor=a.actor, today=a.today
        )
        return f"{state(a.case)}; chair's report received {long_date(a.on)}"

    run(ctx, on, as_, act, preview=preview)
