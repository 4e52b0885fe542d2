"""`heard case REF hold --reason TEXT` / `release [--reason TEXT]`: a legal hold, which the
retention schedule never touches; `retention-reviewed --reason TEXT`: a person reviewed a case
flagged for safeguarding or child protection, so the schedule may remove its personal data;
`erase --reason TEXT`: remove a finished case's personal data now, on a request."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date
from cli.case.common import Act, As, On, OneLineCommand, app, run

Reason = Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")]


@app.command("hold", cls=OneLineCommand)
def hold(ctx: typer.Context, reason: Reason, on: On = None, as_: As = None) -> None:
    """Put the case under legal hold: the retention schedule never touches it."""
    from casework import retention

    def act(a: Act) -> str:
        since = retention.hold(a.session, case=a.case, reason=reason, actor=a.actor, now=a.now)
        if since is not None:
            return f"{a.case.reference}: under legal hold since {long_date(since)}, reason replaced"
        return f"{a.case.reference}: under legal hold"

    run(ctx, on, as_, act)


@app.command("release", cls=OneLineCommand)
def release(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, if to be kept.")] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """End a legal hold."""
    from casework import retention

    def act(a: Act) -> str:
        retention.release(a.session, case=a.case, actor=a.actor, now=a.now, reason=reason)
        return f"{a.case.reference}: legal hold released"

    run(ctx, on, as_, act)


@app.command("retention-reviewed", cls=OneLineCommand)
def reviewed(ctx: typer.Context, reason: Reason, on: On = None, as_: As = None) -> None:
    """A case flagged for safeguarding or child protection was reviewed: the schedule applies."""
    from casework import retention

    def act(a: Act) -> str:
        retention.review(a.session, case=a.case, actor=a.actor, now=a.now, note=reason)
        return f"{a.case.reference}: reviewed; the retention schedule applies"

    run(ctx, on, as_, act)


@app.command("erase", cls=OneLineCommand)
def erase(ctx: typer.Context, reason: Reason, on: On = None, as_: As = None) -> None:
    """Remove a finished case's personal data now, on an erasure request the council accepted
    (the figures the reports count stay). Not an open case, one under legal hold, or one
    flagged for safeguarding until a person has reviewed it."""
    from casework import retention

    def act(a: Act) -> str:
        retention.erase(a.session, case=a.case, actor=a.actor, now=a.now, reason=reason)
        return f"{a.case.reference}: personal data removed"

    run(ctx, on, as_, act)
