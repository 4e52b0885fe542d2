"""`heard demo`: made-up data for trying heard out."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import context_or_exit, fail

# A reference numbers at most 999,999 cases a year; fifty years stay inside the calendar.
MAX_DEMO_CASES = 1_000_000
MAX_DEMO_YEARS = 50

app = typer.Typer(help="Made-up data for trying heard out.", no_args_is_help=True)


@app.command("seed")
def demo_seed(
    cases: Annotated[
        int, typer.Option(help="How many cases to make up.", min=1, max=MAX_DEMO_CASES)
    ] = 1000,
    years: Annotated[
        int, typer.Option(help="Spread over this many years.", min=1, max=MAX_DEMO_YEARS)
    ] = 2,
    seed: Annotated[
        int, typer.Option(help="Random seed, for repeatable data.", min=0, max=2**32 - 1)
    ] = 1,
) -> None:
    """Fill the database with realistic, obviously fictitious cases."""
    from cli.demo_data import seed_demo

    context = context_or_exit(create_sqlite=True)
    try:
        summary = seed_demo(
            context.engine,
            cases=cases,
            years=years,
            today=context.clock.now().astimezone(context.settings.zone).date(),
            seed=seed,
            categories=list(context.rulebook.category_specs),
            prefix=context.settings.reference_prefix,
            calendar=context.calendar,
        )
    except ValueError as error:  # no teams yet, or a date outside the working-day calendar
        raise fail(str(error)) from None
    typer.echo(str(summary))
