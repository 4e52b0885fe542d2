"""Reading stored mail in full after the 250: body, attachments, triage and the replies we owe.

The listener commits the raw bytes and the case first (intake/service.py) and marks the message
`awaiting_processing`; this worker takes it from the database, so a crash, a restart or a
second `heard serve` process never loses or doubles it. The slow, pure work (MIME walk, HTML
to text, the triage rules over the whole text) runs outside any transaction; only applying the
result takes the write lock, and it is claimed with a compare-and-set so two workers cannot
both apply one message.
When it runs is intake/reading_loop.py's business.
"""

from __future__ import annotations

import logging
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from cases.enums import CaseStatus, RecordKind
from intake import replies
from intake.parsing import ParsedMessage
from intake.reader import InlineReader, Reader, ReadRequest
from intake.service import IntakeService
from intake.smtp_handler import InboundEnvelope
from store import audit
from store.cases.service import ConcurrentChange
from store.db import session_scope
from store.models import Attachment, Case, Correspondence
from triage.engine import Decision

log = logging.getLogger("heard.intake")


@dataclass(frozen=True)
class Stored:
    """What the listener committed, read back without holding any lock."""

    correspondence_id: int
    case_id: int
    record_kind: RecordKind
    opened: str
    raw: bytes
    envelope: InboundEnvelope
    received_at: datetime


@dataclass
class InboundProcessor:
    intake: IntakeService
    # The pure part (intake/reader.py): in this process unless told otherwise.
    reader: Reader | None = None

    def __post_init__(self) -> None:
        if self.reader is None:
            self.reader = InlineReader(self.intake.rulebook)

    def next_waiting(self) -> int | None:
        with session_scope(self.intake.engine) as session:
            return session.exec(
                select(Correspondence.id)
                .where(Correspondence.awaiting_processing == True)  # noqa: E712
                .order_by(Correspondence.id)
                .limit(1)
            ).first()

    def process_next(self) -> bool:
        """Process the oldest waiting message; False when none is waiting."""
        waiting = self.next_waiting()
        if waiting is None:
            return False
        self.process(waiting)
        return True

    def drain(self) -> int:
        """Read everything waiting; return how many this worker read (others may read some)."""
        read = 0
        while (waiting := self.next_waiting()) is not None:
            read += self.process(waiting)
        return read

    def process(self, correspondence_id: int) -> bool:
        """Read, triage and apply one message; False if another worker had it, or the case
        changed meanwhile (it is still waiting, and read again on the next pass).

        A database fault leaves the message waiting (retried later); any other failure is a
        bug or a message we cannot handle, so the case is flagged for a person instead of
        being retried for ever.
        """
        stored = self._load(correspondence_id)
        if stored is None:
            return False
        try:
            assert self.reader is not None
            reading = self.reader(self._request(stored))
            with session_scope(self.intake.engine) as session:
                if not _claim(session, correspondence_id):
                    return False
                self._apply(session, stored, reading.parsed, reading.decision)
        except ConcurrentChange:  # staff changed the case meanwhile: read it again at once
            log.info("case changed while its mail was being read; reading again")
            return False
        except (DBAPIError, BrokenProcessPool):  # the database or the reader: try again later
            raise
        except Exception:
            log.exception("could not process a stored message; flagged for staff")
            self._give_up(stored)
        return True

    # --- steps ---------------------------------------------------------------------------
    def _load(self, correspondence_id: int) -> Stored | None:
        with session_scope(self.intake.engine) as session:
            row = session.get(Correspondence, correspondence_id)
            if row is None or not row.awaiting_processing:
                return None
            case = session.get(Case, row.case_id)
            assert case is not None  # a foreign key
            return Stored(
                correspondence_id=correspondence_id,
                case_id=row.case_id,
                record_kind=case.record_kind,
                opened=str((row.details or {}).get("opened", "new")),
                raw=row.raw or b"",  # never empty from the listener; if so, flagged unparseable
                envelope=InboundEnvelope(
                    mail_from=row.envelope_sender or "",
                    rcpt_tos=tuple(row.envelope_recipients or ()),
                    peer="",
                ),
                received_at=row.at,
            )

    def _request(self, stored: Stored) -> ReadRequest:
        return ReadRequest(
            raw=stored.raw,
            limits=self.intake.limits,
            triage=stored.opened == "new",
            record_kind=stored.record_kind,
            sender=stored.envelope.mail_from,
            received_on=self.intake.cases.calendar.local_date(stored.received_at),
        )

    def _apply(
        self, session: Session, stored: Stored, parsed: ParsedMessage, decision: Decision | None
    ) -> None:
        now = self.intake.clock.now()
        _record_body(session, stored.correspondence_id, parsed)
        case = session.get(Case, stored.case_id)
        assert case is not None
        for why in _attention(parsed):
            self.intake.cases.flag(session, case=case, actor="intake", why=why)
        if stored.opened != "new" or case.status != CaseStatus.RECEIVED:
            return  # a reply, or staff have already taken the new contact in hand
        self.intake.cases.open_acknowledgement_deadline(session, case)
        if decision is None or case.automated:
            return
        replies.apply_decision(self.intake, session, case=case, decision=decision, now=now)
        replies.queue_replies(
            self.intake,
            session,
            case=case,
            parsed=parsed,
            envelope=stored.envelope,
            decision=decision,
            now=now,
        )

    def _give_up(self, stored: Stored) -> None:
        with session_scope(self.intake.engine) as session:
            if not _claim(session, stored.correspondence_id):
                return
            case = session.get(Case, stored.case_id)
            assert case is not None
            self.intake.cases.flag(
                session,
                case=case,
                actor="intake",
                why="the message could not be processed automatically: read the raw message",
            )


def _claim(session: Session, correspondence_id: int) -> bool:
    """Compare-and-set: exactly one worker turns the flag off, and only it applies the result."""
    table = Correspondence.__table__
    claimed = session.execute(
        sa.update(table)
        .where(table.c.id == correspondence_id, table.c.awaiting_processing == sa.true())
        .values(awaiting_processing=False)
    )
    return claimed.rowcount == 1


def _record_body(session: Session, correspondence_id: int, parsed: ParsedMessage) -> None:
    row = session.get(Correspondence, correspondence_id)
    assert row is not None
    row.text = parsed.text
    row.quoted_text = parsed.quoted_text
    row.unparseable = parsed.unparseable
    row.details = {
        **(row.details or {}),
        "html_converted": parsed.html_converted,
        "defects": list(parsed.defects)[:20],
        "signature": parsed.signature,
        "bounced_message_ids": list(parsed.bounced_message_ids)[:10],
    }
    session.add(row)
    for attachment in parsed.attachments:
        session.add(
            Attachment(
                correspondence_id=correspondence_id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
                withheld_too_large=attachment.withheld_too_large,
                content=None if attachment.withheld_too_large else attachment.content,
            )
        )
    audit.record(
        session,
        case_id=row.case_id,
        actor="intake",
        action="correspondence_read",
        after={"correspondence_id": correspondence_id, "attachments": len(parsed.attachments)},
    )


def _attention(parsed: ParsedMessage) -> list[str]:
    reasons = []
    if parsed.unparseable:
        reasons.append("the message could not be parsed: read the raw message")
    if any(attachment.withheld_too_large for attachment in parsed.attachments):
        reasons.append("an attachment was withheld as too large")
    return reasons
