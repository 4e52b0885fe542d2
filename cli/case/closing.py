"""`heard case REF pause | resume | withdraw | close | reopen | clear-attention`: stopping the
clock, ending a case (and reopening a closed or withdrawn one), and clearing "needs a person to
look"."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date
from cases.enums import PauseReason
from cli.case.common import (
    Act,
    As,
    On,
    OneLineCommand,
    Preview,
    app,
    choice,
    run,
    state,
)
from cli.common import fail


@app.command("pause", cls=OneLineCommand)
def pause(
    ctx: typer.Context,
    reason: Annotated[
        str, typer.Option("--reason", help="legal_proceedings or police_investigation.")
    ],
    preview: Preview = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Put the case on hold: its clocks stop and no reminders go out until it resumes."""
    from casework import pauses

    why = choice(reason, PauseReason, option="--reason")

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
        return f"{state(a.case)}; paused {long_date(a.on)} ({why.label.lower()})"

    run(ctx, on, as_, act, preview=preview)


@app.command("resume", cls=OneLineCommand)
def resume(ctx: typer.Context, preview: Preview = False, on: On = None, as_: As = None) -> None:
    """Resume a paused case: its deadlines move on by the working days it was paused."""
    from casework import pauses

    def act(a: Act) -> str:
        row = pauses.resume(
            a.service, a.session, case=a.case, resumed_on=a.on, actor=a.actor, today=a.today
        )
        moved = f"deadlines moved by {row.working_days} working days"
        return f"{state(a.case)}; resumed {long_date(a.on)}, {moved}"

    run(ctx, on, as_, act, preview=preview)


@app.command("withdraw", cls=OneLineCommand)
def withdraw(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, if known.")] = None,
    preview: Preview = False,
    on: On = None,
    as_: As = None,
) -> None:
    """The complainant withdrew the complaint."""
    from casework import closing

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        closing.withdraw(a.service, a.session, case=a.case, actor=a.actor, now=a.now, reason=reason)
        return f"{state(a.case)}; withdrawn {long_date(a.on)}"

    run(ctx, on, as_, act, preview=preview)


@app.command("close", cls=OneLineCommand)
def close(
    ctx: typer.Context,
    reason: Annotated[
        str | None, typer.Option("--reason", help="A note for the audit trail.")
    ] = None,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help="Close while the complainant may still ask for the next stage (heard says "
            "until when without it).",
        ),
    ] = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Close the case (a complaint after its response; a compliment or enquiry at once)."""
    from casework import closing

    def act(a: Act) -> str:
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        try:
            closing.close(
                a.service, a.session, case=a.case, actor=a.actor, now=a.now, reason=reason,
                confirmed=confirm,
            )  # fmt: skip
        except closing.CloseNotConfirmed as refused:
            raise fail(f"{refused.said} Add --confirm to close it now.") from None
        return f"{state(a.case)}; closed {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("reopen", cls=OneLineCommand)
def reopen(
    ctx: typer.Context,
    reason: Annotated[
        str, typer.Option("--reason", help="Why (e.g. the family asked for stage 2).")
    ],
    on: On = None,
    as_: As = None,
) -> None:
    """Reopen a closed or withdrawn case from --on (the day the family asked): a closed
    complaint goes back to responded, so the next stage can be requested; a withdrawn one
    resumes where the family left it. Its clocks come back; no letter goes."""
    from casework import reopening

    def act(a: Act) -> str:
        reopening.reopen(
            a.service, a.session, case=a.case, actor=a.actor, reason=reason, on=a.on, today=a.today
        )
        return f"{state(a.case)}; reopened {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("clear-attention", cls=OneLineCommand)
def clear_attention(
    ctx: typer.Context,
    reason: Annotated[
        str, typer.Option("--reason", help="What was done, or why nothing needs doing.")
    ],
    on: On = None,
    as_: As = None,
) -> None:
    """Clear "needs a person to look" once someone has looked, with the reason."""
    from casework import attention

    def act(a: Act) -> str:
        attention.clear(a.service, a.session, case=a.case, actor=a.actor, reason=reason)
        return f"{state(a.case)}; no longer needs a person to look"

    run(ctx, on, as_, act)
