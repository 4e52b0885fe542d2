"""Delivering one inbound message before the 250: find duplicates and threads from its headers,
then commit the raw bytes with the new (or continued) case in one transaction, batched with
whatever else arrived at the same moment (group_commit).

Reading the body, attachments and triage happen after the commit (intake/processing.py), so the
client waits only for what must be durable: a crash after the 250 leaves the message marked
`awaiting_processing`, and the next worker reads it. Runs in a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.actor import GRAPH, SMTP, Actor
from cases.clock import Clock
from cases.enums import Channel, RecordKind
from casework.attention import flag
from casework.receiving import NewContact, ReceivedCase, Writer, receive_many
from casework.service import CaseService
from intake.parsing import ParsedMessage, ParseLimits, authenticated_from, parse_headers
from intake.prescan import reading_priority
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from intake.threading_rules import may_attach
from org.directory import Organisation
from org.own_addresses import OwnAddresses
from outbound.mash import MashReferral
from outbound.messenger import Messenger
from store import audit
from store.cases.versions import ConcurrentChange
from store.correspondence import (
    InboundMail,
    delivered_before,
    file_inbound,
    hold_arrival_locks,
    sources_delivered,
)
from store.db import session_scope
from store.models import Case
from store.outage import database_away
from store.text import storable
from store.threads import find_thread, is_party
from triage.rulebook import Rulebook

if TYPE_CHECKING:
    from outbound.letters import LetterConfig

log = logging.getLogger("heard.intake")

STORE_ATTEMPTS = 3  # a batch that lost a race for a case is stored again on fresh rows


@dataclass(frozen=True)
class Arrival:
    raw: bytes
    envelope: InboundEnvelope
    parsed: ParsedMessage
    reading_priority: int = 0  # intake/prescan.py: a likely disclosure is read first

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two deliveries the same message: the same Message-ID from the same
        envelope sender, or without a Message-ID the same raw bytes from the same sender.

        Anything else is a different message and is stored: a Message-ID is chosen by whoever
        sends, so a stranger reusing a family's Message-ID must not have his mail dropped (nor
        learn their reference), and two people may well send the same words.
        """
        sender = _sender_key(self.envelope.mail_from)
        if self.parsed.message_id:
            return ("message-id", self.parsed.message_id, sender)
        return ("fingerprint", self.parsed.fingerprint or "", sender)


class Opened(StrEnum):
    """What a stored message did to its case; kept in its details ("opened"), so the worker
    that reads the body after the commit triages only new contacts."""

    NEW = "new"  # opened a new case
    REPLY = "reply"  # continued a case a party wrote on
    BOUNCE = "bounce"  # told us an email we sent on a case could not be delivered


@dataclass(frozen=True)
class Filing:
    """One message to store on a case, and what it did to the case."""

    case_id: int
    arrival: Arrival
    opened: Opened


@dataclass(frozen=True)
class IntakePolicy:
    """The council's choices about threading mail and replying to it."""

    reference_prefix: str  # HEARD_REFERENCE_PREFIX
    require_dmarc_pass_for_threading: bool
    # The council's name, zone, templates and signer for the letters intake writes (the same
    # LetterConfig as the case's later letters: heard.wiring.letter_config).
    letters: LetterConfig
    acknowledgements_per_sender_per_day: int
    # heard's own addresses (org.own_addresses): none acknowledged, and a contact opened by
    # mail from a mailbox heard sends as is flagged for a person to look.
    own_addresses: OwnAddresses = field(default_factory=OwnAddresses)


@dataclass
class IntakeService:
    engine: Engine
    policy: IntakePolicy
    clock: Clock
    cases: CaseService
    rulebook: Rulebook
    organisation: Organisation  # which mailbox takes which kind of record
    limits: ParseLimits
    messenger: Messenger
    mash: MashReferral

    def mailbox_kind(self, address: str) -> RecordKind | None:
        return self.organisation.mailbox_kind(address)

    def deliver(self, raw: bytes, envelope: InboundEnvelope) -> DeliveryReceipt:
        """Store one message durably; raise if that is impossible."""
        (result,) = self.deliver_many([(raw, envelope)])
        if isinstance(result, Exception):
            raise result
        return result

    def deliver_many(
        self, items: Sequence[tuple[bytes, InboundEnvelope]]
    ) -> list[DeliveryReceipt | Exception]:
        """Store messages in one transaction (see group_commit). One that cannot be stored
        gets its error and costs the others nothing: a failed batch is stored again one
        message per transaction."""
        # What the databases cannot hold (NUL, lone surrogates from raw 8-bit headers) is
        # cleaned before storing: the raw bytes keep the original, and a message is never
        # refused for ever over a value it would be stored with.
        arrivals = [self._arrival(raw, envelope) for raw, envelope in items]
        try:
            receipts = self._store_retrying(arrivals)
        except Exception as error:
            if len(items) == 1:
                if not database_away(error):  # an outage is one line, from the listener
                    log.exception("could not store inbound mail")
                return [error]
            return [result for item in items for result in self.deliver_many([item])]
        for receipt in receipts:
            if not receipt.duplicate:
                log.info("inbound mail stored", extra={"case": receipt.reference})
        return list(receipts)

    def _arrival(self, raw: bytes, envelope: InboundEnvelope) -> Arrival:
        parsed = storable(parse_headers(raw, limits=self.limits))
        urgent = 0 if parsed.automated else reading_priority(raw, parsed.subject, self.rulebook)
        return Arrival(raw, storable(envelope), parsed, urgent)

    def _store_retrying(self, arrivals: list[Arrival]) -> list[DeliveryReceipt]:
        """A reply flags a case that the worker (or staff) may be changing at that moment:
        the losing transaction is run again on fresh rows rather than answered with 451."""
        for _ in range(STORE_ATTEMPTS - 1):
            try:
                return self._store(arrivals)
            except ConcurrentChange:
                log.info("a case changed while mail for it was stored; storing again")
        return self._store(arrivals)

    def _store(self, arrivals: list[Arrival]) -> list[DeliveryReceipt]:
        now = self.clock.now()
        receipts: dict[int, DeliveryReceipt] = {}
        first_copy: dict[tuple[str, str, str], int] = {}
        filings: list[Filing] = []
        flags: list[tuple[Case, str]] = []
        new: list[tuple[int, str | None]] = []  # (position, why a quoted case was refused)
        actor = _actor(arrivals)
        with session_scope(self.engine) as session:
            hold_arrival_locks(
                session,
                [":".join(arrival.key) for arrival in arrivals]
                + [f"source:{a.envelope.source_id}" for a in arrivals if a.envelope.source_id],
            )
            known = self._received_before(session, arrivals)
            stored_items = sources_delivered(
                session, [a.envelope.source_id for a in arrivals if a.envelope.source_id]
            )
            for position, arrival in enumerate(arrivals):
                source_id = arrival.envelope.source_id
                if source_id and source_id in stored_items:
                    receipts[position] = DeliveryReceipt(stored_items[source_id], duplicate=True)
                    continue
                if arrival.key in known:
                    receipts[position] = DeliveryReceipt(known[arrival.key], duplicate=True)
                    continue
                if arrival.key in first_copy:  # twice in one batch: filled in below
                    continue
                first_copy[arrival.key] = position
                continued = self._continues(session, arrival)
                if not isinstance(continued, tuple):  # a new contact (why a quote was refused)
                    new.append((position, continued))
                    continue
                case, opened = continued
                filings.append(Filing(_id(case), arrival, opened))
                # A bounce comes from a mail server, not from a party to the case.
                receipts[position] = DeliveryReceipt(case.reference, disclose=opened == Opened.REPLY)
                # A person's reply or a bounce wants staff; the complainant's out-of-office
                # note is kept on the case without calling anyone.
                if not (opened == Opened.REPLY and arrival.parsed.machine_made):
                    flags.append((case, _FLAG_REASONS[opened]))
            # The batch's audit entries (cases opened, mail filed) go in one statement.
            audited = audit.Batch()
            opened_cases = self._open_cases(
                session, [(arrivals[p], why) for p, why in new], now, audited, actor=actor
            )
            for (position, _), received in zip(new, opened_cases, strict=True):
                filings.append(Filing(received.id, arrivals[position], Opened.NEW))
                receipts[position] = DeliveryReceipt(received.reference)
            self._file(session, filings, now, audited, actor=actor)
            audited.write(session.connection())
            for case, why in flags:
                flag(self.cases, session, case=case, actor=actor, why=why)
        return [
            receipts.get(position)
            or DeliveryReceipt(receipts[first_copy[arrival.key]].reference, duplicate=True)
            for position, arrival in enumerate(arrivals)
        ]

    # --- duplicates and replies ----------------------------------------------------------
    def _received_before(
        self, session: Session, arrivals: list[Arrival]
    ) -> dict[tuple[str, str, str], str]:
        """Reference of the case already holding each message that was delivered before."""
        keys = [arrival.key for arrival in arrivals]
        by_message_id, by_fingerprint = delivered_before(
            session,
            message_ids=list({value for kind, value, _ in keys if kind == "message-id"}),
            fingerprints=list({value for kind, value, _ in keys if kind == "fingerprint"}),
        )
        found: dict[tuple[str, str, str], str] = {}
        for kind, rows in (("message-id", by_message_id), ("fingerprint", by_fingerprint)):
            for row in rows:
                value = row.message_id if kind == "message-id" else row.fingerprint
                key = (kind, value or "", _sender_key(row.envelope_sender))
                found.setdefault(key, row.reference)
        return found

    def _continues(
        self, session: Session, arrival: Arrival
    ) -> tuple[Case, Opened] | str | None:
        """The case this message continues and how (a reply, a bounce); else None, or why the
        case it quotes was refused."""
        parsed, envelope = arrival.parsed, arrival.envelope
        if parsed.is_bounce:
            bounced = find_thread(
                session,
                prefix=self.policy.reference_prefix,
                message_ids=list(parsed.bounced_message_ids),
                subject="",
            )
            return (bounced.case, Opened.BOUNCE) if bounced else None
        thread = find_thread(
            session,
            prefix=self.policy.reference_prefix,
            message_ids=[parsed.in_reply_to or "", *parsed.references],
            subject=parsed.subject,
        )
        if thread is None:
            return None
        # The envelope sender is who the mail is from; a From header only when the gateway's
        # DMARC check vouches for it (anyone can write "From: alice").
        party = is_party(
            session,
            case=thread.case,
            addresses=[envelope.mail_from, authenticated_from(parsed) or ""],
        )
        allowed, why = may_attach(
            party=party,
            dmarc_verdict=(parsed.auth_results or {}).get("dmarc"),
            require_dmarc_pass=self.policy.require_dmarc_pass_for_threading,
        )
        if not allowed:
            return f"quotes {thread.case.reference} but {why}: not attached to it"
        return thread.case, Opened.REPLY

    # --- new contacts ----------------------------------------------------------------------
    def _open_cases(
        self,
        session: Session,
        contacts: list[tuple[Arrival, str | None]],
        now: datetime,
        audited: audit.Batch,
        *,
        actor: Actor,
    ) -> list[ReceivedCase]:
        return receive_many(
            self.cases,
            session,
            [
                NewContact(
                    record_kind=self._kind_for(arrival.envelope),
                    channel=Channel.EMAIL,
                    received_at=now,
                    actor=actor,
                    subject=arrival.parsed.subject,
                    # Auto-replies, out-of-office notes and stray bounces are kept apart from
                    # cases: flagged automated, no deadlines, no acknowledgement, no triage.
                    automated=arrival.parsed.machine_made,
                    attention_reason=(refused or self._own_mail(arrival) or "")[:300] or None,
                    complainant=Writer(
                        email=arrival.envelope.mail_from or arrival.parsed.from_address or None,
                        name=arrival.parsed.from_display or None,
                    ),
                )
                for arrival, refused in contacts
            ],
            audit_batch=audited,
        )

    def _own_mail(self, arrival: Arrival) -> str | None:
        """Why a person must look at a contact sent from the council's own mailbox: a member
        of staff's reply or forward, not a complaint from the public (walkerE: a reply sent
        from the shared mailbox with a copy to it became a statutory complaint from 'Complaints
        Team' and was acknowledged to the mailbox itself)."""
        sender = (arrival.envelope.mail_from or arrival.parsed.from_address or "").lower()
        if sender not in self.policy.own_addresses.sends_as:
            return None
        return (
            f"sent from the council's own mailbox {sender} (a member of staff's reply or "
            "forward?): check it is a complaint before it is counted as one"
        )

    def _kind_for(self, envelope: InboundEnvelope) -> RecordKind:
        for address in envelope.rcpt_tos:
            kind = self.mailbox_kind(address)
            if kind is not None:
                return kind
        return RecordKind.COMPLAINT

    def _file(
        self,
        session: Session,
        filings: list[Filing],
        now: datetime,
        audited: audit.Batch,
        *,
        actor: Actor,
    ) -> None:
        """The raw messages themselves, marked for the worker that reads them in full."""
        file_inbound(
            session,
            [_inbound_mail(filing, now) for filing in filings],
            actor=actor,
            audit_batch=audited,
        )


_FLAG_REASONS = {
    Opened.REPLY: "a reply arrived from the complainant",
    Opened.BOUNCE: "an email we sent could not be delivered",
}


def _inbound_mail(filing: Filing, now: datetime) -> InboundMail:
    parsed, envelope = filing.arrival.parsed, filing.arrival.envelope
    return InboundMail(
        case_id=filing.case_id,
        at=now,
        raw=filing.arrival.raw,
        envelope_sender=envelope.mail_from,
        envelope_recipients=list(envelope.rcpt_tos),
        subject=parsed.subject,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        fingerprint=parsed.fingerprint,
        automated=parsed.automated,
        source_id=envelope.source_id,
        reading_priority=filing.arrival.reading_priority,
        text=parsed.text or None,
        details={
            "opened": filing.opened.value,
            "from_address": parsed.from_address,
            "auth_results": parsed.auth_results,
            "out_of_office": parsed.out_of_office,
            "bounce": parsed.is_bounce,
        },
    )


def _actor(arrivals: Sequence[Arrival]) -> Actor:
    """Who the audit log says filed the mail: the listener, or the mailbox reader."""
    return GRAPH if arrivals and all(a.envelope.source_id for a in arrivals) else SMTP


def _sender_key(envelope_sender: str | None) -> str:
    return (envelope_sender or "").strip().strip("<>").lower()


def _id(case: Case) -> int:
    assert case.id is not None
    return case.id
