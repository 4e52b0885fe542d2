"""`heard calendar`: the working-day calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from heard.commands.common import fail, settings_or_exit

app = typer.Typer(help="The working-day calendar.", no_args_is_help=True)


@app.command("add")
def calendar_add(
    start: Annotated[str, typer.Argument(help="A date, YYYY-MM-DD.")],
    working_days: Annotated[int, typer.Argument(help="Working days to add.", min=0)],
) -> None:
    """Print the date N working days after START (bank holidays and closure days skipped)."""
    from heard.context import working_calendar

    settings = settings_or_exit()
    try:
        start_date = date.fromisoformat(start)
    except ValueError:
        raise fail(f"START: {start!r} is not a date (YYYY-MM-DD)") from None
    calendar = working_calendar(settings)
    typer.echo(calendar.add_working_days(start_date, working_days).isoformat())
