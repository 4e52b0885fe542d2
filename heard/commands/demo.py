"""`heard demo`: made-up data for trying heard out."""

from __future__ import annotations

from typing import Annotated

import typer

from heard.commands.common import context_or_exit

app = typer.Typer(help="Made-up data for trying heard out.", no_args_is_help=True)


@app.command("seed")
def demo_seed(
    cases: Annotated[int, typer.Option(help="How many cases to make up.", min=1)] = 1000,
    years: Annotated[int, typer.Option(help="Spread over this many years.", min=1)] = 2,
    seed: Annotated[int, typer.Option(help="Random seed, for repeatable data.")] = 1,
) -> None:
    """Fill the database with realistic, obviously fictitious cases."""
    from heard.demo import seed_demo

    context = context_or_exit(create_sqlite=True)
    summary = seed_demo(
        context.engine,
        cases=cases,
        years=years,
        today=context.clock.now().astimezone(context.settings.zone).date(),
        seed=seed,
        prefix=context.settings.reference_prefix,
    )
    typer.echo(str(summary))
