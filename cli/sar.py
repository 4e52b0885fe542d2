"""`heard sar export --email ADDRESS [--name NAME] --out DIR`: everything heard holds on one
person, in one zip (casework/subject_access.py says what is in it and what is not)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cases.day_words import long_date, long_day
from cases.enums import Channel
from cli.common import context_or_exit, fail, login_name, parse_day
from org.addresses import is_email

app = typer.Typer(help="Subject access requests.", no_args_is_help=True)


@app.command("export")
def export(
    email: Annotated[str, typer.Option("--email", help="The person's email address.")],
    out: Annotated[Path, typer.Option("--out", help="The directory the zip is written to.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Their name: finds records without the address too."),
    ] = None,
    redact: Annotated[
        Path | None,
        typer.Option(
            "--redact",
            help="A text file of names and phrases to redact, one a line (other people on each "
            "case are redacted anyway).",
        ),
    ] = None,
    request: Annotated[
        str | None, typer.Option("--request", help="The request this answers (SAR-2026-0001).")
    ] = None,
) -> None:
    """Write SAR-<date>-<address>.zip: an HTML index in plain English, each message as .eml,
    the attachments, our letters and each case's history. The export is audited on each case;
    with --request, that request is answered today (its clock met, the record closed)."""
    from cases.actor import Actor, Via
    from cases.enums import RecordKind
    from casework.data_protection import DataProtectionRefused, answer
    from casework.subject_access import Redactions, find, record_export
    from cli.sar_files import write_zip
    from heard.wiring import build_case_service
    from store.cases.queries import get_case
    from store.db import read_scope, session_scope

    if not is_email(email):
        raise fail(f"--email: {email[:80]!r} is not an email address")
    if not out.is_dir():
        raise fail(
            f"--out: {out} is a file, not a directory"
            if out.exists()
            else f"--out: no directory {out}"
        )
    phrases: list[str] = []
    if redact is not None:
        try:
            phrases = redact.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"--redact: cannot read {redact}: {error}") from None
    context = context_or_exit(create_sqlite=True, read_only=request is None)
    actor = Actor.staff(Via.CLI, login_name())
    try:
        now = context.clock.now()
        with read_scope(context.engine) as session:
            if request is not None:
                asked = get_case(session, reference=request.strip().upper())
                if asked is None or asked.record_kind != RecordKind.SUBJECT_ACCESS_REQUEST:
                    raise fail(f"--request: no subject access request {request}")
                request = asked.reference
            holding = find(session, email=email, name=name, redactions=Redactions.of(phrases))
            # The request itself is about them too, but its export would say nothing new.
            holding.cases[:] = [case for case in holding.cases if case.reference != request]
        safe = "".join(c if c.isalnum() else "-" for c in email.lower())[:60]
        path = out / f"SAR-{now:%Y%m%d-%H%M%S}-{safe}.zip"
        try:
            count = write_zip(
                holding,
                path,
                zone=context.settings.zone,
                council=context.settings.council_name,
                made_at=now,
                request=request,
            )
        except FileExistsError:
            raise fail(f"{path} exists") from None
        except OSError as error:  # a folder heard may not write to, a full or read-only disk
            raise fail(f"--out: cannot write {path}: {error.strerror or error}") from None
        with session_scope(context.engine) as session:
            record_export(
                session, holding=holding, actor=actor, at=now, request=request, file=path.name
            )
            if request is not None:
                case = get_case(session, reference=request)
                assert case is not None
                try:
                    answer(
                        build_case_service(context),
                        session,
                        case=case,
                        on=context.calendar.local_date(now),
                        actor=actor,
                        now=now,
                    )
                except DataProtectionRefused as error:
                    typer.echo(f"{request}: not marked answered: {error}", err=True)
    finally:
        context.engine.dispose()
    plural = "s" if len(holding.cases) != 1 else ""
    files = "file" if count == 1 else "files"
    typer.echo(f"wrote {path}: {len(holding.cases)} case{plural}, {count} {files}")
    if request is not None:
        typer.echo(f"{request}: answered")


@app.command("new")
def new(
    email: Annotated[
        str | None, typer.Option("--email", help="The requester's email address.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The requester's name.")] = None,
    received: Annotated[
        date | None,
        typer.Option(
            "--received", help="The day it arrived, YYYY-MM-DD (default today).", parser=parse_day
        ),
    ] = None,
    channel: Annotated[Channel, typer.Option(help="How it arrived.")] = Channel.EMAIL,
) -> None:
    """Log a subject access request: answered within one month of receipt (three if complex;
    the clock stops while waiting for identity or clarification). Prints its reference."""

    from cases.actor import Actor, Via
    from cases.enums import RecordKind
    from casework.data_protection import open_record
    from heard.wiring import build_case_service
    from store.db import session_scope
    from store.models import Deadline

    if not (email or name):
        raise fail("give --email or --name")
    if email is not None and not is_email(email):
        raise fail(f"--email: {email[:80]!r} is not an email address")
    context = context_or_exit(create_sqlite=True)
    try:
        now = context.clock.now()
        today = context.calendar.local_date(now)
        if received is not None and received > today:
            raise fail("--received: a day in the future")
        received_at = context.calendar.moment_on(received or today, now)
        with session_scope(context.engine) as session:
            case = open_record(
                build_case_service(context),
                session,
                kind=RecordKind.SUBJECT_ACCESS_REQUEST,
                email=email,
                name=name,
                received_at=received_at,
                channel=channel,
                actor=Actor.staff(Via.CLI, login_name()),
                subject="Subject access request",
            )
            from sqlmodel import select

            due = session.exec(select(Deadline).where(Deadline.case_id == case.id)).one()
            reference, due_on = case.reference, due.due_on
    finally:
        context.engine.dispose()
    typer.echo(f"{reference}: subject access request, answer due by {long_day(due_on)}")


@app.command("list")
def list_open() -> None:
    """Subject access requests and data protection complaints not yet answered, soonest due
    first: when each is due, or that its clock is stopped."""
    from store.cases.data_protection import open_clocks
    from store.db import read_scope

    context = context_or_exit(read_only=True)
    try:
        today = context.calendar.local_date(context.clock.now())
        with read_scope(context.engine) as session:
            found = open_clocks(session)
    finally:
        context.engine.dispose()
    for row in found:
        if row.stopped_on is not None:
            standing = f"clock stopped since {long_date(row.stopped_on)}"
        elif row.due < today:
            standing = f"OVERDUE by {(today - row.due).days} days"
        else:
            standing = f"{(row.due - today).days} days left"
        typer.echo(
            f"{row.reference}  {row.kind.label:<26} "
            f"received {long_date(row.received)}  due {long_day(row.due)}  "
            f"{standing}"
        )
    if not found:
        typer.echo("nothing waiting")
