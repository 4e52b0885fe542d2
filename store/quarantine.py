"""Inbound mail set aside for staff: messages the intake worker could not process (see
intake/processing.py). Each is kept with its raw bytes; its case is flagged with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from store.models import Case, Correspondence
from store.types import table_of

_MAIL = table_of(Correspondence)
_CASES = table_of(Case)


@dataclass(frozen=True)
class Quarantined:
    correspondence_id: int
    reference: str
    received_at: datetime
    quarantined_at: datetime
    attempts: int
    reason: str
    raw_bytes: int


def list_quarantined(session: Session, *, limit: int) -> list[Quarantined]:
    """Newest first. No content and no address: what a staff member needs to find it."""
    rows = session.execute(
        sa.select(
            _MAIL.c.id,
            _CASES.c.reference,
            _MAIL.c.at,
            _MAIL.c.quarantined_at,
            _MAIL.c.processing_attempts,
            _MAIL.c.quarantine_reason,
            sa.func.length(_MAIL.c.raw).label("size"),
        )
        .join(_CASES, _CASES.c.id == _MAIL.c.case_id)
        .where(_MAIL.c.quarantined_at.is_not(None))
        .order_by(_MAIL.c.quarantined_at.desc(), _MAIL.c.id.desc())
        .limit(limit)
    )
    return [
        Quarantined(
            correspondence_id=row.id,
            reference=row.reference,
            received_at=row.at,
            quarantined_at=row.quarantined_at,
            attempts=row.processing_attempts,
            reason=row.quarantine_reason or "",
            raw_bytes=row.size or 0,
        )
        for row in rows
    ]
