"""`heard case REF event-date DATE [--reason TEXT]`: the day of the event complained of, or of
the complainant's awareness of it; the 12-month time limit runs from it (casework/time_limit.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date
from cli.case.common import Act, As, OneLineCommand, app, parse_date, run, state


@app.command("event-date", cls=OneLineCommand)
def event_date(
    ctx: typer.Context,
    day: Annotated[
        str,
        typer.Argument(
            help="YYYY-MM-DD: when it happened, or when the complainant became aware of it."
        ),
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Where the date comes from (audit trail).")
    ] = None,
    as_: As = None,
) -> None:
    """Record the event or awareness date; the time limit is read again from it."""
    from casework import time_limit

    event_on = parse_date(day, option="DATE")

    def act(a: Act) -> str:
        time_limit.set_event_date(
            a.service, a.session, case=a.case, event_on=event_on, actor=a.actor, reason=reason
        )
        verdict = "out of time: weigh discretion" if a.case.out_of_time else "within 12 months"
        return f"{state(a.case)}; event or awareness {long_date(event_on)}: {verdict}"

    run(ctx, None, as_, act)
