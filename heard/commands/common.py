"""What every command shares: one-line failures, settings and the context, built once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from heard.errors import StartupError

if TYPE_CHECKING:  # imported when a command runs, so `heard --help` stays quick
    from sqlalchemy.engine import Engine

    from heard.context import AppContext
    from heard.settings import Settings


def fail(message: str) -> typer.Exit:
    typer.secho(f"heard: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def settings_or_exit() -> Settings:
    from heard.context import build_settings
    from heard.logs import configure_logging

    try:
        settings = build_settings()
    except StartupError as error:
        raise fail(str(error)) from None
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    return settings


def database_or_exit(*, create_sqlite: bool = False) -> tuple[Settings, Engine]:
    """Settings and the database, for commands that only read the store. The rule file is
    still checked: no command runs on a broken one."""
    from heard.context import load_rules, open_database

    settings = settings_or_exit()
    try:
        load_rules(settings)
        return settings, open_database(settings, create_sqlite=create_sqlite)
    except StartupError as error:
        raise fail(str(error)) from None


def context_or_exit(*, create_sqlite: bool = False) -> AppContext:
    from heard.context import build_context

    settings = settings_or_exit()
    try:
        return build_context(settings, create_sqlite=create_sqlite)
    except StartupError as error:
        raise fail(str(error)) from None
