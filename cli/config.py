"""`heard config`: check configuration."""

from __future__ import annotations

import typer

app = typer.Typer(help="Check configuration.", no_args_is_help=True)


@app.command("check")
def config_check() -> None:
    """Run every check `heard serve` runs at start (nothing is changed); print each problem.
    Safe on a live host: a port the running heard holds is said, not bound."""
    from cli.checks import check_configuration, ports_held_by_heard
    from heard.settings import SettingsError, load_settings

    problems = check_configuration()  # the same checks `heard serve` runs before it starts
    for problem in problems:
        typer.secho(problem, err=True, fg=typer.colors.RED)
    if problems:
        raise typer.Exit(code=2)
    try:
        notes = ports_held_by_heard(load_settings())
    except SettingsError:
        notes = []
    for note in notes:
        typer.echo(note)
    typer.echo("configuration is valid")
