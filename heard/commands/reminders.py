"""`heard reminders`: chasers waiting to be sent."""

from __future__ import annotations

from typing import Annotated

import typer

from heard.commands.common import MAX_LIST_LIMIT, context_or_exit

app = typer.Typer(help="Chasers waiting to be sent.", no_args_is_help=True)


@app.command("list")
def reminders_list(
    limit: Annotated[
        int, typer.Option(help="At most this many, soonest first.", min=1, max=MAX_LIST_LIMIT)
    ] = 50,
) -> None:
    """Pending reminders: when, what, for which case and for whom."""
    import sqlalchemy as sa

    from store.models import Case, Reminder

    context = context_or_exit(create_sqlite=True)
    reminder, case = Reminder.__table__, Case.__table__
    with context.engine.connect() as connection:
        rows = connection.execute(
            sa.select(reminder.c.due_at, reminder.c.kind, case.c.reference, reminder.c.recipient)
            .join(case, case.c.id == reminder.c.case_id)
            .where(reminder.c.done_at.is_(None))
            .order_by(reminder.c.due_at)
            .limit(limit)
        ).all()
    for due_at, kind, reference, recipient in rows:
        local = due_at.astimezone(context.settings.zone) if due_at.tzinfo else due_at
        typer.echo(f"{local:%Y-%m-%d %H:%M}  {reference}  {kind:<26} {recipient}")
    if not rows:
        typer.echo("no pending reminders")
