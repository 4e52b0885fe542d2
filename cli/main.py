"""The `heard` command. Every subcommand builds settings once and reports bad configuration
as one line naming the setting, never a traceback. Each command group is a module of cli/.

`main` is the installed entry point: it runs the typer app without click's standalone mode, so
that a wrong argument is one line (the command, the argument and its range) with exit code 2,
like every other refusal, instead of a usage box.
"""

from __future__ import annotations

import functools
import importlib
import logging
import sys

import click
import typer
from click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from cli.common import context_or_exit, fail, settings_or_exit

# `heard NAME ...`: the module whose `app` holds NAME's commands, imported only when NAME is
# run (or `heard --help` lists them all), so `heard case REF acknowledge` loads cli/case/ alone.
GROUPS = {
    "db": "cli.db",
    "cases": "cli.cases",
    "calendar": "cli.calendar",
    "config": "cli.config",
    "demo": "cli.demo",
    "digest": "cli.digest",
    "reminders": "cli.reminders",
    "outbox": "cli.outbox",
    "intake": "cli.intake",
    "import": "cli.import_",
    "export": "cli.export",
    "report": "cli.report",
    "case": "cli.case",
    "triage": "cli.triage",
    "retention": "cli.retention",
    "sar": "cli.sar",
    "web": "cli.web",
    "audit": "cli.audit",
}


class LazyGroup(TyperGroup):
    """click's documented way to load subcommands lazily: list the names, import on lookup."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*GROUPS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in GROUPS:
            return super().get_command(ctx, cmd_name)
        return _group(cmd_name)


@functools.cache
def _group(cmd_name: str) -> click.Command:
    """The group's click command, made once per process: typer builds it afresh from the
    module's app each time it is asked (about 40 ms of CPU for `heard case`, with its many
    options). One command per process, as an operator runs heard, is the same either way; the
    tests run `heard` in their own process thousands of times."""
    group = typer.main.get_group(importlib.import_module(GROUPS[cmd_name]).app)
    group.name = cmd_name
    return group


app = typer.Typer(
    cls=LazyGroup,
    help="heard: complaints intake for children's social care.",
    no_args_is_help=True,
)


@app.callback()
def heard() -> None:
    """A callback makes the app a group whatever it holds itself (only `serve`)."""


@app.command()
def serve() -> None:
    """Run SMTP intake, Slack and the scheduler (creates ./heard.db on first start)."""
    from cli.checks import startup_problems

    settings = settings_or_exit()
    problems = startup_problems(settings)  # exactly what `heard config check` runs
    for problem in problems[:-1]:
        fail(problem)
    if problems:
        raise fail(problems[-1])
    import asyncio

    from heard.errors import StartupError
    from heard.serve import run

    context = context_or_exit(settings=settings, create_sqlite=True, full_schema_check=True)
    try:
        asyncio.run(run(context))
    except StartupError as error:
        raise fail(str(error)) from None
    except OSError as error:  # a port taken between the check and the start
        raise fail(f"cannot start: {error.strerror or error}") from None
    except KeyboardInterrupt:
        pass


@app.command()
def version() -> None:
    """heard's release and the database schema revision it needs."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from store.migrate import HEAD_REVISION

    try:
        release = installed("heard")
    except PackageNotFoundError:
        release = "unknown (not installed)"
    typer.echo(f"heard {release} (database schema {HEAD_REVISION})")


def main(args: list[str] | None = None) -> None:
    """Run `heard`, turning click's usage errors into one line each."""
    from heard.invocation import Invocation

    command = typer.main.get_command(app)
    try:
        code = command.main(
            args=args, prog_name="heard", standalone_mode=False, obj=Invocation()
        )
    except NoArgsIsHelpError as error:
        error.show()
        sys.exit(error.exit_code)
    except ClickException as error:
        where = error.ctx.command_path if isinstance(error, UsageError) and error.ctx else "heard"
        message = " ".join(error.format_message().replace("Value error, ", "").split())
        typer.secho(f"{where}: {message} (see {where} --help)", err=True, fg=typer.colors.RED)
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.secho("heard: aborted", err=True, fg=typer.colors.RED)
        sys.exit(1)
    except Exception as error:  # a bug: one line for the operator, the traceback in DEBUG logs
        from store.outage import database_away, outage_cause

        logging.getLogger("heard").debug("unexpected error", exc_info=True)
        if database_away(error):  # not a bug: the database went away under the command
            typer.secho(
                f"heard: {outage_cause(error)} ({type(error).__name__}): the command did not "
                "finish; run it again once the database answers",
                err=True,
                fg=typer.colors.RED,
            )
            sys.exit(1)
        first = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        typer.secho(
            f"heard: unexpected error: {type(error).__name__}: {first}",
            err=True,
            fg=typer.colors.RED,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
