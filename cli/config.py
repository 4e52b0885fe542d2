"""`heard config`: check configuration."""

from __future__ import annotations

import typer

app = typer.Typer(help="Check configuration.", no_args_is_help=True)


@app.command("check")
def config_check(
    offline: bool = typer.Option(
        False,
        "--offline",
        help="Skip asking Microsoft 365, GOV.UK Notify and the sign-in provider.",
    ),
) -> None:
    """Run every check `heard serve` runs at start (nothing is changed); print each problem.
    Then ask each outside service heard is set to use whether it accepts the settings (a
    token from Microsoft, Notify's templates, the sign-in provider's discovery document).
    Safe on a live host: a port the running heard holds is said, not bound."""
    from cli.checks import check_configuration, ports_held_by_heard
    from cli.service_checks import service_problems
    from heard.settings import SettingsError, load_settings

    problems = check_configuration()  # the same checks `heard serve` runs before it starts
    try:
        settings = load_settings()
    except SettingsError:
        settings = None  # check_configuration said why
    if settings is not None and not offline:
        problems += service_problems(settings)
    for problem in problems:
        typer.secho(problem, err=True, fg=typer.colors.RED)
    if problems or settings is None:
        raise typer.Exit(code=2)
    for note in ports_held_by_heard(settings):
        typer.echo(note)
    typer.echo("configuration is valid")
