"""Who saw what: every read of a case's details (the web page, Slack's View details,
`heard cases show`, an attachment, a search, an export, a subject access export) is an entry
in the audit log, which database triggers keep append-only on both engines. A read of one
case carries its id and so shows in that case's trail; a search or an export names no single
case, and `reads_of` finds the ones that showed a case (a search lists the references on the
page it showed, an export the days of receipt it covered). "Counted cases" only are exported; an export's entry does not
say which, so a case it left out may still be listed as seen by it, except the data protection
records, which an export that left them out says it did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.actor import Actor
from cases.data_protection import DATA_PROTECTION_KINDS
from cases.enums import AuditAction
from store import audit
from store.models import AuditEntry, Case

READ_ACTIONS = (
    AuditAction.CASE_VIEWED,
    AuditAction.CASE_SUMMARY_VIEWED,
    AuditAction.CASES_SEARCHED,
    AuditAction.ATTACHMENT_DOWNLOADED,
    AuditAction.REPORT_DOWNLOADED,
    AuditAction.CASES_EXPORTED,
    AuditAction.CASES_REPORTED,
    AuditAction.SUBJECT_ACCESS_EXPORTED,
    AuditAction.STAFF_ACTIVITY_READ,
)
# Reads that name no single case but list the references they showed (in `shown`).
_LISTING_VALUES = [AuditAction.CASES_SEARCHED.value, AuditAction.CASES_REPORTED.value]
_READ_VALUES = [action.value for action in READ_ACTIONS]
# An export's entry says so when it left the data protection records out (exports before it
# did not): such a record was not seen by it.
LEFT_OUT = "left_out"  # an enum-like value: audit keeps it in the append-only row


@dataclass(frozen=True)
class Read:
    at: datetime
    actor: str  # "web:pat@council.gov.uk", "slack:U123", "cli:pat"
    action: str
    what: str  # in plain words: "opened the case", "attachment 2", "a search for …"


def record_read(
    session: Session,
    *,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    case_id: int | None = None,
    what: dict[str, Any] | None = None,
) -> None:
    """Add one read to the session: committed with it, or not at all."""
    if action not in READ_ACTIONS:
        raise ValueError(f"{action} is not a read")
    audit.record(session, case_id=case_id, actor=actor, action=action, after=what, at=at)


def reads_of(session: Session, *, case: Case) -> list[Read]:
    """Everyone who saw this case, oldest first: its own reads, the searches whose results
    listed it and the exports that covered the day it was received."""
    assert case.id is not None
    own = select(AuditEntry).where(
        AuditEntry.case_id == case.id, col(AuditEntry.action).in_(_READ_VALUES)
    )
    found = [_read(entry) for entry in audit.read(session, list(session.exec(own)))]
    # The references a search showed are in its entry's JSON: matched as text, on both engines.
    listed = select(AuditEntry).where(
        col(AuditEntry.case_id).is_(None),
        col(AuditEntry.action).in_(_LISTING_VALUES),
        sa.cast(col(AuditEntry.after), sa.Text).like(f'%"{case.reference}"%'),
    )
    found.extend(_read(entry) for entry in audit.read(session, list(session.exec(listed))))
    exports = select(AuditEntry).where(
        col(AuditEntry.case_id).is_(None), AuditEntry.action == AuditAction.CASES_EXPORTED.value
    )
    received = case.receipt_day  # what `heard export cases --from/--to` selects on
    left_out = case.record_kind in DATA_PROTECTION_KINDS
    covering = [
        entry
        for entry in session.exec(exports)
        if _covers(entry.after or {}, received)
        and not (left_out and (entry.after or {}).get("data_protection") == LEFT_OUT)
    ]
    found.extend(_read(entry) for entry in audit.read(session, covering))
    return sorted(found, key=lambda read: read.at)


def _covers(what: dict[str, Any], received: date) -> bool:
    start, end = what.get("from"), what.get("to")
    return (start is None or date.fromisoformat(start) <= received) and (
        end is None or received <= date.fromisoformat(end)
    )


def _read(entry: audit.Entry) -> Read:
    return Read(at=entry.at, actor=entry.actor, action=entry.action, what=describe(entry))


def describe(entry: audit.Entry) -> str:
    """What the entry says was seen, in a few words."""
    what = entry.after or {}
    if entry.action == AuditAction.ATTACHMENT_DOWNLOADED.value:
        return f"attachment {what.get('attachment', '?')}"
    if entry.action == AuditAction.REPORT_DOWNLOADED.value:
        return f"stage 2 report {what.get('report', '?')}"
    if entry.action == AuditAction.CASES_SEARCHED.value:
        given = {
            key: value
            for key, value in what.items()
            if key != "shown" and value and value not in (audit.REMOVED, audit.GONE)
        }
        if "queues" in given:  # web/pages/queues.py: what waits for them, by role
            return f"in their queues ({', '.join(map(str, given['queues']))})"
        if not entry.removed and given.keys() <= {"page"}:  # no words, no filter
            return f"in the case list (page {what.get('page', 1)})"
        terms = ", ".join(f"{key} {value}" for key, value in given.items())
        if entry.removed:  # retention removed the words; the filters and the page stay
            terms = f"{terms}; the words searched for were removed" if terms else ""
        return f"in the results of a search ({terms or 'no terms'})"
    if entry.action == AuditAction.CASES_REPORTED.value:
        return f"listed in a report ({what.get('report', '?')}, {what.get('period', '?')})"
    if entry.action == AuditAction.CASES_EXPORTED.value:
        return (
            f"in an export of {what.get('cases', '?')} cases "
            f"(received {what.get('from') or 'any time'} to {what.get('to') or 'any time'}, "
            f"{what.get('fields', 'reporting fields')})"
        )
    if entry.action == AuditAction.SUBJECT_ACCESS_EXPORTED.value:
        return f"in a subject access export ({what.get('request') or 'no request'})"
    if entry.action == AuditAction.STAFF_ACTIVITY_READ.value:
        staff = what.get("staff")
        whose = ", ".join(staff) if isinstance(staff, list) else str(staff or "?")
        start, end = what.get("from") or "any time", what.get("to") or "any time"
        return (
            f"the audit trail of {whose} ({start} to {end}): {what.get('entries', '?')} entries"
        )
    if entry.action == AuditAction.CASE_SUMMARY_VIEWED.value:
        return f"saw its summary ({what.get('where', '?')})"
    shown = what.get("where") or what.get("shown")  # casework/reading.py writes `where`
    return f"opened the case ({shown})" if shown else "opened the case"
