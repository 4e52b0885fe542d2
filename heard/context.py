"""The composition root's bundle: everything built once from settings and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from cases.clock import Clock, SystemClock
from heard.errors import StartupError
from heard.settings import Settings, SettingsError, load_settings
from store.db import DatabaseError, check_sqlite_pragmas, is_sqlite, make_engine, sqlite_path
from store.migrate import ensure_schema


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    calendar: Any = None  # cases.calendar.WorkingCalendar
    timescales: Any = None  # cases.timescales.TimescalePolicy
    rulebook: Any = None  # triage rulebook


def build_settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as error:
        raise StartupError(str(error)) from None


def build_context(
    settings: Settings, *, create_sqlite: bool = True, clock: Clock | None = None
) -> AppContext:
    """Open the database (creating a fresh SQLite file if allowed) and load calendar and rules."""
    try:
        engine = make_engine(settings.database_url, echo=settings.database_echo)
        ensure_schema(engine, create_if_empty=create_sqlite and is_sqlite(settings.database_url))
        check_sqlite_pragmas(engine)
    except DatabaseError as error:
        raise StartupError(str(error)) from None
    except Exception as error:  # an unreachable server, a read-only file…
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise StartupError(f"HEARD_DATABASE_URL: cannot use the database: {first_line}") from None
    context = AppContext(settings=settings, engine=engine, clock=clock or SystemClock())
    load_domain(context)
    sync_teams(context)
    return context


def sync_teams(context: AppContext) -> None:
    """Issues reference teams by id: the rule file's teams must exist as rows first."""
    from store.db import session_scope
    from store.organisation import sync_organisation

    directorates, teams = context.rulebook.organisation_rows()
    with session_scope(context.engine) as session:
        sync_organisation(session, directorates=directorates, teams=teams)


def load_domain(context: AppContext) -> None:
    """Calendar, timescales and the rule file: pure configuration, validated before serving."""
    from cases.calendar import WorkingCalendar
    from cases.timescales import TimescalePolicy

    settings = context.settings
    context.calendar = WorkingCalendar.from_settings(settings)
    try:
        context.timescales = TimescalePolicy.from_overrides(settings.timescales)
    except ValueError as error:
        raise StartupError(f"HEARD_TIMESCALES: {error}") from None
    context.rulebook = load_rules(settings)


def load_rules(settings: Settings) -> Any:
    from triage.rulebook import RulebookError, load_rulebook

    try:
        return load_rulebook(settings.rules_path)
    except (RulebookError, OSError) as error:
        raise StartupError(f"HEARD_RULES_PATH: {error}") from None


def sqlite_file_missing(url: str) -> bool:
    """A SQLite file `heard serve` has not created yet (checks must not create it either)."""
    path = sqlite_path(url) if is_sqlite(url) else None
    return path is not None and not path.exists()
