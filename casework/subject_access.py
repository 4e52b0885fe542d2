"""Subject access: everything heard holds on one person, and nothing about anyone else.

A person is found by their email address (and, if given, their name) among the people on every
case. For each case they are on, the export holds the case's own facts, their own details as we
hold them, the messages they sent, our letters on the case, staff notes and the case's history;
other people on the case (another party, the children) are never listed, and their names,
addresses and contact details are redacted wherever they appear in text, with the redaction
list the DPO gives (names and phrases). Attachments go as they arrived: the index says which
to read before sending, since a redaction list cannot reach inside a PDF or an image. So do a
statutory stage 2's investigating officer's and independent person's reports on a complaint
they made (as complainant or representative): they are about them and their complaint.

A complainant's details that staff corrected (casework.complainant_details) are still personal
data heard holds, in the audit trail: the export lists each earlier value beside the current
one ("Earlier name (until 7 December 2026)"), the person is found by an earlier name or email
address as well as the current one, and in another party's export the earlier values are
redacted as the current ones are. Correcting a detail is rectification, not erasure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor, stored_by_staff
from cases.changes import Note
from cases.day_words import long_date
from cases.enums import AuditAction, Direction
from cases.lifecycle import Action
from store import audit
from store.models import (
    Attachment,
    AuditEntry,
    Case,
    Child,
    Correspondence,
    PartyRole,
    Person,
    StageReport,
)

REDACTED = "[redacted]"
STAFF = "a member of staff"  # how the history names whoever acted for the council


@dataclass(frozen=True)
class Redactions:
    """Names and phrases replaced by [redacted] wherever they appear, ignoring case."""

    phrases: tuple[str, ...]

    @classmethod
    def of(cls, phrases: Iterable[str | None]) -> Redactions:
        kept = {phrase.strip() for phrase in phrases if phrase and len(phrase.strip()) >= 2}
        return cls(tuple(sorted(kept, key=lambda phrase: (-len(phrase), phrase))))

    def __add__(self, other: Redactions) -> Redactions:
        return Redactions.of([*self.phrases, *other.phrases])

    def apply(self, text: str) -> str:
        if not self.phrases or not text:
            return text
        pattern = "|".join(rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase in self.phrases)
        return re.sub(pattern, lambda _: REDACTED, text, flags=re.IGNORECASE)


@dataclass(frozen=True)
class HeldAttachment:
    filename: str
    content_type: str
    content: bytes | None  # None: not kept (too large)


@dataclass(frozen=True)
class HeldMessage:
    number: int
    at: datetime
    kind: str  # "from you", "our letter", "staff note"
    subject: str
    text: str
    sender: str | None
    attachments: list[HeldAttachment] = field(default_factory=list)


@dataclass(frozen=True)
class HeldEvent:
    at: datetime
    by: str  # "a member of staff" or "heard": staff are not named
    what: str


@dataclass(frozen=True)
class HeldCase:
    reference: str
    record_kind: str
    status: str
    received_at: datetime
    closed_at: datetime | None
    roles: list[str]  # complainant, representative…
    details: list[tuple[str, str]]  # (field, value) of the person as we hold them
    messages: list[HeldMessage]
    history: list[HeldEvent]
    case_id: int
    # stage 2's reports on their complaint, each upload as kept (a party's case only)
    reports: list[HeldAttachment] = field(default_factory=list)


@dataclass(frozen=True)
class Holding:
    email: str
    name: str | None
    cases: list[HeldCase]


def find(session: Session, *, email: str, name: str | None, redactions: Redactions) -> Holding:
    """Every case the person is on (by email; by name too when one is given), read for export."""
    wanted = [sa.func.lower(col(Person.email)) == email.strip().lower()]
    if name and name.strip():
        wanted.append(sa.func.lower(col(Person.name)) == name.strip().lower())
    people = list(session.exec(select(Person).where(sa.or_(*wanted)).order_by(col(Person.id))))
    found_ids = {person.id for person in people}
    corrected = _complainants_once_called(session, email=email, name=name)
    people += [person for person in corrected if person.id not in found_ids]
    by_case: dict[int, list[Person]] = {}
    for person in people:
        by_case.setdefault(person.case_id, []).append(person)
    held = []
    for case_id, theirs in sorted(by_case.items()):
        case = session.get(Case, case_id)
        if case is None:
            continue
        held.append(_held_case(session, case, theirs, redactions))
    return Holding(email=email.strip(), name=name.strip() if name else None, cases=held)


def record_export(
    session: Session,
    *,
    holding: Holding,
    actor: Actor,
    at: datetime,
    request: str | None,
    file: str,
) -> None:
    """The export is itself a read of every case in it (`heard case REF reads` lists it)."""
    for case in holding.cases:
        audit.record(
            session,
            case_id=case.case_id,
            actor=actor,
            action=AuditAction.SUBJECT_ACCESS_EXPORTED,
            after={"request": request, "file": file, "messages": len(case.messages)},
            at=at,
        )


@dataclass(frozen=True)
class Earlier:
    """A complainant's detail as heard held it until staff corrected it on `until`."""

    field: str  # "name", "email" or "phone"
    value: str
    until: datetime


EARLIER_LABELS = {"name": "Earlier name", "email": "Earlier email", "phone": "Earlier phone"}


def _corrections(trail: list[audit.Entry]) -> list[Earlier]:
    """The earlier values in the case's corrections of its complainant, oldest first."""
    return [
        Earlier(field, value, entry.at)
        for entry in trail
        if entry.action == Note.COMPLAINANT_CORRECTED and not entry.removed
        for field, value in (entry.before or {}).items()
        if field in EARLIER_LABELS and isinstance(value, str) and value
    ]


def _complainants_once_called(session: Session, *, email: str, name: str | None) -> list[Person]:
    """The complainants whose email address (or name, when one is given) was the one asked
    about until staff corrected it."""
    wanted = {("email", email.strip().lower())}
    if name and name.strip():
        wanted.add(("name", name.strip().lower()))
    rows = session.exec(
        select(AuditEntry).where(AuditEntry.action == Note.COMPLAINANT_CORRECTED.value)
    )
    case_ids = {
        entry.case_id
        for entry in audit.read(session, list(rows))
        if entry.case_id is not None
        and any(
            (earlier.field, earlier.value.lower()) in wanted for earlier in _corrections([entry])
        )
    }
    if not case_ids:
        return []
    statement = select(Person).where(
        col(Person.case_id).in_(case_ids), Person.role == PartyRole.COMPLAINANT
    )
    return list(session.exec(statement.order_by(col(Person.id))))


def _held_case(
    session: Session, case: Case, theirs: list[Person], redactions: Redactions
) -> HeldCase:
    assert case.id is not None
    trail = audit.history(session, case_id=case.id)
    earlier = _corrections(trail)
    theirs_earlier = [e for e in earlier if any(p.role == PartyRole.COMPLAINANT for p in theirs)]
    own_ids = {person.id for person in theirs}
    others = [
        person
        for person in session.exec(select(Person).where(Person.case_id == case.id))
        if person.id not in own_ids
    ]
    children = list(session.exec(select(Child).where(Child.case_id == case.id)))
    own_values = {
        value.lower()
        for person in theirs
        for value in (person.name, person.email, person.phone, person.address)
        if value
    } | {e.value.lower() for e in theirs_earlier}
    about_others = Redactions.of(
        value
        for value in [
            *(v for p in others for v in (p.name, p.email, p.phone, p.address)),
            *(child.name for child in children),
            *(e.value for e in earlier if e not in theirs_earlier),
        ]
        if value and value.lower() not in own_values
    )
    redact = redactions + about_others
    emails = {person.email.lower() for person in theirs if person.email}
    party = any(person.role.value in ("complainant", "representative") for person in theirs)
    details = []
    for person in theirs:
        details += [
            (label, value)
            for label, value in (
                ("Name", person.name),
                ("Email", person.email),
                ("Phone", person.phone),
                ("Address", person.address),
                ("Relationship to the child", redact.apply(person.relationship_to_child or "")),
            )
            if value
        ]
    details += [
        (f"{EARLIER_LABELS[e.field]} (until {long_date(e.until.date())})", e.value)
        for e in theirs_earlier
    ]
    return HeldCase(
        reference=case.reference,
        record_kind=case.record_kind.label,
        status=case.status.label,
        received_at=case.received_at,
        closed_at=case.closed_at,
        roles=sorted({person.role.value for person in theirs}),
        details=list(dict.fromkeys(details)),
        messages=_messages(session, case.id, emails=emails, party=party, redact=redact),
        history=_history(trail, redact=redact),
        case_id=case.id,
        reports=_reports(session, case.id) if party else [],
    )


def _messages(
    session: Session, case_id: int, *, emails: set[str], party: bool, redact: Redactions
) -> list[HeldMessage]:
    found = session.exec(
        select(Correspondence)
        .where(Correspondence.case_id == case_id, col(Correspondence.automated).is_(False))
        .order_by(col(Correspondence.at), col(Correspondence.id))
    )
    held: list[HeldMessage] = []
    for message in found:
        sender = (message.envelope_sender or "").lower()
        if message.direction == Direction.INBOUND:
            # Their own mail; a call or letter logged by staff has no sender and is the party's.
            if not (sender in emails or (not sender and party)):
                continue
            kind = "from you"
        elif message.direction == Direction.OUTBOUND:
            if not party:
                continue
            kind = "our letter"
        else:
            kind = "staff note"
        assert message.id is not None
        held.append(
            HeldMessage(
                number=len(held) + 1,
                at=message.at,
                kind=kind,
                subject=redact.apply(message.subject or ""),
                text=redact.apply(message.text or ""),
                sender=message.envelope_sender if kind == "from you" else None,
                attachments=_attachments(session, message.id),
            )
        )
    return held


def _attachments(session: Session, message_id: int) -> list[HeldAttachment]:
    rows = session.exec(
        select(Attachment)
        .where(Attachment.correspondence_id == message_id)
        .order_by(col(Attachment.id))
    )
    return [
        HeldAttachment(
            filename=row.filename or f"attachment-{row.id}",
            content_type=row.content_type,
            content=row.content,
        )
        for row in rows
    ]


def _reports(session: Session, case_id: int) -> list[HeldAttachment]:
    rows = session.exec(
        select(StageReport).where(StageReport.case_id == case_id).order_by(col(StageReport.id))
    )
    return [
        HeldAttachment(
            filename=f"{row.kind.label} - {row.filename}",
            content_type=row.content_type,
            content=row.content,
        )
        for row in rows
    ]


def _history(trail: list[audit.Entry], *, redact: Redactions) -> list[HeldEvent]:
    """The case's audit trail with staff not named: not as who acted, nor as who was assigned
    (walkerI: the history said 'Members of staff are not named' above 'assign:
    assessment.manager@heard.localhost', the assignee's own address). Both are masked by the
    entry's structured fields (its actor; an assignment's reason is the assignee), never by
    searching the text for logins: a login that is a common word or the complainant's own name
    ('sam' on Sam Parent's case) garbled every entry that said it (reviewer)."""
    events = []
    for entry in trail:
        # heard's own parts and an import of past cases are heard, not a member of staff
        by = STAFF if stored_by_staff(entry.actor) else "heard"
        what = entry.action.replace("_", " ")
        if entry.reason and entry.action == Action.ASSIGN.value:
            what += f": {STAFF}"
        elif entry.reason:
            what += f": {redact.apply(entry.reason)}"
        events.append(HeldEvent(at=entry.at, by=by, what=what))
    return events
