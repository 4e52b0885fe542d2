"""The `heard` command. Every subcommand builds settings once and reports bad configuration
as one line naming the setting, never a traceback."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Annotated

import typer

from cases.enums import CaseStatus
from heard.context import AppContext, build_context, build_settings
from heard.errors import StartupError
from heard.logs import configure_logging
from heard.settings import Settings
from store.db import DatabaseError, make_engine, session_scope
from store.migrate import upgrade

app = typer.Typer(help="heard: complaints intake for children's social care.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
cases_app = typer.Typer(help="Look at cases.", no_args_is_help=True)
calendar_app = typer.Typer(help="The working-day calendar.", no_args_is_help=True)
config_app = typer.Typer(help="Check configuration.", no_args_is_help=True)
demo_app = typer.Typer(help="Made-up data for trying heard out.", no_args_is_help=True)
digest_app = typer.Typer(help="The weekly director digest.", no_args_is_help=True)
reminders_app = typer.Typer(help="Chasers waiting to be sent.", no_args_is_help=True)
outbox_app = typer.Typer(help="Mail and Slack messages waiting or failed.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(cases_app, name="cases")
app.add_typer(calendar_app, name="calendar")
app.add_typer(config_app, name="config")
app.add_typer(demo_app, name="demo")
app.add_typer(digest_app, name="digest")
app.add_typer(reminders_app, name="reminders")
app.add_typer(outbox_app, name="outbox")


def fail(message: str) -> typer.Exit:
    typer.secho(f"heard: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def settings_or_exit() -> Settings:
    try:
        settings = build_settings()
    except StartupError as error:
        raise fail(str(error)) from None
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    return settings


def context_or_exit(*, create_sqlite: bool = False) -> AppContext:
    settings = settings_or_exit()
    try:
        return build_context(settings, create_sqlite=create_sqlite)
    except StartupError as error:
        raise fail(str(error)) from None


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


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (safe to run twice)."""
    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database_url)
        upgrade(engine)
    except DatabaseError as error:
        raise fail(str(error)) from None
    except Exception as error:
        raise fail(f"HEARD_DATABASE_URL: cannot upgrade: {str(error).splitlines()[0]}") from None
    typer.echo("database schema is up to date")


@cases_app.command("list")
def cases_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    status: Annotated[CaseStatus | None, typer.Option(help="Only cases in this status.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 100,
    automated: Annotated[
        bool,
        typer.Option(
            "--automated",
            help="List the automated mail kept apart from cases instead (auto-replies, "
            "out-of-office notes, mailing lists, bounces that matched no case).",
        ),
    ] = False,
) -> None:
    """List cases, newest first (no personal data)."""
    from store.queries import count_automated, list_cases

    context = context_or_exit(create_sqlite=True)
    with session_scope(context.engine) as session:
        found = list_cases(session, status=status, limit=limit, automated=automated)
        kept_apart = 0 if automated or as_json else count_automated(session)
    if as_json:
        typer.echo(json.dumps([case.model_dump(mode="json") for case in found], indent=2))
        return
    zone = context.settings.zone
    for case in found:
        received = case.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        stage = case.stage.label if case.stage else "-"
        typer.echo(
            f"{case.reference}  {received}  {case.record_kind.label:<22} {case.route.label:<10} "
            f"{case.status.label:<10} {stage}"
        )
    if not found:
        typer.echo("no automated mail" if automated else "no cases")
    if kept_apart:
        plural = "" if kept_apart == 1 else "s"
        typer.echo(
            f"({kept_apart} automated message{plural} kept apart: heard cases list --automated)"
        )


@cases_app.command("show")
def cases_show(
    reference: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one case: triage decision and reasons, issues, stages, deadlines, audit log."""
    from store.queries import case_detail, get_case

    context = context_or_exit(create_sqlite=True)
    with session_scope(context.engine) as session:
        case = get_case(session, reference=reference)
        if case is None:
            raise fail(f"no case {reference}")
        detail = case_detail(session, case=case)
    if as_json:
        typer.echo(json.dumps(detail, indent=2, default=str))
        return
    from heard.case_text import describe_case

    typer.echo(describe_case(detail, zone=context.settings.zone))


@calendar_app.command("add")
def calendar_add(
    start: Annotated[str, typer.Argument(help="A date, YYYY-MM-DD.")],
    working_days: Annotated[int, typer.Argument(help="Working days to add.", min=0)],
) -> None:
    """Print the date N working days after START (bank holidays and closure days skipped)."""
    from cases.calendar import WorkingCalendar

    settings = settings_or_exit()
    try:
        start_date = date.fromisoformat(start)
    except ValueError:
        raise fail(f"START: {start!r} is not a date (YYYY-MM-DD)") from None
    calendar = WorkingCalendar.from_settings(settings)
    typer.echo(calendar.add_working_days(start_date, working_days).isoformat())


@config_app.command("check")
def config_check() -> None:
    """Validate settings, the database URL and the rule file; print each problem."""
    from heard.config_check import check_configuration

    problems = check_configuration()
    for problem in problems:
        typer.secho(problem, err=True, fg=typer.colors.RED)
    if problems:
        raise typer.Exit(code=2)
    typer.echo("configuration is valid")


@demo_app.command("seed")
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


@digest_app.command("preview")
def digest_preview(
    as_of: Annotated[str | None, typer.Option("--as-of", help="A date, YYYY-MM-DD.")] = None,
) -> None:
    """Print what the next digest would contain (nothing is sent)."""
    from scheduler.digest_send import preview

    context = context_or_exit(create_sqlite=True)
    try:
        day = (
            date.fromisoformat(as_of) if as_of else context.calendar.local_date(context.clock.now())
        )
    except ValueError:
        raise fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None
    typer.echo(
        preview(context.engine, rulebook=context.rulebook, calendar=context.calendar, as_of=day)
    )


@reminders_app.command("list")
def reminders_list(
    limit: Annotated[int, typer.Option(help="At most this many, soonest first.")] = 50,
) -> None:
    """Pending reminders: when, what, for which case and for whom."""
    import sqlalchemy as sa

    from store.models import Case, Reminder

    context = context_or_exit(create_sqlite=True)
    reminder, case = Reminder.__table__, Case.__table__
    with context.engine.connect() as connection:
        rows = connection.execute(
            sa.select(reminder.c.due_at, reminder.c.kind, case.c.reference, reminder.c.recipient)
            .join(case, case.c.id == reminder.c.case_id)
            .where(reminder.c.done_at.is_(None))
            .order_by(reminder.c.due_at)
            .limit(limit)
        ).all()
    for due_at, kind, reference, recipient in rows:
        local = due_at.astimezone(context.settings.zone) if due_at.tzinfo else due_at
        typer.echo(f"{local:%Y-%m-%d %H:%M}  {reference}  {kind:<26} {recipient}")
    if not rows:
        typer.echo("no pending reminders")


@outbox_app.command("failed")
def outbox_failed() -> None:
    """Messages heard gave up sending (after retries), newest first."""
    from store.outbox import failed_messages

    context = context_or_exit(create_sqlite=True)
    with session_scope(context.engine) as session:
        rows = failed_messages(session)
        for row in rows:
            typer.echo(
                f"{row.created_at:%Y-%m-%d %H:%M}  {row.kind.value:<11} {row.target}  "
                f"attempts {row.attempts}: {row.last_error}"
            )
    if not rows:
        typer.echo("no failed messages")
