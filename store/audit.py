"""The audit log: every state change of a case, with who and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor
from store.models import AuditEntry
from store.types import table_of

_INSERT = sa.insert(table_of(AuditEntry))


def record(
    session: Session,
    *,
    case_id: int | None,
    actor: Actor,
    action: StrEnum,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime,
    reason: str | None = None,
) -> AuditEntry:
    """Add an entry to the session (see `entry`)."""
    added = AuditEntry(
        **entry(
            case_id=case_id,
            actor=actor,
            action=action,
            before=before,
            after=after,
            reason=reason,
            at=at,
        )
    )
    session.add(added)
    return added


def entry(
    *,
    case_id: int | None,
    actor: Actor,
    action: StrEnum,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime,
    reason: str | None = None,
) -> dict[str, Any]:
    """One entry's values: who changed which case, when, and the fields before and after.
    `action` is a cases.changes.ChangeAction or a cases.enums.AuditAction."""
    return {
        "case_id": case_id,
        "actor": str(actor),
        "action": action.value,
        "before": _jsonable(before),
        "after": _jsonable(after),
        "reason": reason,
        "at": at,
    }


def insert_many(connection: sa.Connection, entries: list[dict[str, Any]]) -> None:
    """Entries written with one statement and no ORM objects: for the paths that must be quick
    (email before its 250)."""
    if entries:
        connection.execute(_INSERT, entries)


@dataclass
class Batch:
    """Entries several store calls add, written with one statement when the caller is done:
    intake's listener audits the cases it opens and the mail it files in one round trip."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def write(self, connection: sa.Connection) -> None:
        insert_many(connection, self.entries)
        self.entries = []


def insert_or_batch(
    connection: sa.Connection, entries: list[dict[str, Any]], batch: Batch | None
) -> None:
    """Write the entries now, or leave them in `batch` for its caller to write."""
    if batch is None:
        insert_many(connection, entries)
    else:
        batch.entries.extend(entries)


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the fields that changed, so the log reads as a diff."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


def history(session: Session, *, case_id: int) -> list[AuditEntry]:
    statement = select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(col(AuditEntry.id))
    return list(session.exec(statement))


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: _plain(value) for key, value in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
