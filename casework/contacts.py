"""Logging a contact a person takes (a phone call, a visit, a letter, a compliment) as a case."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.day_words import long_date
from cases.enums import Channel, Direction, RecordKind
from cases.permissions import StaffAction
from casework.finished import refuse_if_finished
from casework.receiving import create
from casework.service import CaseService, case_id
from store.cases.letter_facts import complainant
from store.models import Attachment, Case, Child, Correspondence, PartyRole, Person


@dataclass(frozen=True)
class LoggedContact:
    """A phone call, visit, letter or compliment that staff type in (from Slack)."""

    channel: Channel
    record_kind: RecordKind
    name: str
    email: str | None
    phone: str | None
    child: str | None
    text: str


def log_contact(
    service: CaseService, session: Session, *, contact: LoggedContact, actor: Actor, now: datetime
) -> Case:
    """A new case from a contact a person logs: the case, its complainant, the child and what
    was said, as one internal note. Triage runs afterwards, in the same transaction."""
    case = create(
        service,
        session,
        record_kind=contact.record_kind,
        channel=contact.channel,
        received_at=now,
        actor=actor,
        subject=contact.text[:120],
    )
    session.add(
        Person(
            case_id=case_id(case),
            role=PartyRole.COMPLAINANT,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
        )
    )
    if contact.child:
        session.add(Child(case_id=case_id(case), name=contact.child))
    session.add(
        Correspondence(
            case_id=case_id(case),
            direction=Direction.INTERNAL,
            channel=contact.channel,
            at=now,
            text=contact.text,
            author=str(actor),
            subject=contact.text[:120],
        )
    )
    session.flush()
    return case


@dataclass(frozen=True)
class FileIn:
    """A file kept with a logged contact (a scanned letter, a photo of a visit's notes)."""

    filename: str
    content_type: str
    content: bytes


def log_on_case(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    channel: Channel,
    text: str,
    at: datetime,
    actor: Actor,
    files: list[FileIn] | None = None,
) -> Correspondence:
    """A phone call, letter or visit about a case that already exists: kept as an internal
    note dated the day it was received, with its files; the audit log says who logged it."""
    note = Correspondence(
        case_id=case_id(case),
        direction=Direction.INTERNAL,
        channel=channel,
        at=at,
        text=text,
        author=str(actor),
        subject=text[:120],
    )
    session.add(note)
    session.flush()
    attach(session, note, files or [])
    service.note(
        session,
        case=case,
        action=Note.CONTACT_LOGGED,
        actor=actor,
        reason=f"{channel.label.lower()} received {long_date(service.calendar.local_date(at))}",
    )
    return note


def attach(session: Session, note: Correspondence, files: list[FileIn]) -> None:
    assert note.id is not None
    for file in files:
        session.add(
            Attachment(
                correspondence_id=note.id,
                filename=file.filename[:255] or None,
                content_type=file.content_type[:255],
                size=len(file.content),
                sha256=hashlib.sha256(file.content).hexdigest(),
                content=file.content,
            )
        )


def choose_letters_by(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    post_to: list[str] | None,
    actor: Actor,
) -> Person:
    """Staff choose how the complainant gets letters: by post to `post_to` (address lines,
    already checked), or (None) by email or text message as before. Audited on the case,
    without the address itself (it is in the case's details for those allowed to see them).
    Refused on a finished case, as every door's offer leaves it out (casework.finished)."""
    refuse_if_finished(session, case, StaffAction.LETTERS_BY, what="how letters go")
    person = complainant(session, case_id=case_id(case))
    if person is None:
        person = Person(case_id=case_id(case), role=PartyRole.COMPLAINANT)
    before = {"letters_by_post": person.letters_by_post}
    person.letters_by_post = post_to is not None
    if post_to is not None:
        person.address = "\n".join(post_to)
    session.add(person)
    session.flush()  # the letter writer reads the complainant with a query
    service.note(
        session,
        case=case,
        action=Note.LETTERS_BY,
        actor=actor,
        reason="post" if post_to is not None else "email, or text message if only a phone",
        before=before,
        after={"letters_by_post": person.letters_by_post},
    )
    return person
