"""`heard calendar`: the working-day calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cases.calendar import MAX_WORKING_DAYS, OutsideCalendar
from cli.common import fail, parse_day, settings_or_exit

app = typer.Typer(help="The working-day calendar.", no_args_is_help=True)


@app.command(
    "add",
    # "-3" is a number, not an unknown option: let the WORKING_DAYS range refuse it by name.
    context_settings={"ignore_unknown_options": True},
)
def calendar_add(
    start: Annotated[
        date, typer.Argument(help="A date, YYYY-MM-DD.", parser=parse_day, metavar="START")
    ],
    working_days: Annotated[
        int,
        typer.Argument(
            help="Working days to add (counts forward only: 0 or more).", min=0, max=MAX_WORKING_DAYS, metavar="WORKING_DAYS"
        ),
    ],
) -> None:
    """Print the date N working days after START (bank holidays and closure days skipped)."""
    from heard.context import working_calendar

    settings = settings_or_exit()
    calendar = working_calendar(settings)
    try:
        typer.echo(calendar.add_working_days(start, working_days).isoformat())
    except OutsideCalendar as error:
        raise fail(str(error)) from None
