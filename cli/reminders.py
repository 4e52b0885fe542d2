"""`heard reminders`: chasers waiting to be sent."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import MAX_LIST_LIMIT, context_or_exit, moment_column

app = typer.Typer(help="Chasers waiting to be sent.", no_args_is_help=True)


@app.command("list")
def reminders_list(
    limit: Annotated[
        int, typer.Option(help="At most this many, soonest first.", min=1, max=MAX_LIST_LIMIT)
    ] = 50,
) -> None:
    """Pending reminders: when, what, for which case and for whom. The chasers of learning
    actions and Ombudsman recommendations (computed by each sweep, not stored) are listed too."""
    from heard.wiring import planned_follow_ups
    from store.db import read_scope
    from store.reminders import pending_reminders

    context = context_or_exit(read_only=True)  # a listing writes nothing
    try:
        with read_scope(context.engine) as session:
            found = pending_reminders(session, limit=limit)
        follow_ups = planned_follow_ups(context)
    finally:
        context.engine.dispose()
    merged = sorted([*found, *follow_ups], key=lambda reminder: reminder.due_at)[:limit]
    for reminder in merged:
        when = moment_column(reminder.due_at, context.settings.zone)
        typer.echo(f"{when}  {reminder.reference}  {reminder.kind:<26} {reminder.recipient}")
    if not merged:
        typer.echo("no pending reminders")
