"""The `heard` command. Every subcommand builds settings once and reports bad configuration
as one line naming the setting, never a traceback. Each command group lives in heard/commands/."""

from __future__ import annotations

import asyncio

import typer

from heard.commands import (
    calendar,
    case,
    cases,
    config,
    db,
    demo,
    digest,
    export,
    import_,
    outbox,
    reminders,
    report,
    triage,
)
from heard.commands.common import context_or_exit, fail
from heard.errors import StartupError

app = typer.Typer(help="heard: complaints intake for children's social care.", no_args_is_help=True)
for group in (db, cases, calendar, config, demo, digest, reminders, outbox):
    app.add_typer(group.app, name=group.__name__.rsplit(".", 1)[-1])
app.add_typer(import_.app, name="import")
app.add_typer(export.app, name="export")
app.add_typer(report.app, name="report")
app.command("case", context_settings=case.CONTEXT_SETTINGS)(case.case)
app.add_typer(triage.app, name="triage")


@app.command()
def serve() -> None:
    """Run SMTP intake, Slack and the scheduler (creates ./heard.db on first start)."""
    from heard.serve import run

    context = context_or_exit(create_sqlite=True)
    try:
        asyncio.run(run(context))
    except StartupError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        pass
