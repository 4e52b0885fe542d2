"""What every command shares: one-line failures, settings and the context, built once, and the
parsers that give each argument its range (so a wrong value is refused before any work)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import typer

from cases.calendar import FIRST_DAY, LAST_DAY
from cases.day_words import long_moment
from heard.errors import StartupError

if TYPE_CHECKING:  # the settings, database and domain are imported only by commands that use them
    from sqlalchemy.engine import Engine

    from cases.clock import Clock
    from heard.context import AppContext
    from heard.settings import Settings

# Lists print at most this many rows: more is never read on a terminal, and a bigger number
# would reach the database as a LIMIT it cannot hold.
MAX_LIST_LIMIT = 10_000
MAX_REFERENCE_LENGTH = 40


# the longest moment people read: what a list's moment column is padded to
_MOMENT_WIDTH = len("30 September 2026 at 23:59")


def moment_column(moment: datetime, zone: ZoneInfo) -> str:
    """A moment in a list's first column, as people read one ("7 December 2026 at 11:10",
    local time), padded so the columns after it line up."""
    return long_moment(moment.astimezone(zone)).ljust(_MOMENT_WIDTH)


def fail(message: str) -> typer.Exit:
    typer.secho(f"heard: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def settings_or_exit() -> Settings:
    # Imported here: pydantic-settings would be most of the time `heard --help` takes.
    from cli.logs import configure_logging
    from heard.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        raise fail(str(error)) from None
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    return settings


def context_or_exit(
    *,
    create_sqlite: bool = False,
    settings: Settings | None = None,
    read_only: bool = False,
    full_schema_check: bool = False,
) -> AppContext:
    """Everything a command that works on cases needs. `read_only` commands write nothing
    (not even the rule file's teams, nor a new SQLite file); `full_schema_check` is for
    `heard serve`."""
    from heard.context import build_context

    settings = settings or settings_or_exit()
    try:
        return build_context(
            settings,
            create_sqlite=create_sqlite and not read_only,
            read_only=read_only,
            full_schema_check=full_schema_check,
            clock=command_clock(),
        )
    except StartupError as error:
        raise fail(str(error)) from None


def command_clock() -> Clock:
    """The clock this run of the command was given (heard.invocation.Invocation, click's
    context object); a command invoked with none reads the system clock, as `heard` does."""
    import click

    from heard.invocation import Invocation

    invoked = click.get_current_context(silent=True)
    given = invoked.find_object(Invocation) if invoked is not None else None
    return (given or Invocation()).clock


def database_or_exit() -> tuple[Settings, Engine]:
    """Settings and the database only, for commands that list rows: no calendar, no rule file
    (loading and compiling it costs more than the listing) and no writes, not even a new SQLite
    file."""
    from heard.context import open_database

    settings = settings_or_exit()
    try:
        return settings, open_database(settings, create_sqlite=False)
    except StartupError as error:
        raise fail(str(error)) from None


def parse_path(value: str) -> Path:
    """A path that names something (typer's `parser=`): an empty one would be the current
    directory, and a report or export would land there unasked."""
    if not value.strip():
        raise typer.BadParameter("give a path (an empty one would be the current directory)")
    return Path(value)


def parse_day(value: str) -> date:
    """A YYYY-MM-DD date inside the working-day calendar (typer's `parser=` for dates)."""
    text = value.strip()
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise typer.BadParameter(f"{value[:40]!r} is not a date (YYYY-MM-DD)")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise typer.BadParameter(
            f"{text} is outside {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
        )
    return day


def parse_reference(value: str) -> str:
    """A case reference as staff type it (CSC-2026-000123); any case, spaces trimmed."""
    text = value.strip().upper()
    if not text or len(text) > MAX_REFERENCE_LENGTH or not text.isprintable():
        raise typer.BadParameter(f"{value[:40]!r} is not a case reference (like CSC-2026-000123)")
    return text


def login_name() -> str:
    """Who runs the command, as the audit log names them (`cli:<login>`)."""
    import getpass

    try:
        return getpass.getuser().strip()[:70] or "unknown"
    except (KeyError, OSError):
        return "unknown"


def record_read(
    engine: Engine,
    *,
    action: str,
    at: datetime,
    case_id: int | None = None,
    what: dict[str, Any] | None = None,
) -> None:
    """Write one read (store/reads.py) in its own short transaction, before anything read is
    printed: a command that shows personal data to someone leaves a line saying so."""
    from cases.actor import Actor, Via
    from cases.enums import AuditAction
    from store import reads
    from store.db import session_scope

    with session_scope(engine) as session:
        reads.record_read(
            session,
            actor=Actor.staff(Via.CLI, login_name()),
            action=AuditAction(action),
            at=at,
            case_id=case_id,
            what=what,
        )
