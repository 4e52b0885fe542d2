"""Receiving contacts: email as it arrives (the lean path before the SMTP 250) and the contacts
staff log themselves (a phone call, a letter, a visit), each a case awaiting triage with its
reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.enums import CaseStatus, Channel, ComplainantType, DeadlineRule, RecordKind, Route
from cases.kinds import COMPLAINT_KINDS
from casework.reading import record_read
from casework.service import AUDITED_FIELDS, CaseChange, CaseService, snapshot
from store import audit
from store.cases.creation import insert_received
from store.models import Case
from store.references import take_references


@dataclass(frozen=True)
class Writer:
    """Who wrote a contact, as the contact says (an email's sender)."""

    email: str | None
    name: str | None


@dataclass(frozen=True)
class NewContact:
    """A contact to log as received, awaiting triage."""

    record_kind: RecordKind
    channel: Channel
    received_at: datetime
    actor: Actor
    subject: str = ""
    route: Route = Route.NONE
    automated: bool = False
    attention_reason: str | None = None  # set: a person must look at it
    # Who wrote, when the contact says (an email's sender): recorded as its complainant.
    complainant: Writer | None = None


@dataclass(frozen=True)
class ReceivedCase:
    id: int
    reference: str


def receive(service: CaseService, session: Session, contact: NewContact) -> ReceivedCase:
    """Log one contact as received, awaiting triage (see receive_many)."""
    return receive_many(service, session, [contact])[0]


def receive_many(
    service: CaseService,
    session: Session,
    contacts: Sequence[NewContact],
    *,
    audit_batch: audit.Batch | None = None,
) -> list[ReceivedCase]:
    """Log contacts as received, awaiting triage: the lean path email takes before the SMTP
    250, so a batch costs a few statements in all and no ORM objects.

    Nobody works on a received contact yet, so no listener is told (cards follow triage),
    and its acknowledgement deadline is opened by whoever reads it next
    (open_acknowledgement_deadline), dated from receipt all the same.
    """
    if not contacts:
        return []
    now = service.clock.now()
    references = _references(service, session, contacts)
    rows = [
        {
            "reference": reference,
            "record_kind": contact.record_kind,
            "route": contact.route,
            "channel": contact.channel,
            "status": CaseStatus.RECEIVED,
            "received_at": contact.received_at,
            "receipt_day": service.calendar.receipt_day(contact.received_at),
            "complainant_type": ComplainantType.UNKNOWN,
            "safeguarding": False,
            "advocacy_offer": False,
            "historic": False,
            "out_of_time": False,
            "automated": contact.automated,
            "needs_attention": contact.attention_reason is not None,
            "attention_reason": contact.attention_reason,
            "subject": contact.subject[:998],
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for contact, reference in zip(contacts, references, strict=True)
    ]
    connection = session.connection()
    ids = insert_received(connection, rows, writers=[contact.complainant for contact in contacts])
    audit.insert_or_batch(
        connection,
        [
            audit.entry(
                case_id=case_id,
                actor=contact.actor,
                action=Note.CREATED,
                after=audit.changes({}, {name: row.get(name) for name in AUDITED_FIELDS})[1],
                at=now,
            )
            for case_id, contact, row in zip(ids, contacts, rows, strict=True)
        ],
        audit_batch,
    )
    return [
        ReceivedCase(case_id, reference) for case_id, reference in zip(ids, references, strict=True)
    ]


def _references(
    service: CaseService, session: Session, contacts: Sequence[NewContact]
) -> list[str]:
    years = [contact.received_at.astimezone(service.calendar.zone).year for contact in contacts]
    taken = {
        year: iter(
            take_references(
                session, prefix=service.reference_prefix, year=year, count=years.count(year)
            )
        )
        for year in set(years)
    }
    return [next(taken[year]) for year in years]


def create(
    service: CaseService,
    session: Session,
    *,
    record_kind: RecordKind,
    channel: Channel,
    received_at: datetime,
    actor: Actor,
    subject: str = "",
    route: Route = Route.NONE,
    automated: bool = False,
    needs_attention: bool = False,
    attention_reason: str | None = None,
) -> Case:
    """A new case with its acknowledgement deadline, for contacts a person logs.

    The member of staff who logs a contact has read it (they typed it in, from a call, a
    letter or a visit): it is audited as read by them, so the reading net (casework.reading)
    chases only contacts nobody has opened."""
    contact = NewContact(
        record_kind=record_kind,
        channel=channel,
        received_at=received_at,
        actor=actor,
        subject=subject,
        route=route,
        automated=automated,
        attention_reason=(attention_reason or "needs attention") if needs_attention else None,
    )
    received = receive(service, session, contact)
    case = session.get(Case, received.id)
    assert case is not None
    open_acknowledgement_deadline(service, session, case)
    service.notify(session, case, CaseChange(Note.CREATED, actor, {}, snapshot(case)))
    if actor.is_staff:
        record_read(session, reference=case.reference, actor=actor, at=service.clock.now(),
                    where="logged it")  # fmt: skip
    return case


def open_acknowledgement_deadline(service: CaseService, session: Session, case: Case) -> None:
    """A complaint is owed an acknowledgement, counted from the day it was received."""
    if case.record_kind in COMPLAINT_KINDS and not case.automated:
        service.open_deadline(
            session,
            case=case,
            rule=DeadlineRule.ACKNOWLEDGEMENT,
            start=case.receipt_day,
        )
