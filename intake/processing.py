"""Reading stored mail in full after the 250: body, attachments, triage and the replies we owe.

The listener commits the raw bytes and the case first (intake/service.py) and marks the message
`awaiting_processing`; this worker takes it from the database, so a crash, a restart or a
second `heard serve` process never loses or doubles it. Messages are taken in batches: the
slow, pure work (MIME walk, HTML to text, the triage rules over the whole text) runs for the
whole batch outside any transaction and without any lock; then one write transaction claims the
batch with a compare-and-set (so two workers cannot both apply one message) and applies every
result, with Core statements for the rows it only inserts or updates.

A message that cannot be processed never blocks the queue: a fault of the database that a
retry may cure (connection lost, locked) leaves it waiting; a fault the message causes is
retried alone, at the back of the queue, MAX_ATTEMPTS times, and then it is quarantined: kept
with its raw bytes, its case flagged for staff with the reason. One that cannot be read at all
is quarantined at once. When the worker runs is intake/reading_loop.py's business.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from cases.actor import INTAKE, TRIAGE
from cases.changes import Note
from cases.enums import AuditAction, CaseStatus, RecordKind
from cases.triage_result import TriageResult
from casework.attention import flag
from casework.triage import open_and_triage_received
from intake import replies
from intake.ended_case import acknowledge_reply_on_ended_case
from intake.later_concern import refer_later_concern
from intake.parsing import ParsedMessage
from intake.reader import InlineReader, ReadFailure, Reading, ReadRequest, ReadTimedOut
from intake.service import IntakeService, Opened
from intake.smtp_handler import InboundEnvelope
from store import audit, mail_queue, outbox
from store.cases.versions import ConcurrentChange
from store.db import read_scope, session_scope
from store.models import Case, Correspondence
from store.text import storable
from triage.engine import Decision
from triage.result import triage_result

log = logging.getLogger("heard.intake")

MAX_BATCH = 16  # messages read and applied together
MAX_BATCH_BYTES = 16 * 1024 * 1024  # of raw mail held in memory for one batch (at least one)
MAX_ATTEMPTS = 3  # tries for a message whose own content makes applying it fail


@dataclass(frozen=True)
class Stored:
    """What the listener committed, read back without holding any lock."""

    correspondence_id: int
    case_id: int
    record_kind: RecordKind
    opened: Opened
    raw: bytes
    envelope: InboundEnvelope
    received_at: datetime
    details: dict[str, Any]
    attempts: int = 0  # failed tries so far: one that failed before is read alone


@dataclass(frozen=True)
class Read:
    """One message of a batch, read but not yet applied."""

    stored: Stored
    reading: Reading | ReadFailure


@dataclass
class InboundProcessor:
    intake: IntakeService
    # The pure part (intake/reader.py): in this process unless told otherwise.
    reader: Any = None  # InlineReader | SubprocessReader: read_many(requests), read_alone

    def __post_init__(self) -> None:
        if self.reader is None:
            self.reader = InlineReader(self.intake.rulebook)

    def next_waiting(self) -> int | None:
        with read_scope(self.intake.engine) as session:
            return mail_queue.next_waiting(session)

    def process_next(self) -> bool:
        """Process a batch of the oldest waiting messages; False when none is waiting."""
        return bool(self.apply(self.read_waiting()))

    def drain(self) -> int:
        """Read everything waiting; return how many this worker read (others may read some)."""
        done = 0
        while batch := self.read_waiting():
            done += self.apply(batch)
        return done

    # --- the two halves: reading (no lock) and applying (one write transaction) ---------------
    def read_waiting(self, limit: int = MAX_BATCH, exclude: Collection[int] = ()) -> list[Read]:
        """Load and read up to `limit` waiting messages; nothing is claimed yet. `exclude`: ids
        of messages read already and being applied meanwhile (the next batch is read while
        the last one is applied)."""
        return self.read(self.load_waiting(limit, exclude))

    def read(self, stored: Sequence[Stored]) -> list[Read]:
        """Read loaded messages (the pure, CPU-heavy part; nothing is claimed)."""
        if not stored:
            return []
        # A message that failed before (it may be the one that stalls or kills a reader) is
        # read alone, so it cannot hold back the rest of a batch a second time.
        suspects = [message for message in stored if message.attempts]
        fresh = [message for message in stored if not message.attempts]
        done = [read for message in suspects for read in self._read_alone(message)]
        if not fresh:
            return done
        requests = [self._request(message) for message in fresh]
        try:
            readings = self.reader.read_many(requests)
        except BrokenProcessPool:
            # A reader process died or stalled: read each message alone to find the one. A
            # batch of one is read again too: another batch read at the same time may have
            # been the cause. Only a failure read alone, with nothing beside it
            # (intake/turns.py), counts against the message.
            return done + [read for message in fresh for read in self._read_alone(message)]
        return done + [
            Read(message, reading) for message, reading in zip(fresh, readings, strict=True)
        ]

    def apply(self, batch: Sequence[Read]) -> int:
        """Apply a batch in one transaction; return how many messages this worker finished
        (applied or quarantined). A fault the message causes is retried one message at a
        time, so it costs the rest of the batch nothing."""
        done = sum(
            self._quarantine(read.stored, read.reading.reason)
            for read in batch
            if isinstance(read.reading, ReadFailure)
        )
        readable = [read for read in batch if isinstance(read.reading, Reading)]
        if not readable:
            return done
        try:
            return done + self._apply_together(readable)
        except Exception as error:
            if _transient(error):
                raise  # the database is away or locked: everything stays waiting
            if len(readable) == 1:
                return done + self._apply_failed(readable[0], error)
            if not isinstance(error, ConcurrentChange):
                log.info("a batch of stored mail failed (%s); one at a time", type(error).__name__)
        for read in readable:
            try:
                done += self._apply_together([read])
            except Exception as error:
                if _transient(error):
                    raise
                done += self._apply_failed(read, error)
        return done

    # --- steps ---------------------------------------------------------------------------
    def load_waiting(self, limit: int = MAX_BATCH, exclude: Collection[int] = ()) -> list[Stored]:
        """Up to `limit` waiting messages as stored (no lock), `exclude` left out."""
        with read_scope(self.intake.engine) as session:
            waiting = mail_queue.load_waiting(
                session, limit=limit, exclude=exclude, max_bytes=MAX_BATCH_BYTES
            )
        return [
            Stored(
                correspondence_id=mail.id,
                case_id=mail.case_id,
                record_kind=mail.record_kind,
                opened=Opened(mail.details.get("opened", Opened.NEW)),
                raw=mail.raw,
                envelope=InboundEnvelope(
                    mail_from=mail.envelope_sender, rcpt_tos=mail.envelope_recipients, peer=""
                ),
                received_at=mail.at,
                details=mail.details,
                attempts=mail.attempts,
            )
            for mail in waiting
        ]

    def _request(self, stored: Stored) -> ReadRequest:
        return ReadRequest(
            raw=stored.raw,
            limits=self.intake.limits,
            triage=stored.opened == Opened.NEW,
            record_kind=stored.record_kind,
            sender=stored.envelope.mail_from,
            received_on=self.intake.cases.calendar.local_date(stored.received_at),
        )

    def _read_alone(self, stored: Stored) -> list[Read]:
        try:
            return [Read(stored, self.reader.read_alone(self._request(stored)))]
        except ReadTimedOut as error:
            log.warning("a stored message stalled its reader; attempt counted")
            self._failed(stored, str(error))
            return []
        except BrokenProcessPool:
            log.warning("a stored message killed its reader; attempt counted")
            self._failed(stored, "the reader process died reading it")
            return []

    def _apply_together(self, batch: Sequence[Read]) -> int:
        with session_scope(self.intake.engine) as session:
            claimed = mail_queue.claim(session, [read.stored.correspondence_id for read in batch])
            mine = [read for read in batch if read.stored.correspondence_id in claimed]
            if not mine:
                return 0
            now = self.intake.clock.now()
            mail_queue.record_bodies(session, [_body(read) for read in mine], actor=INTAKE, now=now)
            cases = mail_queue.lock_cases(session, {read.stored.case_id for read in mine})
            # A new contact's deadline and triage are written for the whole batch at once;
            # the rest (flags, replies, referrals, acknowledgements) one message at a time.
            owed: list[tuple[Stored, Case, Reading]] = []
            for read in mine:
                assert isinstance(read.reading, Reading)
                case = cases[read.stored.case_id]
                for why in _attention(read.reading.parsed):
                    flag(self.intake.cases, session, case=case, actor=INTAKE, why=why)
                if read.reading.concern is not None:
                    self._refer_later_message(session, case, read, now)
                if read.stored.opened == Opened.REPLY:
                    acknowledge_reply_on_ended_case(
                        self.intake,
                        session,
                        case=case,
                        reading=read.reading,
                        envelope=read.stored.envelope,
                        received_at=read.stored.received_at,
                        now=now,
                    )
                if read.stored.opened != Opened.NEW or case.status != CaseStatus.RECEIVED:
                    continue  # a reply, or staff have already taken the new contact in hand
                owed.append((read.stored, case, read.reading))
            # "Thanks, Jo Bloggs": the name letters greet them by, when the From had none
            mail_queue.name_writers(session, {
                case.id: reading.parsed.signed_name
                for _, case, reading in owed
                if case.id is not None and reading.parsed.signed_name and not case.automated
            })  # fmt: skip
            open_and_triage_received(
                self.intake.cases,
                session,
                [(case, _triage_of(case, reading.decision)) for _, case, reading in owed],
                actor=TRIAGE,
            )
            # after triage: a new contact's teams are set, so its manager can be told
            for read in mine:
                assert isinstance(read.reading, Reading)
                case = cases[read.stored.case_id]
                threat = read.reading.staff_threat
                if threat and not case.automated:
                    flag(self.intake.cases, session, case=case, actor=TRIAGE, why=threat,
                         note=Note.STAFF_THREAT)  # fmt: skip
            sent_today = outbox.acknowledgements_since(
                session,
                addresses=[stored.envelope.mail_from for stored, _, _ in owed],
                since=now - timedelta(days=1),
            )
            owed_replies = replies.Replies()
            for stored, case, reading in owed:
                decision = reading.decision
                if decision is None or case.automated:
                    continue
                if decision.safeguarding:
                    self.intake.mash.refer(session, case=case, actor=TRIAGE, now=now)
                replies.queue_replies(
                    self.intake,
                    session,
                    case=case,
                    parsed=reading.parsed,
                    envelope=stored.envelope,
                    decision=decision,
                    now=now,
                    sent_today=sent_today,
                    replies=owed_replies,
                )
            owed_replies.write(session)
            return len(mine)

    def _refer_later_message(self, session: Any, case: Case, read: Read, now: datetime) -> None:
        """A reply whose text or quoted history trips safeguarding (intake.later_concern)."""
        assert isinstance(read.reading, Reading) and read.reading.concern is not None
        refer_later_concern(
            self.intake.cases,
            session,
            mash=self.intake.mash,
            case=case,
            message=session.get(Correspondence, read.stored.correspondence_id),
            concern=read.reading.concern,
            what="a later message",
            flagged_by=INTAKE,
            now=now,
        )

    def _apply_failed(self, read: Read, error: Exception) -> int:
        if isinstance(error, ConcurrentChange):  # staff changed the case meanwhile: read again
            log.info("case changed while its mail was being read; reading again")
            return 0
        log.warning("could not apply a stored message (%s); attempt counted", type(error).__name__)
        return self._failed(read.stored, f"storing what was read failed ({type(error).__name__})")

    def _failed(self, stored: Stored, reason: str) -> int:
        """Count a failed attempt; quarantine the message when they are used up. Returns 1
        if this quarantined it."""
        with session_scope(self.intake.engine) as session:
            attempts = mail_queue.count_attempt(session, stored.correspondence_id)
        if attempts is None or attempts < MAX_ATTEMPTS:
            return 0
        return self._quarantine(stored, f"{reason}, {attempts} times")

    def _quarantine(self, stored: Stored, reason: str) -> int:
        """Set the message aside for staff: no longer waiting, raw bytes kept, the reason on
        the message and on its case, which is flagged. Returns 1 if this worker did it."""
        now = self.intake.clock.now()
        with session_scope(self.intake.engine) as session:
            case = mail_queue.set_aside(
                session,
                correspondence_id=stored.correspondence_id,
                case_id=stored.case_id,
                reason=reason,
                now=now,
            )
            if case is None:
                return 0
            flag(
                self.intake.cases,
                session,
                case=case,
                actor=INTAKE,
                why=(
                    "a message could not be processed automatically and was quarantined "
                    f"({reason}): read the raw message"
                ),
            )
            audit.record(
                session,
                case_id=stored.case_id,
                actor=INTAKE,
                action=AuditAction.CORRESPONDENCE_QUARANTINED,
                at=now,
                after={"correspondence_id": stored.correspondence_id},
                reason=reason,
            )
        log.warning("a stored message was quarantined for staff: %s", reason)
        return 1


def _transient(error: BaseException) -> bool:
    """A fault of the database or the connection, which a later retry may cure; anything
    else is the message's fault (or a bug it triggers) and counts against the message."""
    return isinstance(
        error, sa.exc.OperationalError | sa.exc.InterfaceError | sa.exc.DisconnectionError
    ) and not isinstance(error, sa.exc.DataError)


def _body(read: Read) -> mail_queue.BodyRead:
    """What reading the message found, as it is kept on it."""
    assert isinstance(read.reading, Reading)
    stored, parsed = read.stored, read.reading.parsed
    return mail_queue.BodyRead(
        correspondence_id=stored.correspondence_id,
        case_id=stored.case_id,
        text=parsed.text,
        quoted_text=parsed.quoted_text,
        unparseable=parsed.unparseable,
        details=storable(
            {
                **stored.details,
                "html_converted": parsed.html_converted,
                "defects": list(parsed.defects)[:20],
                "signature": parsed.signature,
                "bounced_message_ids": list(parsed.bounced_message_ids)[:10],
            }
        ),
        attachments=parsed.attachments,
    )


def _triage_of(case: Case, decision: Decision | None) -> TriageResult | None:
    """What triage applies to a new contact: nothing for automatic mail."""
    if decision is None or case.automated:
        return None
    return triage_result(decision)


def _attention(parsed: ParsedMessage) -> list[str]:
    reasons = []
    if parsed.unparseable:
        reasons.append("the message could not be parsed: read the raw message")
    if any(attachment.withheld_too_large for attachment in parsed.attachments):
        reasons.append("an attachment was withheld as too large")
    if any(defect.endswith("not read") for defect in parsed.defects):
        reasons.append(
            "part of the message was not read (too long or too deep): read the raw message"
        )
    return reasons
