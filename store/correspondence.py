"""Mail on a case: inbound messages filed before their 250 and found again as duplicates, and
copies of what heard sent (acknowledgements in batches, letters one at a time).

Each batch of the listener's mail costs one statement here however many messages it holds
(intake/service.py stores a batch per transaction; intake/group_commit.py gathers it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from cases.actor import Actor
from cases.enums import AuditAction, Channel, Direction
from store import audit
from store.bulk import insert_returning_ids
from store.models import Case, Correspondence
from store.types import table_of

_CASES = table_of(Case)
_MAIL = table_of(Correspondence)
_DELIVERED = (
    sa.select(_CASES.c.reference, _MAIL.c.message_id, _MAIL.c.fingerprint, _MAIL.c.envelope_sender)
    .join(_MAIL, _MAIL.c.case_id == _CASES.c.id)
    .where(_MAIL.c.direction == Direction.INBOUND)
)
_SAME_MESSAGE_ID = _DELIVERED.where(_MAIL.c.message_id.in_(sa.bindparam("keys", expanding=True)))
_SAME_FINGERPRINT = _DELIVERED.where(_MAIL.c.fingerprint.in_(sa.bindparam("keys", expanding=True)))
_SAME_SOURCE = (
    sa.select(_CASES.c.reference, _MAIL.c.source_id)
    .join(_MAIL, _MAIL.c.case_id == _CASES.c.id)
    .where(_MAIL.c.source_id.in_(sa.bindparam("keys", expanding=True)))
)
_INSERT = sa.insert(_MAIL)


@dataclass(frozen=True)
class Delivered:
    """An inbound message already on a case."""

    reference: str
    message_id: str | None
    fingerprint: str | None
    envelope_sender: str | None


def hold_arrival_locks(session: Session, keys: Sequence[str]) -> None:
    """Serialise, across processes, the storing of the same message: each key (what makes two
    deliveries one message) is locked until this transaction ends, so a second process
    delivering a copy waits for the first to commit and then finds it (two `heard serve` behind
    one MX may both be handed the same mail). SQLite needs none: its writer lock already
    serialises every storing transaction."""
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not keys:
        return
    locks = sorted(
        {
            int.from_bytes(
                hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True
            )
            for key in keys
        }
    )
    connection.execute(
        sa.text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:locks AS bigint[])) k"),
        {"locks": locks},
    )


def delivered_before(
    session: Session, *, message_ids: Sequence[str] = (), fingerprints: Sequence[str] = ()
) -> tuple[list[Delivered], list[Delivered]]:
    """Inbound messages already stored with any of these Message-IDs, and with any of these
    raw-byte fingerprints (found by each, so a caller knows which matched)."""
    connection = session.connection()

    def found(statement: sa.Select[Any], keys: Sequence[str]) -> list[Delivered]:
        if not keys:
            return []
        return [Delivered(*row) for row in connection.execute(statement, {"keys": sorted(keys)})]

    return found(_SAME_MESSAGE_ID, message_ids), found(_SAME_FINGERPRINT, fingerprints)


def sources_delivered(session: Session, source_ids: Sequence[str]) -> dict[str, str]:
    """The reference of the case holding each of these mailbox items already stored."""
    if not source_ids:
        return {}
    rows = session.connection().execute(_SAME_SOURCE, {"keys": sorted(set(source_ids))})
    return {source_id: reference for reference, source_id in rows}


@dataclass(frozen=True)
class InboundMail:
    """A message as the listener files it: raw bytes and what its headers said; the worker
    reads it in full after the 250 (it stays `awaiting_processing` until then)."""

    case_id: int
    at: datetime
    raw: bytes
    envelope_sender: str
    envelope_recipients: list[str]
    subject: str
    message_id: str | None
    in_reply_to: str | None
    fingerprint: str | None
    automated: bool
    text: str | None = None  # a bounce is read whole before the 250; other mail after it
    details: dict[str, Any] = field(default_factory=dict)
    source_id: str | None = None  # a mailbox item read through Graph ("graph:<mailbox>:<id>")
    reading_priority: int = 0  # read before other waiting mail when higher (intake/prescan.py)


def file_inbound(
    session: Session,
    mail: Sequence[InboundMail],
    *,
    actor: Actor,
    audit_batch: audit.Batch | None = None,
) -> list[int]:
    """Store the messages, each audited on its case (now, or in `audit_batch`); return their
    ids in order."""
    if not mail:
        return []
    connection = session.connection()
    ids = insert_returning_ids(
        connection,
        _MAIL,
        [
            {
                "case_id": each.case_id,
                "direction": Direction.INBOUND,
                "channel": Channel.EMAIL,
                "at": each.at,
                "message_id": each.message_id,
                "in_reply_to": each.in_reply_to,
                "envelope_sender": each.envelope_sender,
                "envelope_recipients": each.envelope_recipients,
                "subject": each.subject[:998],
                "raw": each.raw,
                "text": each.text,
                "fingerprint": each.fingerprint,
                "automated": each.automated,
                "unparseable": False,
                "awaiting_processing": True,
                "details": each.details,
                "source_id": each.source_id,
                "reading_priority": each.reading_priority,
            }
            for each in mail
        ],
        key=["case_id", "message_id", "fingerprint", "envelope_sender"],
    )
    audit.insert_or_batch(
        connection,
        [
            audit.entry(
                case_id=each.case_id,
                actor=actor,
                action=AuditAction.CORRESPONDENCE_RECEIVED,
                after={"correspondence_id": correspondence_id},
                at=each.at,
            )
            for each, correspondence_id in zip(mail, ids, strict=True)
        ],
        audit_batch,
    )
    return ids


@dataclass(frozen=True)
class SentCopy:
    """Our copy of a reply heard queued (an acknowledgement), kept on its case."""

    case_id: int
    at: datetime
    message_id: str
    in_reply_to: str | None
    subject: str
    text: str | None


def record_sent(session: Session, copies: Sequence[SentCopy]) -> None:
    """Keep copies of mail heard sent on their cases (one statement for them all)."""
    if not copies:
        return
    session.execute(
        _INSERT,
        [
            {
                "case_id": copy.case_id,
                "direction": Direction.OUTBOUND,
                "channel": Channel.EMAIL,
                "at": copy.at,
                "message_id": copy.message_id,
                "in_reply_to": copy.in_reply_to,
                "subject": copy.subject,
                "text": copy.text,
                "author": "heard",
            }
            for copy in copies
        ],
    )


def record_letter(
    session: Session,
    *,
    case_id: int,
    at: datetime,
    message_id: str,
    subject: str,
    text: str,
    letter: str,
    sent_as: str = "email",
    for_staff: str = "",
) -> None:
    """Keep a queued letter on the case, as the outbound correspondence staff read (the whole
    letter, also when it went as a text message). `for_staff`: what staff must know about this
    letter that the letter itself does not say (a preview shows it above the letter, see
    letter_facts.for_staff); never sent."""
    session.add(
        Correspondence(
            case_id=case_id,
            direction=Direction.OUTBOUND,
            # a letter posted is a letter on the case's record, not an email (walkerG: staff
            # read "sent (email)" beside a letter Notify printed and posted)
            channel=Channel.LETTER if sent_as == "post" else Channel.EMAIL,
            at=at,
            message_id=message_id,
            subject=subject,
            text=text,
            author="heard",
            details={"letter": letter, "sent_as": sent_as}
            | ({"for_staff": for_staff} if for_staff else {}),
        )
    )


def record_note(session: Session, *, case_id: int, text: str, author: str, at: datetime) -> int:
    """A staff member's note on the case: internal correspondence, never sent to anyone."""
    note = Correspondence(
        case_id=case_id,
        direction=Direction.INTERNAL,
        channel=Channel.UNKNOWN,
        at=at,
        subject="Case note",
        text=text,
        author=author[:80],
    )
    session.add(note)
    session.flush()
    assert note.id is not None
    return note.id
