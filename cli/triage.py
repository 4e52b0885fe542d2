"""`heard triage report`: how often staff overrule each triage rule."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer

from cli.common import database_or_exit

app = typer.Typer(help="Triage rules and how staff correct them.", no_args_is_help=True)


@app.command("report")
def triage_report(
    all_rules: Annotated[
        bool, typer.Option("--all", help="List every rule that fired, overruled or not.")
    ] = False,
) -> None:
    """Per rule: on how many cases it fired, how often staff overruled it, and how."""
    from store import triage_corrections
    from store.db import read_scope

    _, engine = database_or_exit()
    with read_scope(engine) as session:
        fired = triage_corrections.fired_by_rule(session)
        overruled = triage_corrections.overruled_by_rule(session)
    rules = sorted(
        set(overruled) | (set(fired) if all_rules else set()),
        key=lambda rule: (-sum(overruled.get(rule, {}).values()), rule),
    )
    if not rules:
        typer.echo("no corrections recorded yet: staff have confirmed every proposal")
        return
    typer.echo(f"{'rule':<34} {'fired':>6} {'overruled':>10} {'rate':>6}  what staff changed")
    for rule in rules:
        counts: Counter[str] = overruled.get(rule, Counter())
        total = sum(counts.values())
        times = fired.get(rule, 0)
        rate = f"{total / times:.0%}" if times else "-"
        how = ", ".join(f"{what} {count}" for what, count in sorted(counts.items()))
        typer.echo(f"{rule:<34} {times:>6} {total:>10} {rate:>6}  {how}")
