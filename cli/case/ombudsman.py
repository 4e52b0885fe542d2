"""`heard case REF lgsco-received | lgsco-decision`: the Ombudsman's enquiry and decision."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date
from cases.enums import LgscoDecision
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


@app.command("lgsco-received", cls=OneLineCommand)
def lgsco_received(
    ctx: typer.Context,
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference", help="The Ombudsman's reference, such as 23 012 345 (needed)."
        ),
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """The Ombudsman made an enquiry (at any point: premature, not logged, withdrawn)."""
    from casework import ombudsman

    def act(a: Act) -> str:
        try:
            enquiry = ombudsman.lgsco_received(
                a.service,
                a.session,
                case=a.case,
                received_on=a.on,
                actor=a.actor,
                lgsco_reference=reference,
                today=a.today,
            )
        except ombudsman.LgscoReferenceRefused as refused:
            raise fail(f"--reference: {refused.said}") from refused
        premature = " (premature)" if enquiry.premature else ""
        return f"{state(a.case)}; Ombudsman enquiry received {long_date(a.on)}{premature}"

    run(ctx, on, as_, act)


@app.command("lgsco-replied", cls=OneLineCommand)
def lgsco_replied(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """The council replied to the Ombudsman's enquiry (--on: the day it replied); the reply
    deadline is met and its chasers stop."""
    from casework import ombudsman

    def act(a: Act) -> str:
        ombudsman.lgsco_replied(
            a.service, a.session, case=a.case, replied_on=a.on, actor=a.actor, today=a.today
        )
        return f"{state(a.case)}; replied to the Ombudsman {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("lgsco-decision", cls=OneLineCommand)
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
    preview: Preview = False,
    on: On = None,
    as_: As = None,
) -> None:
    """The Ombudsman's decision (--on: the decision date). Premature sends the complaint back
    to the stage the complainant had not finished."""
    from cases.procedure import LGSCO_COST_MAX, LGSCO_FINDINGS, ProcedureError, pounds_to_pence
    from casework import ombudsman

    decision = choice(finding, LgscoDecision, option="--finding")
    if decision not in LGSCO_FINDINGS:
        known = ", ".join(choice.value for choice in LGSCO_FINDINGS)
        raise fail(f"--finding: {finding!r} is not one of {known}")
    try:
        cost = (
            pounds_to_pence(remedy_cost, what="--remedy-cost", maximum=LGSCO_COST_MAX)
            if remedy_cost
            else None
        )
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
        try:
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
        except ombudsman.LgscoReferenceRefused as refused:
            raise fail(f"--reference: {refused.said}") from refused
        return f"{state(a.case)}; Ombudsman decided {long_date(a.on)}: {decision.label.lower()}"

    run(ctx, on, as_, act, preview=preview)
