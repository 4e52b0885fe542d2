"""`heard digest`: the weekly director digest."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from heard.commands.common import context_or_exit, parse_day

app = typer.Typer(help="The weekly director digest.", no_args_is_help=True)


@app.command("preview")
def digest_preview(
    as_of: Annotated[
        date | None,
        typer.Option("--as-of", help="A date, YYYY-MM-DD.", parser=parse_day, metavar="DATE"),
    ] = None,
) -> None:
    """Print what the next digest would contain (nothing is sent)."""
    from scheduler.digest_send import preview

    context = context_or_exit(create_sqlite=True)
    day = as_of or context.calendar.local_date(context.clock.now())
    typer.echo(
        preview(context.engine, rulebook=context.rulebook, calendar=context.calendar, as_of=day)
    )
