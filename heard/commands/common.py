"""What every command shares: one-line failures, settings and the context, built once."""

from __future__ import annotations

import typer

from heard.context import AppContext, build_context, build_settings
from heard.errors import StartupError
from heard.logs import configure_logging
from heard.settings import Settings


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
