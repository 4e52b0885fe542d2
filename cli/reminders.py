"""`heard reminders`: chasers waiting to be sent."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import MAX_LIST_LIMIT, database_or_exit

app = typer.Typer(help="Chasers waiting to be sent.", no_args_is_help=True)


@app.command("list")
def reminders_list(
    limit: Annotated[
        int, typer.Option(help="At most this many, soonest first.", min=1, max=MAX_LIST_LIMIT)
    ] = 50,
) -> None:
    """Pending reminders: when, what, for which case and for whom."""
    from store.db import read_scope
    from store.reminders import pending_reminders

    settings, engine = database_or_exit(create_sqlite=True)
    try:
        with read_scope(engine) as session:
            found = pending_reminders(session, limit=limit)
    finally:
        engine.dispose()
    for reminder in found:
        local = reminder.due_at.astimezone(settings.zone)
        typer.echo(
            f"{local:%Y-%m-%d %H:%M}  {reminder.reference}  {reminder.kind:<26} "
            f"{reminder.recipient}"
        )
    if not found:
        typer.echo("no pending reminders")
