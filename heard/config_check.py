"""`heard config check`: every problem with settings and rule files, each naming its setting."""

from __future__ import annotations

from collections.abc import Callable

from heard.errors import StartupError
from heard.settings import Settings, SettingsError, load_settings

# Other packages add checks of their own settings here (scheduler cron, Slack tokens…).
SettingsCheck = Callable[[Settings], list[str]]


def check_configuration(extra_checks: tuple[SettingsCheck, ...] = ()) -> list[str]:
    try:
        settings = load_settings()
    except SettingsError as error:
        return str(error).splitlines()
    problems: list[str] = []
    for check in (*_checks(), *extra_checks):
        problems.extend(check(settings))
    return problems


def _checks() -> tuple[SettingsCheck, ...]:
    return (_check_database, _check_domain)


def _check_database(settings: Settings) -> list[str]:
    from heard.context import build_context, sqlite_file_missing

    if sqlite_file_missing(settings.database_url):
        return []  # `heard serve` creates it on first start
    try:
        context = build_context(settings, create_sqlite=False)
    except StartupError as error:
        return [str(error)]
    context.engine.dispose()
    return []


def _check_domain(settings: Settings) -> list[str]:
    from heard.context import load_rules

    try:
        from cases.timescales import TimescalePolicy

        TimescalePolicy.from_overrides(settings.timescales)
    except ValueError as error:
        return [f"HEARD_TIMESCALES: {error}"]
    try:
        load_rules(settings)
    except StartupError as error:
        return str(error).splitlines()
    return []
