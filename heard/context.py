"""The composition root's bundle: everything built once from settings and passed down.

Only heard/ sees this bundle and `Settings`; each part it builds receives the narrow, typed
configuration it needs (see heard/wiring.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from cases.clock import Clock, SystemClock
from heard.errors import StartupError
from heard.settings import Settings
from store.db import DatabaseError, check_sqlite_pragmas, is_sqlite, make_engine

if TYPE_CHECKING:  # imported when used, so `heard --help` does not load holidays or the rules
    from cases.calendar import WorkingCalendar
    from cases.timescales import TimescalePolicy
    from casework.service import CaseService
    from org.directory import Organisation
    from outbound.graph_client import GraphClient
    from telemetry.probes import Readiness
    from triage.rulebook import Rulebook


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    calendar: WorkingCalendar
    timescales: TimescalePolicy
    rulebook: Rulebook
    clock: Clock = field(default_factory=SystemClock)
    # The process's one CaseService, built on first use by heard.wiring.build_case_service.
    case_service: CaseService | None = field(default=None, compare=False, repr=False)
    # The process's one Graph client (heard.mail_services.shared_graph_client): the mailbox
    # reader and the Graph transport share its token and its four request slots.
    graph_client: GraphClient | None = field(default=None, compare=False, repr=False)
    # What /readyz asks (heard.serve.readiness): each running part registers its probe.
    readiness: Readiness | None = field(default=None, compare=False, repr=False)

    @property
    def organisation(self) -> Organisation:
        """The organisation directory, read from the rule file with the rules (org/)."""
        return self.rulebook.organisation


def build_context(
    settings: Settings,
    *,
    create_sqlite: bool = True,
    clock: Clock | None = None,
    read_only: bool = False,
    full_schema_check: bool = False,
) -> AppContext:
    """Open the database (creating a fresh SQLite file if allowed) and load calendar and rules.

    The rule file's teams are written to the database unless `read_only`: a command that only
    reads must not write (nor wait for a writer), and the teams it reads were written by the
    `heard serve` or the command that last wrote."""
    engine = open_database(
        settings, create_sqlite=create_sqlite, full_schema_check=full_schema_check
    )
    calendar, timescales, rulebook = load_domain(settings)
    context = AppContext(
        settings=settings,
        engine=engine,
        calendar=calendar,
        timescales=timescales,
        rulebook=rulebook,
        clock=clock or SystemClock(),
    )
    if not read_only:
        sync_teams(context)
    return context


def open_database(
    settings: Settings, *, create_sqlite: bool = True, full_schema_check: bool = False
) -> Engine:
    """The engine, once the schema is known to be current (all a listing command needs).

    The check is one SELECT of the stored revision unless `full_schema_check` (`heard serve`),
    which asks Alembic for the migration scripts' head (store/migrate.py)."""
    from store.migrate import ensure_schema
    from store.sealing import Sealer, use_sealer

    try:
        engine = make_engine(
            settings.database_url, echo=settings.database_echo, create=create_sqlite
        )
        keys = settings.attachment_key_list()
        use_sealer(engine, Sealer(keys) if keys else None)
        ensure_schema(
            engine,
            create_if_empty=create_sqlite and is_sqlite(settings.database_url),
            full=full_schema_check,
        )
        check_sqlite_pragmas(engine)
    except DatabaseError as error:
        raise StartupError(str(error)) from None
    except Exception as error:  # an unreachable server, a read-only file…
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise StartupError(f"HEARD_DATABASE_URL: cannot use the database: {first_line}") from None
    return engine


def sync_teams(context: AppContext) -> None:
    """Issues reference teams by id: the rule file's teams must exist as rows first."""
    from store.db import session_scope
    from store.organisation import sync_organisation

    directorates, teams = context.organisation.rows()
    with session_scope(context.engine) as session:
        sync_organisation(session, directorates=directorates, teams=teams)


def load_domain(settings: Settings) -> tuple[WorkingCalendar, TimescalePolicy, Rulebook]:
    """Calendar, timescales and the rule file: pure configuration, validated before serving."""
    from cases.timescales import TimescalePolicy

    calendar = working_calendar(settings)
    try:
        timescales = TimescalePolicy.from_overrides(
            settings.timescales, code_from=settings.complaint_handling_code_from
        )
    except ValueError as error:
        raise StartupError(f"HEARD_TIMESCALES: {error}") from None
    return calendar, timescales, load_rules(settings)


def working_calendar(settings: Settings) -> WorkingCalendar:
    """The council's working days and hours (HEARD_CLOSURE_DAYS, HEARD_WORKING_HOURS_*)."""
    from cases.calendar import WorkingCalendar

    return WorkingCalendar(
        closure_days=frozenset(settings.closure_days),
        zone=settings.zone,
        opens=settings.working_hours_start,
        closes=settings.working_hours_end,
    )


def load_rules(settings: Settings) -> Rulebook:
    from triage.rulebook import RulebookError, load_rulebook

    try:
        # A copy of its own: SIGHUP's reload changes it in place (Rulebook.replace_with).
        return load_rulebook(settings.rules_path).own_copy()
    except (RulebookError, OSError) as error:
        raise StartupError(f"HEARD_RULES_PATH: {error}") from None
