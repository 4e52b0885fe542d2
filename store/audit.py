"""The audit log: every state change and read of a case, with who and when.

The append-only row (audit_log) keeps who, when, which action and the facts that name nobody
(statuses, stages, routes, flags, numbers, dates, references). Anything that may name or
describe a person (names, contact details, search words, subjects, free-text reasons) is kept
apart in audit_detail under a key the row holds, and the row shows REMOVED in its place: the
row can never change, but retention (store/retention.py) can delete the detail, so an
anonymised case's trail still answers "who looked at this case, and when" without saying who
it was about. A value is kept in the row only when its shape shows it names nobody; anything
else goes to the detail, so a new field is safe by default."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor
from store.models import AuditDetail, AuditEntry
from store.types import table_of

_INSERT = sa.insert(table_of(AuditEntry))
_INSERT_DETAIL = sa.insert(table_of(AuditDetail))

REMOVED = "[personal data kept apart]"  # in the row, where a value went to audit_detail
GONE = "[removed]"  # as read, once retention deleted it
GONE_REASON = "personal details removed"
DETAIL = "_detail"  # the key of an entry's personal part in what `entry` returns

# Keys whose values name or describe someone, whatever they look like ("q" is a search's words).
_PERSONAL_KEYS = frozenset(
    {"q", "name", "email", "phone", "address", "subject", "text", "hold", "file", "note",
     "summary", "relationship_to_child", "date_of_birth", "words", "author", "sender"}
)  # fmt: skip
# Keys whose text heard writes itself, never a person's words ("heard cases show", "all fields").
_CODE_TEXT_KEYS = frozenset({"where", "fields", "report", "period"})
# Shapes that name nobody: an enum value or rule id, a case reference, an ISO day or time, a digest.
_PLAIN = re.compile(
    r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*|[A-Z][A-Z0-9]{0,9}-\d{4}-\d{1,9}"
    r"|\d{4}-\d{2}-\d{2}([T ][0-9:.]+([+-]\d{2}:\d{2}|Z)?)?|[0-9a-f]{64}"
)


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
    """Add an entry, and its personal part if it has one, to the session (see `entry`)."""
    values = entry(
        case_id=case_id,
        actor=actor,
        action=action,
        before=before,
        after=after,
        reason=reason,
        at=at,
    )
    detail = values.pop(DETAIL, None)
    added = AuditEntry(**values)
    session.add(added)
    if detail is not None:
        session.add(AuditDetail(**detail))
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
    `action` is a cases.changes.ChangeAction or a cases.enums.AuditAction. The personal part,
    if any, is under DETAIL: `insert_many` (or `rows_and_details`) writes it to audit_detail."""
    when = at
    kept_before, personal_before = split(_jsonable(before))
    kept_after, personal_after = split(_jsonable(after))
    values: dict[str, Any] = {
        "case_id": case_id,
        "actor": str(actor),
        "action": action.value,
        "before": kept_before,
        "after": kept_after,
        "reason": None,
        "at": when,
        "detail": None,
    }
    if personal_before or personal_after or reason:
        key = uuid.uuid4().hex
        values["detail"] = key
        values["reason"] = REMOVED if reason else None
        values[DETAIL] = {
            "key": key,
            "case_id": case_id,
            "at": when,
            "before": personal_before or None,
            "after": personal_after or None,
            "reason": reason,
        }
    return values


def rows_and_details(
    entries: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The audit_log rows and the audit_detail rows of entries made by `entry`."""
    rows, details = [], []
    for values in entries:
        row = dict(values)
        detail = row.pop(DETAIL, None)
        rows.append(row)
        if detail is not None:
            details.append(detail)
    return rows, details


def insert_many(connection: sa.Connection, entries: list[dict[str, Any]]) -> None:
    """Entries written with one statement (two when some have personal parts) and no ORM
    objects: for the paths that must be quick (email before its 250)."""
    rows, details = rows_and_details(entries)
    if rows:
        connection.execute(_INSERT, rows)
    if details:
        connection.execute(_INSERT_DETAIL, details)


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


@dataclass(frozen=True)
class Entry:
    """An audit entry as read: the row with its personal part put back while it is kept.
    `removed` says retention deleted that part (the values show as REMOVED)."""

    id: int
    case_id: int | None
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    removed: bool


def latest(session: Session, *, case_id: int, actions: Iterable[str]) -> Entry | None:
    """The case's most recent entry for one of `actions`, or None."""
    statement = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id, col(AuditEntry.action).in_(list(actions)))
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    )
    found = read(session, list(session.exec(statement)))
    return found[0] if found else None


def history(session: Session, *, case_id: int) -> list[Entry]:
    statement = select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(col(AuditEntry.id))
    return read(session, list(session.exec(statement)))


def entries(session: Session, statement: Any) -> list[Entry]:
    """The entries a select(AuditEntry) statement finds, as read (see `read`)."""
    return read(session, list(session.exec(statement)))


def read(session: Session, rows: list[AuditEntry]) -> list[Entry]:
    """The rows with their personal parts, fetched in one query."""
    keys = [row.detail for row in rows if row.detail]
    details: dict[str, AuditDetail] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = session.exec(select(AuditDetail).where(col(AuditDetail.key).in_(chunk)))
        details.update((detail.key, detail) for detail in found)
    return [_merged(row, details.get(row.detail) if row.detail else None) for row in rows]


def _merged(row: AuditEntry, detail: AuditDetail | None) -> Entry:
    assert row.id is not None
    if detail is None and row.detail is not None:  # retention deleted the personal part
        return Entry(
            row.id, row.case_id, row.at, row.actor, row.action,
            _gone(row.before), _gone(row.after),
            GONE_REASON if row.reason else None, removed=True,
        )  # fmt: skip
    if detail is None:
        return Entry(
            row.id, row.case_id, row.at, row.actor, row.action,
            row.before, row.after, row.reason, removed=False,
        )  # fmt: skip
    return Entry(
        row.id, row.case_id, row.at, row.actor, row.action,
        _put_back(row.before, detail.before), _put_back(row.after, detail.after),
        detail.reason, removed=False,
    )  # fmt: skip


def _gone(kept: dict[str, Any] | None) -> dict[str, Any] | None:
    if kept is None:
        return None
    return {key: GONE if value == REMOVED else value for key, value in kept.items()}


def _put_back(
    kept: dict[str, Any] | None, personal: dict[str, Any] | None
) -> dict[str, Any] | None:
    if kept is None and personal is None:
        return None
    return {**(kept or {}), **(personal or {})}


def split(values: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The values that name nobody (the rest shown as REMOVED), and the rest."""
    if values is None:
        return None, {}
    kept: dict[str, Any] = {}
    personal: dict[str, Any] = {}
    for key, value in values.items():
        if key in _CODE_TEXT_KEYS or (key not in _PERSONAL_KEYS and _names_nobody(value)):
            kept[key] = value
        else:
            kept[key] = REMOVED
            personal[key] = value
    return kept, personal


def _names_nobody(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= 80 and _PLAIN.fullmatch(value) is not None
    if isinstance(value, list):
        return all(_names_nobody(item) for item in value)
    if isinstance(value, dict):
        return all(_names_nobody(item) for item in value.values())
    return False


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
