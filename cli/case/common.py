"""The `heard case REF` app every action registers on, and the runner each goes through: one
transaction, `--on DATE` and `--as NAME` checked once, refusals as one line and exit status 2."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from click import Command as ClickCommand
from click import Context as ClickContext
from click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from cases.actor import Actor, Via
from cases.day_words import long_date, people_dates
from cli.common import context_or_exit, fail
from outbound.text import for_terminal

if TYPE_CHECKING:  # `heard --help` must not pay for importing the store (issue 12: <= 0.5 s)
    from sqlmodel import Session

    from casework.service import CaseService
    from heard.context import AppContext
    from store.models import Case


class OneLineCommand(TyperCommand):
    """Usage errors (a missing or malformed option) as one line, exit status 2."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise fail(error.format_message()) from None


class _OneLineGroup(TyperGroup):
    """An unknown action name as one line that lists the actions, exit status 2."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise fail(error.format_message()) from None

    def resolve_command(
        self, ctx: ClickContext, args: list[str]
    ) -> tuple[str | None, ClickCommand | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except UsageError:
            known = ", ".join(sorted(self.list_commands(ctx)))
            raise fail(f"unknown action {args[0]!r} (one of {known})") from None


app = typer.Typer(
    cls=_OneLineGroup,
    help="Act on one case: heard case REF ACTION [--on DATE] [--as NAME].",
    no_args_is_help=True,
)

On = Annotated[
    str | None,
    typer.Option("--on", help="The day it happened, YYYY-MM-DD (default today)."),
]
As = Annotated[str | None, typer.Option("--as", help="Who did it (default your login name).")]
# Every action that writes to the complainant takes it: the letter is printed, nothing is kept
Preview = Annotated[
    bool,
    typer.Option("--preview", help="Print the letter the complainant would get; change nothing."),
]


@dataclass
class _Target:
    reference: str


@app.callback()
def case(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="The case reference, e.g. CSC-2026-000123.")],
) -> None:
    ctx.obj = _Target(reference.strip().upper())


@dataclass
class Act:
    """What an action gets: the case, its session and service, who and when."""

    context: AppContext
    service: CaseService
    session: Session
    case: Case
    actor: Actor
    on: date
    today: date
    now: datetime


def run(
    ctx: typer.Context,
    on: str | None,
    as_: str | None,
    action: Callable[[Act], str],
    *,
    preview: bool = False,
) -> None:
    """Run one action in one transaction; refusals become one line and exit status 2.
    `preview`: the action runs and its transaction is rolled back (nothing is kept or sent);
    the letters it wrote to the complainant (and any copy to their advocate) are printed."""
    from cases.lifecycle import InvalidTransition
    from cases.procedure import ProcedureError
    from cases.timescales import ExtensionRefused
    from casework.data_protection import DataProtectionRefused
    from casework.retention import RetentionRefused
    from casework.service import case_id
    from heard.wiring import build_case_service
    from store.cases.letter_facts import letters_since, newest_correspondence_id
    from store.cases.queries import get_case
    from store.cases.versions import ConcurrentChange

    reference = ctx.find_object(_Target)
    assert reference is not None
    actor = staff_actor(as_)
    given = parse_date(on, option="--on") if on else None
    context = context_or_exit()
    now = context.clock.now()
    today = context.calendar.local_date(now)
    day = given or today
    where = ""
    try:
        service = build_case_service(context)
        from store.db import session_scope

        with session_scope(context.engine) as session:
            found = get_case(session, reference=reference.reference)
            if found is None:
                raise fail(f"no case {reference.reference}")
            before = newest_correspondence_id(session, case_id=case_id(found))
            where = _where(found)  # as it stood, for a refusal (its transaction is undone)
            if given is not None:  # every --on is the day something happened to this case
                service.event_date(found, given, today=today, what="--on")
            flagged = found.attention_reason if found.needs_attention else None
            message = action(
                Act(context, service, session, found, actor, day, today,
                    context.calendar.moment_on(day, now))
            )  # fmt: skip
            if found.needs_attention and found.attention_reason != flagged and not preview:
                # e.g. a letter that could not go (outbound.letters): said where staff acted
                message = f"{message}\nneeds attention: {found.attention_reason}"
            if preview:
                session.flush()
                message = _letters(letters_since(session, case_id=case_id(found), after_id=before))
                session.rollback()
    except InvalidTransition as error:
        # the case's state in words, as `heard cases show` says it, not "(open, statutory_1)"
        raise fail(f"{reference.reference} ({where}): {people_dates(error.said)}") from None
    except (
        ExtensionRefused,
        ProcedureError,
        RetentionRefused,
        DataProtectionRefused,
    ) as error:
        # the domain writes a day as ISO; people read it as Slack and the web show it
        raise fail(people_dates(str(error))) from None
    except ConcurrentChange:
        raise fail(
            f"{reference.reference} was changed by someone else just now; try again"
        ) from None
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    # What others wrote reaches the terminal here (a search's words in `reads`, a sender's
    # name and text in a --preview letter): shown, never acted on.
    typer.echo(for_terminal(message))


def _letters(written: list[Any]) -> str:
    """What --preview prints: each letter as it would go, or why none would."""
    if not written:
        return (
            "No letter would go: nothing in this step is written to the complainant, or they "
            "have no email, phone or postal address."
        )
    from store.cases.letter_facts import for_staff

    return "\n\n".join(
        f"--- {row.subject} (preview: nothing was recorded or sent) ---\n"
        + (f"[{for_staff(row)}]\n" if for_staff(row) else "")
        + (row.text or "")
        for row in written
    )


def parse_date(text: str, *, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def staff_actor(as_: str | None) -> Actor:
    """Who acts: --as, else the login name; `--as ""` is no name and is refused."""
    login = (_login() if as_ is None else as_).strip()[:70]
    if not login:
        raise fail("--as: give a name")
    return Actor.staff(Via.CLI, login)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _where(case: Case) -> str:
    """The case's state in words, as every line of `heard case` says it: 'open, Statutory
    stage 1, paused' (a refusal's brackets said 'open, Statutory stage 1' of a paused case)."""
    stage = f", {case.stage.label}" if case.stage else ""
    paused = ", paused" if case.paused_on else ""
    return f"{case.status.label.lower()}{stage}{paused}"


def state(case: Case) -> str:
    return f"{case.reference}: {_where(case)}"


def choice(value: str, choices: Any, *, option: str) -> Any:
    try:
        return choices(value.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(member.value for member in choices)
        raise fail(f"{option}: {value!r} is not one of {known}") from None


Number = Annotated[int, typer.Argument(help="Its number in `heard cases show`.", min=1)]


def change(
    ctx: typer.Context,
    on: str | None,
    as_: str | None,
    do: Callable[[Act], object],
    said: str | Callable[[Act], str],
    *,
    dated: bool = False,
) -> None:
    """The usual action: call casework (`do`), then print the case's state and what changed
    (`said`, with {on} for the day). `dated`: --on is the day it happened, so it is checked
    against the case (never before it arrived, never in the future) before anything changes."""

    def act(a: Act) -> str:
        if dated:
            a.service.event_date(a.case, a.on, today=a.today, what="--on")
        do(a)
        what = said(a) if callable(said) else said.format(on=long_date(a.on))
        return f"{state(a.case)}; {what}"

    run(ctx, on, as_, act)
