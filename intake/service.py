"""Delivering one inbound message before the 250: find duplicates and threads from its headers,
then commit the raw bytes with the new (or continued) case in one transaction.

Reading the body, attachments and triage happen after the commit (intake/processing.py), so the
client waits only for what must be durable: a crash after the 250 leaves the message marked
`awaiting_processing`, and the next worker reads it. Runs in a worker thread (see smtp_handler).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.clock import Clock
from cases.enums import Channel, ComplainantType, Direction, RecordKind
from heard.settings import Settings
from intake.parsing import ParsedMessage, ParseLimits, parse_headers
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from intake.threading_rules import find_thread, is_party, may_attach
from store import audit
from store.case_service import CaseService
from store.db import session_scope
from store.models import Case, Correspondence, PartyRole, Person

log = logging.getLogger("heard.intake")

# Built once: the statements an email runs before its 250 (see CaseService.receive).
_CORRESPONDENCE = Correspondence.__table__
_INBOUND = _CORRESPONDENCE.c.direction == Direction.INBOUND
_SAME_MESSAGE_ID = (
    sa.select(Case.__table__.c.reference)
    .join(_CORRESPONDENCE, _CORRESPONDENCE.c.case_id == Case.__table__.c.id)
    .where(_INBOUND, _CORRESPONDENCE.c.message_id == sa.bindparam("key"))
    .limit(1)
)
_SAME_FINGERPRINT = (
    sa.select(Case.__table__.c.reference)
    .join(_CORRESPONDENCE, _CORRESPONDENCE.c.case_id == Case.__table__.c.id)
    .where(_INBOUND, _CORRESPONDENCE.c.fingerprint == sa.bindparam("key"))
    .limit(1)
)
_INSERT_CORRESPONDENCE = sa.insert(_CORRESPONDENCE).returning(_CORRESPONDENCE.c.id)
_INSERT_PERSON = sa.insert(Person.__table__)


@dataclass
class IntakeService:
    engine: Engine
    settings: Settings
    clock: Clock
    cases: CaseService
    rulebook: Any  # triage.rulebook.Rulebook
    limits: ParseLimits

    def mailbox_kind(self, address: str) -> RecordKind | None:
        return self.rulebook.mailbox_kind(address)

    def deliver(self, raw: bytes, envelope: InboundEnvelope) -> DeliveryReceipt:
        """Store the message (and whatever it leads to) durably; raise if that is impossible."""
        parsed = parse_headers(raw, limits=self.limits)
        now = self.clock.now()
        with session_scope(self.engine) as session:
            duplicate = self._already_received(session, parsed)
            if duplicate is not None:
                return DeliveryReceipt(duplicate, duplicate=True)
            case, refused = self._attach_to_existing(session, raw, parsed, envelope, now)
            reference = (
                case.reference
                if case is not None
                else self._open_case(session, raw, parsed, envelope, now, refused)
            )
        log.info("inbound mail stored", extra={"case": reference})
        return DeliveryReceipt(reference)

    # --- duplicates and replies ----------------------------------------------------------
    def _already_received(self, session: Session, parsed: ParsedMessage) -> str | None:
        """The reference of the case that already holds this message, if any."""
        if parsed.message_id:
            found = session.connection().execute(_SAME_MESSAGE_ID, {"key": parsed.message_id})
        else:
            found = session.connection().execute(_SAME_FINGERPRINT, {"key": parsed.fingerprint})
        return found.scalar()

    def _attach_to_existing(
        self,
        session: Session,
        raw: bytes,
        parsed: ParsedMessage,
        envelope: InboundEnvelope,
        now: datetime,
    ) -> tuple[Case | None, str | None]:
        """The case this message continues, or (None, why a quoted case was refused)."""
        if parsed.is_bounce:
            bounced = find_thread(
                session,
                prefix=self.settings.reference_prefix,
                message_ids=list(parsed.bounced_message_ids),
                subject="",
            )
            if bounced is None:
                return None, None
            self._store_correspondence(
                session, bounced.case.id, raw, parsed, envelope, now, "bounce"
            )
            self._flag(session, bounced.case, "an email we sent could not be delivered")
            return bounced.case, None
        thread = find_thread(
            session,
            prefix=self.settings.reference_prefix,
            message_ids=[parsed.in_reply_to or "", *parsed.references],
            subject=parsed.subject,
        )
        if thread is None:
            return None, None
        party = is_party(
            session, case=thread.case, addresses=[envelope.mail_from, parsed.from_address or ""]
        )
        allowed, why = may_attach(
            party=party,
            dmarc_verdict=(parsed.auth_results or {}).get("dmarc"),
            require_dmarc_pass=self.settings.require_dmarc_pass_for_threading,
        )
        if not allowed:
            return None, f"quotes {thread.case.reference} but {why}: not attached to it"
        self._store_correspondence(session, thread.case.id, raw, parsed, envelope, now, "reply")
        self._flag(session, thread.case, "a reply arrived from the complainant")
        return thread.case, None

    # --- new contacts ----------------------------------------------------------------------
    def _open_case(
        self,
        session: Session,
        raw: bytes,
        parsed: ParsedMessage,
        envelope: InboundEnvelope,
        now: datetime,
        refused_thread: str | None,
    ) -> str:
        case = self.cases.receive(
            session,
            record_kind=self._kind_for(envelope),
            channel=Channel.EMAIL,
            received_at=now,
            actor="smtp",
            subject=parsed.subject,
            # Auto-replies, out-of-office notes and stray bounces are kept, flagged automated
            # (no deadlines, no acknowledgement), and never triaged into a queue.
            automated=parsed.automated or parsed.out_of_office or parsed.is_bounce,
            needs_attention=refused_thread is not None,
            attention_reason=refused_thread[:300] if refused_thread else None,
        )
        session.connection().execute(
            _INSERT_PERSON,
            {
                "case_id": case.id,
                "role": PartyRole.COMPLAINANT,
                "email": envelope.mail_from or parsed.from_address or None,
                "name": parsed.from_display or None,
                "complainant_type": ComplainantType.UNKNOWN,
                "is_child": False,
            },
        )
        self._store_correspondence(session, case.id, raw, parsed, envelope, now, "new")
        return case.reference

    def _kind_for(self, envelope: InboundEnvelope) -> RecordKind:
        for address in envelope.rcpt_tos:
            kind = self.mailbox_kind(address)
            if kind is not None:
                return kind
        return RecordKind.COMPLAINT

    def _store_correspondence(
        self,
        session: Session,
        case_id: int,
        raw: bytes,
        parsed: ParsedMessage,
        envelope: InboundEnvelope,
        now: datetime,
        opened: str,
    ) -> None:
        """`opened` says what the message did ("new", "reply", "bounce"): the worker that reads
        the body after the commit triages only new contacts."""
        connection = session.connection()
        correspondence_id = connection.execute(
            _INSERT_CORRESPONDENCE,
            {
                "case_id": case_id,
                "direction": Direction.INBOUND,
                "channel": Channel.EMAIL,
                "at": now,
                "message_id": parsed.message_id,
                "in_reply_to": parsed.in_reply_to,
                "envelope_sender": envelope.mail_from,
                "envelope_recipients": list(envelope.rcpt_tos),
                "subject": parsed.subject[:998],
                "raw": raw,
                "text": parsed.text or None,
                "fingerprint": parsed.fingerprint,
                "automated": parsed.automated,
                "unparseable": False,
                "awaiting_processing": True,
                "details": {
                    "opened": opened,
                    "from_address": parsed.from_address,
                    "auth_results": parsed.auth_results,
                    "out_of_office": parsed.out_of_office,
                    "bounce": parsed.is_bounce,
                },
            },
        ).scalar_one()
        audit.insert(
            connection,
            case_id=case_id,
            actor="smtp",
            action="correspondence_received",
            after={"correspondence_id": correspondence_id},
            at=now,
        )

    def _flag(self, session: Session, case: Case, why: str) -> None:
        self.cases.flag(session, case=case, actor="smtp", why=why)


def acknowledgements_today(session: Session, *, address: str, since: datetime) -> int:
    from store.models import OutboxMessage

    statement = select(OutboxMessage.id).where(
        OutboxMessage.target == address.lower(),
        col(OutboxMessage.dedupe_key).startswith("ack:"),
        OutboxMessage.created_at >= since,
    )
    return len(session.exec(statement).all())
