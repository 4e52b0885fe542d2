"""`heard retention preview|apply`: what the retention schedule removes (the rule file's
`retention:` section), and removing it now as the daily job does."""

from __future__ import annotations

import calendar as months
from datetime import date
from typing import Annotated

import typer

from cases.day_words import long_date, long_day
from cli.common import context_or_exit, login_name, parse_day

app = typer.Typer(
    help="Remove personal data the retention schedule no longer keeps.", no_args_is_help=True
)

BATCH = 200  # cases anonymised per transaction


@app.command("preview")
def preview(
    until: Annotated[
        date | None,
        typer.Option(
            "--until",
            help="Show what is due on or before this day, YYYY-MM-DD (default: the end of this "
            "month).",
            parser=parse_day,
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """List the cases whose personal data goes by --until, those a person must review first
    (flagged for safeguarding or child protection) and those under legal hold. Nothing changes."""
    from cases.retention import Retention
    from casework.retention import due_by
    from heard.wiring import retention_schedule
    from store.db import read_scope

    context = context_or_exit(read_only=True)
    try:
        today = context.calendar.local_date(context.clock.now())
        end = until or today.replace(day=months.monthrange(today.year, today.month)[1])
        schedule = retention_schedule(context)
        with read_scope(context.engine) as session:
            found = due_by(session, schedule=schedule, until=end)
    finally:
        context.engine.dispose()
    headings = {
        Retention.DUE: "Personal data removed by {end}",
        Retention.AWAITS_REVIEW: "Kept until a person reviews them (heard case REF retention-reviewed --reason TEXT)",
        Retention.HELD: "Under legal hold, never removed until released",
    }
    for retention, heading in headings.items():
        rows = [due for due in found if due.retention is retention]
        typer.echo(f"{heading.format(end=long_date(end))}: {len(rows)}")
        for due in rows:
            typer.echo(
                f"  {due.reference}  {due.record_kind.label:<22} "
                f"finished {long_date(due.finished_on)}  "
                f"due {long_day(due.due_on)}"
            )


@app.command("apply")
def apply_now() -> None:
    """Remove the personal data of every case due today (what the daily job does)."""
    from cases.actor import Actor, Via
    from casework.retention import apply_all
    from heard.wiring import retention_schedule

    context = context_or_exit(create_sqlite=True)
    try:
        now = context.clock.now()
        total = apply_all(
            context.engine,
            schedule=retention_schedule(context),
            today=context.calendar.local_date(now),
            now=now,
            actor=Actor.staff(Via.CLI, login_name()),
            batch=BATCH,
            each=lambda due: typer.echo(f"{due.reference}: personal data removed"),
        )
    finally:
        context.engine.dispose()
    typer.echo(f"{total} case{'s' if total != 1 else ''} anonymised")
