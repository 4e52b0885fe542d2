"""`heard case REF ACTION [--on DATE] [--as NAME] [options]`: act on one case from the shell.

Each action is registered in ACTIONS with its own options (parsed by argparse from what
follows ACTION), so a new action is one function here. Every change is audited with who
(--as, else the login name) and why.
"""

from __future__ import annotations

import argparse
import getpass
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated

import typer
from sqlmodel import Session

from heard.commands.common import context_or_exit, fail
from heard.context import AppContext
from store.cases.service import CaseService
from store.db import session_scope
from store.models import Case

# Registered in heard/cli.py as a command (not a group): REF comes before ACTION.
CONTEXT_SETTINGS = {"allow_extra_args": True, "ignore_unknown_options": True}


@dataclass(frozen=True)
class CaseCommand:
    context: AppContext
    session: Session
    case: Case
    actor: str
    now: datetime
    args: list[str]

    def context_service(self) -> CaseService:
        from heard.wiring import build_case_service

        return build_case_service(self.context)


ActionFn = Callable[[CaseCommand], str]
ACTIONS: dict[str, tuple[str, ActionFn]] = {}


def action(name: str, summary: str) -> Callable[[ActionFn], ActionFn]:
    def register(fn: ActionFn) -> ActionFn:
        ACTIONS[name] = (summary, fn)
        return fn

    return register


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValueError(message)


def parser(prog: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, add_help=False, exit_on_error=False)


def case(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="The case reference.")],
    name: Annotated[str, typer.Argument(metavar="ACTION", help="What to do (see below).")],
    on: Annotated[
        str | None, typer.Option("--on", help="The date it happened (YYYY-MM-DD); default today.")
    ] = None,
    as_: Annotated[
        str | None, typer.Option("--as", help="Who is acting, for the audit log.")
    ] = None,
) -> None:
    """Act on one case. Actions: confirm-triage (see `heard case REF confirm-triage --help`)."""
    if name not in ACTIONS:
        raise fail(f"unknown action {name!r}; one of: {', '.join(sorted(ACTIONS))}")
    if "--help" in ctx.args:
        typer.echo(ACTIONS[name][0])
        return
    context = context_or_exit(create_sqlite=True)
    now = context.clock.now()
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise fail(f"--on: not a date (YYYY-MM-DD): {on!r}") from None
        now = datetime.combine(day, time(12), context.settings.zone)
    actor = f"cli:{(as_ or getpass.getuser()).strip()[:60]}"
    from cases.lifecycle import InvalidTransition
    from store.cases.queries import get_case

    with session_scope(context.engine) as session:
        found = get_case(session, reference=reference)
        if found is None:
            raise fail(f"no case {reference}")
        try:
            message = ACTIONS[name][1](
                CaseCommand(context, session, found, actor, now, list(ctx.args))
            )
        except ValueError as error:
            session.rollback()
            raise fail(f"{name}: {error}") from None
        except InvalidTransition as error:
            session.rollback()
            raise fail(str(error)) from None
    typer.echo(message)


def shown(args: list[str]) -> str:
    return shlex.join(args)


from heard.commands import case_triage  # noqa: E402,F401  (registers confirm-triage)
