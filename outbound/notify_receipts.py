"""GOV.UK Notify's delivery receipts: what became of each letter, email and text heard sent
through Notify, recorded on its case (its history) and, when delivery failed for good or for a
technical reason, flagged for staff with what failed.

The receipt names the letter by the reference heard gave it (outbound/transports.py:
`CSC-2026-000123-42`, the case and the outbox row) and by Notify's own id, which heard kept
when Notify accepted the letter: both must agree, so a receipt with a guessed reference
changes nothing. Notify retries a callback that was not answered 2xx; a receipt already
recorded is answered 200 and recorded once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine

from cases.actor import NOTIFY
from cases.changes import Note
from cases.clock import Clock
from casework.attention import flag
from casework.service import CaseService
from outbound.transports import outbox_id_of
from store import outbox
from store.db import session_scope
from store.models import Case

log = logging.getLogger("heard.notify")


class DeliveryStatus(StrEnum):
    """Notify's final statuses for an email, a text message or a letter."""

    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"
    TEMPORARY_FAILURE = "temporary-failure"
    TECHNICAL_FAILURE = "technical-failure"
    ACCEPTED = "accepted"  # letters: printing
    RECEIVED = "received"  # letters: handed to the postal service
    VALIDATION_FAILED = "validation-failed"
    CANCELLED = "cancelled"

    @property
    def failed(self) -> bool:
        return self in _FAILED


_FAILED = {
    DeliveryStatus.PERMANENT_FAILURE,
    DeliveryStatus.TEMPORARY_FAILURE,
    DeliveryStatus.TECHNICAL_FAILURE,
    DeliveryStatus.VALIDATION_FAILED,
    # Someone cancelled the letter in Notify before it was printed: it will not be posted,
    # while the case says it was sent (walkerE: recorded, and nobody told).
    DeliveryStatus.CANCELLED,
}
_KINDS = {"email": "email", "sms": "text message", "letter": "letter"}
# A letter's permanent failure is the printer's, not a wrong address (Notify checks the
# address when the letter is sent): it was not printed, so not posted either.
_LETTER_WHY = {
    DeliveryStatus.PERMANENT_FAILURE: "the printing provider could not print it: not posted",
    DeliveryStatus.CANCELLED: "cancelled in Notify before it was printed: not posted",
}
_WHY = {
    DeliveryStatus.PERMANENT_FAILURE: "the address or number does not exist or refused it",
    DeliveryStatus.TEMPORARY_FAILURE: "the inbox was full or the phone was off, for 72 hours",
    DeliveryStatus.TECHNICAL_FAILURE: "Notify had a technical failure and did not send it",
    DeliveryStatus.VALIDATION_FAILED: "Notify could not print it (check the address)",
    DeliveryStatus.CANCELLED: "cancelled in Notify: not sent",
}


class ReceiptRefused(ValueError):
    """A receipt heard cannot take (malformed, or naming no letter heard sent)."""


@dataclass(frozen=True)
class Receipt:
    notify_id: str
    reference: str
    status: DeliveryStatus
    kind: str  # email | sms | letter
    completed_at: str | None

    @classmethod
    def parse(cls, body: Any) -> Receipt:
        """Only the fields heard uses; the recipient (`to`) is never read or kept."""
        if not isinstance(body, dict):
            raise ReceiptRefused("a receipt is a JSON object")
        try:
            status = DeliveryStatus(str(body.get("status")))
        except ValueError:
            raise ReceiptRefused("unknown status") from None
        notify_id, reference = body.get("id"), body.get("reference")
        if not isinstance(notify_id, str) or not isinstance(reference, str) or not reference:
            raise ReceiptRefused("id and reference are required")
        kind = str(body.get("notification_type") or "email")
        if kind not in _KINDS:
            raise ReceiptRefused("unknown notification_type")
        completed = body.get("completed_at")
        return cls(
            notify_id=notify_id[:64],
            reference=reference[:100],
            status=status,
            kind=kind,
            completed_at=str(completed)[:40] if completed else None,
        )


@dataclass
class DeliveryReceipts:
    engine: Engine
    cases: CaseService
    clock: Clock

    def record(self, body: Any) -> str:
        """Record one receipt; returns what was done ("recorded", "already recorded")."""
        receipt = Receipt.parse(body)
        outbox_id = outbox_id_of(receipt.reference)
        if outbox_id is None:
            raise ReceiptRefused("the reference names no letter heard sent")
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = outbox.sent_through_notify(session, outbox_id=outbox_id)
            if row is None or receipt.notify_id not in _notify_ids(row.result):
                raise ReceiptRefused("the reference names no letter heard sent")
            delivery = {"status": receipt.status.value, "completed_at": receipt.completed_at}
            if not outbox.record_delivery(
                session, message_id=outbox_id, notify_id=receipt.notify_id, delivery=delivery
            ):
                return "already recorded"
            case = session.get(Case, row.case_id) if row.case_id is not None else None
            if case is not None:
                self._on_case(session, case=case, receipt=receipt, now=now)
        log.info(
            "delivery receipt %s for %s", receipt.status.value, receipt.reference
        )  # the case reference and row, never the address
        return "recorded"

    def _on_case(self, session: Any, *, case: Case, receipt: Receipt, now: datetime) -> None:
        what = f"{_KINDS[receipt.kind]} {receipt.reference}"
        self.cases.note(
            session,
            case=case,
            action=Note.DELIVERY_RECEIPT,
            actor=NOTIFY,
            reason=f"{what}: {receipt.status.value}",
            after={
                "letter": receipt.reference,
                "status": receipt.status.value,
                "notification_type": receipt.kind,
                "completed_at": receipt.completed_at,
            },
        )
        if receipt.status.failed:
            why = failure_reason(receipt.status, receipt.kind)
            flag(
                self.cases,
                session,
                case=case,
                actor=NOTIFY,
                why=f"the {what} was not delivered ({receipt.status.value}: {why})",
            )


def failure_reason(status: DeliveryStatus, kind: str) -> str:
    """What a failed status means for this kind of message (email, sms, letter), for staff."""
    if kind == "letter" and status in _LETTER_WHY:
        return _LETTER_WHY[status]
    return _WHY.get(status, status.value)


def _notify_ids(result: dict[str, Any] | None) -> list[str]:
    ids = (result or {}).get("notify_ids") or []
    return [str(each) for each in ids] if isinstance(ids, list) else []
