"""What one member of staff did and saw, across every case: the audit log read by who acted
rather than by which case. A case's trail and `heard case REF reads` answer "who looked at this
case?"; the data protection officer's other question is "what did this person look at, and
change?" (a complaint that a worker read a neighbour's file, a leaver's access reviewed), and
it should not take reading every case's trail to answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from cases.actor import Via
from store import audit
from store.models import AuditEntry, Case
from store.reads import READ_ACTIONS, describe

_READ_VALUES = frozenset(action.value for action in READ_ACTIONS)


@dataclass(frozen=True)
class Activity:
    at: datetime
    actor: str  # as stored: "web:pat@council.gov.uk", "slack:U123", "cli:pat"
    reference: str | None  # None for a search or an export, which names no single case
    saw: bool  # a read (it showed something), not a change
    what: str  # in plain words: "opened the case (web page)", "acknowledged"


def stored_names(identity: str) -> list[str]:
    """The forms the audit log may hold a member of staff under: the identity as given
    ("web:pat@council.gov.uk") and with each way of acting before it ("pat@council.gov.uk" is
    "web:pat@…" and "cli:pat@…"), so the officer need not know how heard spells an actor."""
    name = identity.strip()
    return [name, *(f"{via.value}:{name}" for via in Via)]


def activity_of(
    session: Session,
    *,
    identities: list[str],
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Activity]:
    """Every entry by any of `identities` from `start` (inclusive) to `end` (exclusive),
    oldest first, with the personal parts retention has not yet removed."""
    names = sorted({name for identity in identities for name in stored_names(identity)})
    statement = (
        select(AuditEntry, Case.reference)
        .join(Case, col(Case.id) == col(AuditEntry.case_id), isouter=True)
        .where(col(AuditEntry.actor).in_(names))
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    )
    if start is not None:
        statement = statement.where(col(AuditEntry.at) >= start)
    if end is not None:
        statement = statement.where(col(AuditEntry.at) < end)
    found = list(session.exec(statement))
    entries = audit.read(session, [row for row, _ in found])
    return [
        Activity(
            at=entry.at,
            actor=entry.actor,
            reference=reference,
            saw=entry.action in _READ_VALUES,
            what=describe(entry) if entry.action in _READ_VALUES else _change(entry),
        )
        for entry, (_, reference) in zip(entries, found, strict=True)
    ]


def _change(entry: audit.Entry) -> str:
    """A change as the case's trail names it (`heard cases show`): the action, and the reason
    staff gave while it is kept."""
    words = entry.action.replace("_", " ")
    return f"{words}: {entry.reason}" if entry.reason else words
