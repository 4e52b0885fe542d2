"""`heard config`: check configuration."""

from __future__ import annotations

import typer

app = typer.Typer(help="Check configuration.", no_args_is_help=True)


@app.command("check")
def config_check() -> None:
    """Validate settings, the database URL and the rule file; print each problem."""
    from heard.config_check import check_configuration

    problems = check_configuration()
    for problem in problems:
        typer.secho(problem, err=True, fg=typer.colors.RED)
    if problems:
        raise typer.Exit(code=2)
    typer.echo("configuration is valid")
