"""`heard case REF log` / `heard case new log`: a phone call, letter or visit, with the day it
was received and its files, on an existing case or as a new one (triaged as mail is, a
safeguarding match referred at once), as Slack's /complaint and the web's form log them."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated

import typer

from cases.day_words import long_date
from cases.enums import Channel, RecordKind
from cases.sizes import size_text
from cli.case.common import OneLineCommand, _Target, app, choice, parse_date, staff_actor
from cli.common import context_or_exit, fail
from org.addresses import is_email, is_phone

LOGGED_CHANNELS = (Channel.TELEPHONE, Channel.LETTER, Channel.IN_PERSON, Channel.WEB_FORM)
NEW = "NEW"


@app.command("log", cls=OneLineCommand)
def log(
    ctx: typer.Context,
    channel: Annotated[
        str, typer.Option("--channel", help="telephone, letter, in_person or web_form.")
    ],
    text: Annotated[str, typer.Option("--text", help="What was said or written.")],
    received: Annotated[
        str | None,
        typer.Option("--received", help="The day it was received, YYYY-MM-DD (default today)."),
    ] = None,
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="A file to keep with it (repeat).")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="New case: complaint, compliment, comment, enquiry…")
    ] = "complaint",
    name: Annotated[str | None, typer.Option("--name", help="New case: who got in touch.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="New case: their email.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="New case: their phone.")] = None,
    child: Annotated[str | None, typer.Option("--child", help="New case: the child.")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Who logged it.")] = None,
) -> None:
    """Log a phone call, letter or visit on this case, or with REF `new` as a new case."""
    from sqlmodel import select

    from casework.contacts import FileIn, LoggedContact, log_contact, log_on_case
    from casework.contacts import attach as keep
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service
    from store.cases.queries import get_case
    from store.db import session_scope
    from store.models import Correspondence

    target = ctx.find_object(_Target)
    assert target is not None
    how = choice(channel, Channel, option="--channel")
    if how not in LOGGED_CHANNELS:
        raise fail(f"--channel: one of {', '.join(c.value for c in LOGGED_CHANNELS)}")
    if not text.strip():
        raise fail("--text: say what was said or written")
    files = []
    for path in attach or []:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise fail(f"--attach: cannot read {path}: {error.strerror}") from None
        guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files.append(FileIn(path.name, guessed, content))
    new = target.reference == NEW
    record_kind = choice(kind, RecordKind, option="--kind")
    if not new:  # the case already has its complainant and kind: nothing of these would be kept
        given = {"--kind": kind != "complaint", "--name": name, "--email": email,
                 "--phone": phone, "--child": child}  # fmt: skip
        for option, value in given.items():
            if value:
                raise fail(f"{option}: only for a new case (heard case new log); this logs on "
                           f"{target.reference}, which keeps its own")  # fmt: skip
    if new and not (name and name.strip()):
        raise fail("--name: a new case needs who got in touch")
    if email is not None and not is_email(email.strip()):
        raise fail(f"--email: {email[:80]!r} is not an email address (name@domain)")
    if phone is not None and not is_phone(phone.strip()):
        raise fail(f"--phone: {phone[:80]!r} is not a phone number (digits and spaces)")
    actor = staff_actor(as_)
    context = context_or_exit(create_sqlite=True)
    limit = context.settings.attachment_max_bytes  # as for mail and the web form
    for file in files:
        if len(file.content) > limit:
            context.engine.dispose()
            raise fail(f"--attach: {file.filename} is {size_text(len(file.content))}: each file "
                       f"may be at most {size_text(limit)}")  # fmt: skip
    now = context.clock.now()
    today = context.calendar.local_date(now)
    day = parse_date(received, option="--received") if received else today
    if day > today:
        raise fail(f"--received: {day.isoformat()} is in the future")
    moment = context.calendar.moment_on(day, now)
    try:
        service = build_case_service(context)
        with session_scope(context.engine) as session:
            if new:
                case = log_contact(
                    service, session, actor=actor, now=moment,
                    contact=LoggedContact(
                        channel=how, record_kind=record_kind, name=(name or "").strip(),
                        email=email.strip() if email else None,
                        phone=phone.strip() if phone else None, child=child, text=text,
                    ),
                )  # fmt: skip
                note = session.exec(
                    select(Correspondence).where(Correspondence.case_id == case.id)
                ).first()
                if note is not None:
                    keep(session, note, files)
                logged_contact_triage(context, service)(session, case=case, text=text, now=moment)
                message = f"logged as {case.reference}: {case.status.label.lower()}"
            else:
                existing = get_case(session, reference=target.reference)
                if existing is None:
                    raise fail(f"no case {target.reference}")
                note = log_on_case(
                    service, session, case=existing, channel=how, text=text, at=moment,
                    actor=actor, files=files,
                )  # fmt: skip
                logged_contact_triage(context, service)(
                    session, case=existing, text=text, now=moment, note=note
                )
                message = f"{existing.reference}: {how.label.lower()} of {long_date(day)} logged"
            if files:
                message += f" with {len(files)} file{'s' if len(files) > 1 else ''}"
    finally:
        context.engine.dispose()
    typer.echo(message)
