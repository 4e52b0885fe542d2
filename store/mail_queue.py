"""Stored mail the worker has not yet read in full (`awaiting_processing`, intake/processing.py):
taken oldest first (a message the safeguarding pre-scan marked before the others, a message
that failed before after them) without any lock, claimed with a compare-and-set so two workers never both
apply one message, its body recorded, failed attempts counted, and set aside for staff.

A batch costs a few statements whatever its size: one claim, one update of the bodies, one
insert of the attachments and one of the audit entries.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor
from cases.enums import AuditAction, RecordKind
from store import audit
from store.models import Attachment, Case, Correspondence, PartyRole, Person
from store.types import table_of

_MAIL = table_of(Correspondence)
_CASES = table_of(Case)
_WAITING = (
    sa.select(_MAIL.c.id, sa.func.length(_MAIL.c.raw).label("size"))
    .where(_MAIL.c.awaiting_processing == sa.true())
    .order_by(_MAIL.c.processing_attempts, _MAIL.c.reading_priority.desc(), _MAIL.c.id)
)
_LOAD = (
    sa.select(
        _MAIL.c.id,
        _MAIL.c.case_id,
        _CASES.c.record_kind,
        _MAIL.c.details,
        _MAIL.c.raw,
        _MAIL.c.envelope_sender,
        _MAIL.c.envelope_recipients,
        _MAIL.c.at,
        _MAIL.c.processing_attempts,
    )
    .join(_CASES, _CASES.c.id == _MAIL.c.case_id)
    .where(_MAIL.c.id.in_(sa.bindparam("ids", expanding=True)), _MAIL.c.awaiting_processing)
    .order_by(_MAIL.c.processing_attempts, _MAIL.c.reading_priority.desc(), _MAIL.c.id)
)
_CLAIM = (
    sa.update(_MAIL)
    .where(_MAIL.c.id.in_(sa.bindparam("ids", expanding=True)), _MAIL.c.awaiting_processing)
    .values(awaiting_processing=False)
    .returning(_MAIL.c.id)
)
_RECORD_BODY = (
    sa.update(_MAIL)
    .where(_MAIL.c.id == sa.bindparam("row_id"))
    .values(
        text=sa.bindparam("new_text"),
        quoted_text=sa.bindparam("new_quoted_text"),
        unparseable=sa.bindparam("new_unparseable"),
        details=sa.bindparam("new_details"),
    )
)
_COUNT_ATTEMPT = (
    sa.update(_MAIL)
    .where(_MAIL.c.id == sa.bindparam("row_id"), _MAIL.c.awaiting_processing)
    .values(processing_attempts=_MAIL.c.processing_attempts + 1)
    .returning(_MAIL.c.processing_attempts)
)
_INSERT_ATTACHMENTS = sa.insert(table_of(Attachment))


def next_waiting(session: Session) -> int | None:
    """The id of the message that would be taken next, if any."""
    return session.execute(_WAITING.limit(1)).scalar()


@dataclass(frozen=True)
class WaitingMail:
    """A message as the listener stored it."""

    id: int
    case_id: int
    record_kind: RecordKind
    details: dict[str, Any]
    raw: bytes
    envelope_sender: str
    envelope_recipients: tuple[str, ...]
    at: datetime
    attempts: int = 0  # failed tries to read or apply it so far


def load_waiting(
    session: Session, *, limit: int, exclude: Collection[int] = (), max_bytes: int
) -> list[WaitingMail]:
    """Up to `limit` waiting messages, oldest first (the least tried first), `exclude` left out
    and at most `max_bytes` of raw mail in all (at least one message)."""
    connection = session.connection()
    chosen: list[int] = []
    total = 0
    for row in connection.execute(_WAITING.limit(limit + len(exclude))):
        if row.id in exclude:
            continue
        if len(chosen) == limit or (chosen and total + (row.size or 0) > max_bytes):
            break
        chosen.append(row.id)
        total += row.size or 0
    if not chosen:
        return []
    return [
        WaitingMail(
            id=row.id,
            case_id=row.case_id,
            record_kind=RecordKind(row.record_kind),
            details=dict(row.details or {}),
            raw=row.raw or b"",  # never empty from the listener; if so, unparseable
            envelope_sender=row.envelope_sender or "",
            envelope_recipients=tuple(row.envelope_recipients or ()),
            at=row.at,
            attempts=row.processing_attempts or 0,
        )
        for row in connection.execute(_LOAD, {"ids": chosen})
    ]


def claim(session: Session, ids: Sequence[int]) -> set[int]:
    """Take the messages that are still waiting: the ids this transaction now holds."""
    return set(session.connection().execute(_CLAIM, {"ids": list(ids)}).scalars())


def lock_cases(session: Session, case_ids: Collection[int]) -> dict[int, Case]:
    """The cases, locked until the commit on PostgreSQL (SQLite's writer lock holds
    everything): staff changing one meanwhile wait, then see the new version."""
    loaded = select(Case).where(col(Case.id).in_(case_ids)).with_for_update()
    return {case.id: case for case in session.exec(loaded) if case.id is not None}


class AttachmentFields(Protocol):
    """An attachment as reading found it (intake/parsing.py's AttachmentInfo is one)."""

    @property
    def filename(self) -> str | None: ...
    @property
    def content_type(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def withheld_too_large(self) -> bool: ...
    @property
    def content(self) -> bytes | None: ...


@dataclass(frozen=True)
class BodyRead:
    """What reading a message in full found, to keep on it."""

    correspondence_id: int
    case_id: int
    text: str | None
    quoted_text: str | None
    unparseable: bool
    details: dict[str, Any]
    attachments: Sequence[AttachmentFields] = ()


def record_bodies(
    session: Session, bodies: Sequence[BodyRead], *, actor: Actor, now: datetime
) -> None:
    """Keep what was read on each message, its attachments (the content of one withheld as
    too large is not kept), and a `correspondence_read` audit entry on its case."""
    connection = session.connection()
    connection.execute(
        _RECORD_BODY,
        [
            {
                "row_id": body.correspondence_id,
                "new_text": body.text,
                "new_quoted_text": body.quoted_text,
                "new_unparseable": body.unparseable,
                "new_details": body.details,
            }
            for body in bodies
        ],
    )
    attachments = [
        {
            "correspondence_id": body.correspondence_id,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "withheld_too_large": attachment.withheld_too_large,
            "content": None if attachment.withheld_too_large else attachment.content,
        }
        for body in bodies
        for attachment in body.attachments
    ]
    if attachments:
        connection.execute(_INSERT_ATTACHMENTS, attachments)
    audit.insert_many(
        connection,
        [
            audit.entry(
                case_id=body.case_id,
                actor=actor,
                action=AuditAction.CORRESPONDENCE_READ,
                after={
                    "correspondence_id": body.correspondence_id,
                    "attachments": len(body.attachments),
                },
                at=now,
            )
            for body in bodies
        ],
    )


def name_writers(session: Session, names: dict[int, str]) -> None:
    """The complainant of each new contact (by case id) whose From header carried no name
    takes the name they signed the message with (intake/sign_off.py), so letters greet them
    by it; a name already there (the header's, or one staff typed) is kept. One query."""
    if not names:
        return
    statement = select(Person).where(
        col(Person.case_id).in_(names),
        Person.role == PartyRole.COMPLAINANT,
        col(Person.name).is_(None),
    )
    for person in session.exec(statement):
        person.name = names[person.case_id]
        session.add(person)


def count_attempt(session: Session, correspondence_id: int) -> int | None:
    """Count a failed attempt at a waiting message; its attempts so far (None: not waiting)."""
    return session.connection().execute(_COUNT_ATTEMPT, {"row_id": correspondence_id}).scalar()


def set_aside(
    session: Session, *, correspondence_id: int, case_id: int, reason: str, now: datetime
) -> Case | None:
    """Quarantine a waiting message: no longer waiting, raw bytes kept, the reason on it.
    Returns its case (for the caller to flag and audit), or None if the message was no
    longer waiting (another worker took it)."""
    quarantined = (
        session.connection()
        .execute(
            sa.update(_MAIL)
            .where(_MAIL.c.id == correspondence_id, _MAIL.c.awaiting_processing)
            .values(awaiting_processing=False, quarantined_at=now, quarantine_reason=reason)
        )
        .rowcount
    )
    if quarantined != 1:
        return None
    case = session.get(Case, case_id)
    assert case is not None  # a foreign key
    return case
