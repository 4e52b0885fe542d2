"""`heard case REF sar-wait --for identity|clarification`, `sar-resume` and `sar-complex
--reason TEXT`: a subject access request's clock stops while the council waits, runs again for
the days that were left, or is extended to three months for a complex request
(casework/data_protection.py). `--on DATE` is the day it happened (default today)."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date, long_day
from cli.case.common import Act, As, On, OneLineCommand, app, run
from cli.common import fail

WAITING_FOR = ("identity", "clarification")


@app.command("sar-wait", cls=OneLineCommand)
def wait(
    ctx: typer.Context,
    waiting_for: Annotated[
        str, typer.Option("--for", help="What the council waits for: identity or clarification.")
    ],
    on: On = None,
    as_: As = None,
) -> None:
    """Stop a subject access request's clock while the council waits."""
    from casework.data_protection import stop_clock

    chosen = waiting_for.strip().lower()
    if chosen not in WAITING_FOR:
        raise fail(f"--for: {waiting_for[:40]!r} is not one of {', '.join(WAITING_FOR)}")

    def act(a: Act) -> str:
        stop_clock(
            a.service,
            a.session,
            case=a.case,
            waiting_for=chosen,
            on=a.on,
            actor=a.actor,
            now=a.now,
        )
        return f"{a.case.reference}: clock stopped on {long_date(a.on)}, waiting for {chosen}"

    run(ctx, on, as_, act)


@app.command("sar-resume", cls=OneLineCommand)
def resume(ctx: typer.Context, on: On = None, as_: As = None) -> None:
    """What was waited for arrived: the clock runs again for the days that were left."""
    from casework.data_protection import restart_clock

    def act(a: Act) -> str:
        clock = restart_clock(a.service, a.session, case=a.case, on=a.on, actor=a.actor, now=a.now)
        due = long_day(clock.effective_due)
        return f"{a.case.reference}: clock running again, answer due by {due}"

    run(ctx, on, as_, act)


@app.command("sar-complex", cls=OneLineCommand)
def complex_request(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option("--reason", help="Why the request is complex.")],
    on: On = None,
    as_: As = None,
) -> None:
    """A complex request: three months to answer."""
    from casework.data_protection import extend_complex

    def act(a: Act) -> str:
        clock = extend_complex(
            a.service, a.session, case=a.case, reason=reason, on=a.on, actor=a.actor, now=a.now
        )
        return f"{a.case.reference}: complex, answer due by {long_day(clock.effective_due)}"

    run(ctx, on, as_, act)
