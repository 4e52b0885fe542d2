"""After the 250: mail waits as "received, awaiting triage" until a worker reads it, from the
database, once, even across a crash or with two workers; and messages that arrive together
are committed together without one costing the others."""

from __future__ import annotations

import asyncio
import smtplib
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

import aiosmtplib
import pytest
import sqlalchemy as sa
from sqlmodel import select

from cases.actor import Actor, Via
from cases.clock import SettableClock
from cases.enums import CaseStatus, Direction, RecordKind, Route
from cases.triage_result import TriageResult
from casework.triage import apply_triage
from heard.assembly import IntakePipeline, build_intake_service, build_pipeline
from heard.context import AppContext, build_context
from heard.settings import Settings
from intake import reader as reader_module
from intake import reading_loop
from intake.group_commit import MAX_BATCH_BYTES, next_batch_size
from intake.processing import InboundProcessor
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from intake.smtp_server import start_listener
from store.db import make_engine, session_scope
from store.models import AuditEntry, Case, Correspondence, OutboxMessage
from tests.intake.conftest import MONDAY_10AM, intake_settings
from tests.intake.test_intake_e2e import COMPLAINTS, mail
from tests.mailsink import MailSink

ENVELOPE = InboundEnvelope("parent@example.org", (COMPLAINTS,), "127.0.0.1")


def make_context(settings: Settings, database_url: str, sink_port: int) -> AppContext:
    return build_context(
        intake_settings(settings, database_url, sink_port), clock=SettableClock(MONDAY_10AM)
    )


def count(context: AppContext, model: Any, *where: Any) -> int:
    with session_scope(context.engine) as session:
        return len(session.exec(select(model.id).where(*where)).all())


def read_entries(context: AppContext) -> list[int]:
    """correspondence ids from the "correspondence_read" audit entries, one per read."""
    with session_scope(context.engine) as session:
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.action == "correspondence_read")
        ).all()
        return sorted(entry.after["correspondence_id"] for entry in entries if entry.after)


async def test_mail_waits_as_received_until_a_worker_reads_it_even_after_a_crash(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    # The first "process" takes the mail and dies before its worker gets to it.
    first = make_context(settings, database_url, mail_sink.port)
    server = await start_listener(build_pipeline(first).handler, settings=first.settings)
    port = server.sockets[0].getsockname()[1]
    raw = mail("My son's social worker has not returned my calls for three weeks.")
    code, reply = await asyncio.to_thread(_smtp, port, raw)
    server.close()
    await server.wait_closed()
    assert code == 250
    with session_scope(first.engine) as session:
        case = session.exec(select(Case)).one()
        stored = session.exec(select(Correspondence)).one()
        assert case.status == CaseStatus.RECEIVED and case.triage_decision is None
        assert stored.awaiting_processing and stored.text is None and stored.raw == raw
    assert count(first, OutboxMessage) == 0
    first.engine.dispose()

    # The next process's worker finds it in the database and reads it.
    second = make_context(settings, database_url, mail_sink.port)
    pipeline = build_pipeline(second)
    stop = asyncio.Event()
    worker = asyncio.create_task(pipeline.processing.run(stop))
    await _until(lambda: pipeline.processor.next_waiting() is None)
    stop.set()
    await worker
    with session_scope(second.engine) as session:
        case = session.exec(select(Case)).one()
        stored = session.exec(select(Correspondence).where(Correspondence.raw != None)).one()  # noqa: E711
        assert case.status == CaseStatus.OPEN and case.triage_decision is not None
        assert not stored.awaiting_processing and "three weeks" in (stored.text or "")
    assert count(second, OutboxMessage, OutboxMessage.dedupe_key == f"ack:{case.id}") == 1
    assert reply.decode().endswith(case.reference)
    second.engine.dispose()


async def test_two_workers_read_each_message_exactly_once(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    items = [
        (
            mail(f"Complaint number {n} about my daughter's care plan.", message_id=f"<w{n}@x>"),
            InboundEnvelope(f"parent{n}@example.org", (COMPLAINTS,), "127.0.0.1"),
        )
        for n in range(12)
    ]
    assert all(isinstance(r, DeliveryReceipt) for r in service.deliver_many(items))
    # Two "processes": each its own engine and service over the same database.
    other = replace(context, engine=make_engine(database_url))
    workers = [InboundProcessor(service), InboundProcessor(build_intake_service(other))]
    with ThreadPoolExecutor(2) as pool:
        read = sum(pool.map(lambda worker: worker.drain(), workers))
    assert read == 12
    assert len(read_entries(context)) == 12 == len(set(read_entries(context)))
    assert count(context, OutboxMessage, sa.column("dedupe_key").startswith("ack:")) == 12
    assert count(context, Case, Case.status == CaseStatus.OPEN) == 12
    other.engine.dispose()
    context.engine.dispose()


async def test_a_backlog_read_several_batches_at_once_is_applied_once_each_in_order(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """The loop keeps batches being read at once (one per reader process) and reads ahead of
    the applier: every message is read and acknowledged once, and the oldest is applied
    first (after any the safeguarding pre-scan put ahead: intake/prescan.py)."""
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    items = [
        (
            mail(f"Complaint number {n} about my son's care plan.", message_id=f"<k{n}@x>"),
            InboundEnvelope(f"parent{n}@example.org", (COMPLAINTS,), "127.0.0.1"),
        )
        for n in range(3 * reading_loop.MAX_BATCH + 5)
    ]
    assert all(isinstance(r, DeliveryReceipt) for r in service.deliver_many(items))
    processor = InboundProcessor(service)
    applied: list[int] = []
    apply = processor.apply
    processor.apply = lambda batch: (  # type: ignore[method-assign]  # records the order
        applied.extend(read.stored.correspondence_id for read in batch) or apply(batch)
    )
    loop = reading_loop.ProcessingLoop(processor, reading_loop.IntakeActivity(), reads_at_once=3)
    stop = asyncio.Event()
    worker = asyncio.create_task(loop.run(stop))
    await _until(lambda: processor.next_waiting() is None)
    stop.set()
    await worker
    loop.close(wait=True)
    with context.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, reading_priority FROM correspondence")
        ).all()
    ahead = {row.id: row.reading_priority for row in rows}
    assert applied == sorted(applied, key=lambda row_id: (-ahead[row_id], row_id))
    assert len(applied) == len(items)
    assert len(read_entries(context)) == len(items) == len(set(read_entries(context)))
    assert count(context, OutboxMessage, sa.column("dedupe_key").startswith("ack:")) == len(items)
    context.engine.dispose()


async def test_a_message_alone_when_its_reader_died_is_read_again_before_it_is_blamed(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """Several batches are read at once: the reading process may die of another batch's
    message. A message read alone is read again, and only a second death counts against it."""
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    service.deliver(mail("My son's care plan review was cancelled."), ENVELOPE)
    inline = reader_module.InlineReader(context.rulebook)

    class DiesOnce:
        deaths = 0

        def read_many(self, requests: list[Any]) -> list[Any]:
            if not self.deaths:
                self.deaths += 1
                raise BrokenProcessPool("another batch killed the process")
            return inline.read_many(requests)

        def read_alone(self, request: Any) -> Any:
            return self.read_many([request])[0]

    processor = InboundProcessor(service, DiesOnce())
    read = processor.read_waiting()
    assert len(read) == 1 and isinstance(read[0].reading, reader_module.Reading)
    with session_scope(context.engine) as session:
        attempts = session.exec(select(Correspondence.processing_attempts)).all()
    assert attempts == [0]
    context.engine.dispose()


async def test_a_message_the_reader_cannot_handle_is_flagged_not_retried_for_ever(
    settings: Settings, database_url: str, mail_sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    reference = service.deliver(mail("A complaint."), ENVELOPE).reference

    def broken(raw: bytes, **_: object) -> None:
        raise RuntimeError("a parser bug")

    monkeypatch.setattr(reader_module, "parse_message", broken)
    assert InboundProcessor(service).drain() == 1
    with session_scope(context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.needs_attention
        assert "could not be processed automatically" in (case.attention_reason or "")
    assert InboundProcessor(service).next_waiting() is None
    context.engine.dispose()


async def test_the_worker_leaves_alone_a_contact_staff_have_already_triaged(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    reference = service.deliver(mail("My son's social worker never calls back."), ENVELOPE)
    with session_scope(context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference.reference)).one()
        apply_triage(service.cases, session,
            case=case,
            actor=Actor.staff(Via.SLACK, "U1"),
            result=TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE),
        )
    assert InboundProcessor(service).drain() == 1
    with session_scope(context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference.reference)).one()
        assert case.route == Route.CORPORATE and case.triage_decision is None
        # the body was still read (staff's changed triage also wrote the complainant a letter)
        inbound = select(Correspondence.text).where(Correspondence.direction == Direction.INBOUND)
        assert session.exec(inbound).one()
    context.engine.dispose()


async def test_a_database_fault_while_reading_leaves_the_message_waiting(
    settings: Settings, sqlite_url: str, mail_sink: MailSink
) -> None:
    context = make_context(settings, sqlite_url, mail_sink.port)
    service = build_intake_service(context)
    service.deliver(mail("A complaint about my son's placement."), ENVELOPE)
    impatient = replace(context, engine=make_engine(sqlite_url, busy_timeout_ms=300))
    reader = InboundProcessor(build_intake_service(impatient))
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sa.exc.OperationalError):
            reader.process_next()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reader.next_waiting() is not None  # still there, read on the next pass
    assert reader.drain() == 1
    assert count(context, Case, Case.status == CaseStatus.OPEN) == 1
    impatient.engine.dispose()
    context.engine.dispose()


async def test_one_batch_answers_duplicates_inside_it_and_from_before(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    earlier = mail("Delivered yesterday.", message_id="<earlier@x>")
    first = service.deliver(earlier, ENVELOPE)
    with_id = mail("Complaint A.", message_id="<a@x>")
    without_id = mail("Complaint B, sent from a client with no Message-ID.", message_id=None)
    receipts = service.deliver_many(
        [
            (with_id, ENVELOPE),
            (without_id, ENVELOPE),
            (with_id, ENVELOPE),
            (earlier, ENVELOPE),
            (without_id, ENVELOPE),
        ]
    )
    assert all(isinstance(receipt, DeliveryReceipt) for receipt in receipts)
    a, b, a_again, earlier_again, b_again = receipts  # type: ignore[misc]
    assert not a.duplicate and not b.duplicate and a.reference != b.reference
    assert a_again == DeliveryReceipt(a.reference, duplicate=True)
    assert b_again == DeliveryReceipt(b.reference, duplicate=True)
    assert earlier_again == DeliveryReceipt(first.reference, duplicate=True)
    assert count(context, Case) == 3
    assert count(context, Correspondence) == 3
    context.engine.dispose()


async def test_a_message_that_cannot_be_stored_costs_its_batch_nothing(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    real_kind = service.mailbox_kind

    def kind(address: str):  # type: ignore[no-untyped-def]
        if address.startswith("explode"):
            raise RuntimeError("fault injected while storing")
        return real_kind(address)

    service.mailbox_kind = kind  # type: ignore[method-assign]
    bad = InboundEnvelope("parent@example.org", ("explode@heard.localhost",), "127.0.0.1")
    good, failed, also_good = service.deliver_many(
        [
            (mail("One.", message_id="<1@x>"), ENVELOPE),
            (mail("Two.", message_id="<2@x>"), bad),
            (mail("Three.", message_id="<3@x>"), ENVELOPE),
        ]
    )
    assert isinstance(good, DeliveryReceipt) and isinstance(also_good, DeliveryReceipt)
    assert isinstance(failed, RuntimeError)
    assert count(context, Case) == 2  # nothing of the failed one
    with session_scope(context.engine) as session:
        ids = set(session.exec(select(Correspondence.message_id)).all())
    assert ids == {"<1@x>", "<3@x>"}
    context.engine.dispose()


async def test_concurrent_clients_are_committed_in_shared_batches(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    # 24 clients at once: more than HEARD_SMTP_MAX_CONNECTIONS' default 20 would let in
    settings = settings.model_copy(update={"smtp_max_connections": 32})
    context = make_context(settings, database_url, mail_sink.port)
    pipeline = build_pipeline(context)
    server = await start_listener(pipeline.handler, settings=context.settings)
    port = server.sockets[0].getsockname()[1]

    async def one(number: int) -> str:
        raw = mail(f"Complaint {number}.", message_id=f"<c{number}@x>")
        errors, reply = await aiosmtplib.send(
            raw,
            sender="parent@example.org",
            recipients=[COMPLAINTS],
            hostname="127.0.0.1",
            port=port,
        )
        assert not errors
        return reply.split()[-1]

    references = await asyncio.gather(*(one(n) for n in range(24)))
    server.close()
    await server.wait_closed()
    assert len(set(references)) == 24
    with session_scope(context.engine) as session:
        stored = set(session.exec(select(Case.reference)).all())
    assert stored == set(references)  # every 250 is in the database
    assert pipeline.committer.stored == 24
    assert pipeline.committer.batches < 24  # some clients shared a commit
    context.engine.dispose()


def _smtp(port: int, raw: bytes) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo("client.example.org")
        client.mail("parent@example.org")
        client.rcpt(COMPLAINTS)
        return client.data(raw)


async def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await asyncio.to_thread(condition):
        assert asyncio.get_running_loop().time() < deadline, "worker did not finish"
        await asyncio.sleep(0.05)


def test_a_batch_stays_under_its_byte_cap_but_always_takes_one() -> None:
    big = MAX_BATCH_BYTES // 2 + 1
    assert next_batch_size([big, big, big]) == 1
    assert next_batch_size([MAX_BATCH_BYTES * 2]) == 1
    assert next_batch_size([10, 20, 30]) == 3
    assert next_batch_size([big, 10, big]) == 2


async def _mail_keeps_arriving(pipeline: IntakePipeline, streaming: asyncio.Event) -> None:
    """What the listener reports while a gateway flushes its queue, until `streaming` is set."""
    while not streaming.is_set():
        pipeline.processing.activity.delivered()
        await asyncio.sleep(0.02)


async def test_while_mail_streams_in_the_reader_waits_for_a_quiet_moment_but_not_for_ever(
    settings: Settings, sqlite_url: str, mail_sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading_loop, "QUIET_SECONDS", 0.5)
    monkeypatch.setattr(reading_loop, "MAX_DEFER_SECONDS", 1.0)
    context = make_context(settings, sqlite_url, mail_sink.port)
    pipeline = build_pipeline(context)
    build_intake_service(context).deliver(mail("A complaint."), ENVELOPE)
    streaming = asyncio.Event()
    stop = asyncio.Event()
    arriving = asyncio.create_task(_mail_keeps_arriving(pipeline, streaming))
    await asyncio.sleep(0.05)
    started = asyncio.get_running_loop().time()
    reader = asyncio.create_task(pipeline.processing.run(stop))
    await asyncio.sleep(0.3)
    assert pipeline.processor.next_waiting() is not None  # deferred: mail is streaming in
    await _until(lambda: pipeline.processor.next_waiting() is None, timeout=10)
    assert asyncio.get_running_loop().time() - started >= 0.9  # read at the latest moment
    streaming.set()
    stop.set()
    await asyncio.gather(arriving, reader)
    context.engine.dispose()


async def test_a_poisoned_message_in_a_batch_costs_the_others_nothing(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """The batch is applied in one transaction; when one message's own content makes that fail
    (text the database cannot hold), the batch is applied again one message at a time: the
    others are triaged and acknowledged, the poisoned one alone waits with an attempt counted."""
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    items = [
        (
            mail(f"Complaint number {n} about my son's care plan.", message_id=f"<b{n}@x>"),
            InboundEnvelope(f"parent{n}@example.org", (COMPLAINTS,), "127.0.0.1"),
        )
        for n in range(4)
    ]
    service.deliver_many(items)
    processor = InboundProcessor(service)
    batch = processor.read_waiting()
    assert len(batch) == 4
    poisoned = batch[1]
    assert isinstance(poisoned.reading, reader_module.Reading)
    parsed = replace(poisoned.reading.parsed, text="\ud800 cannot be encoded")
    batch[1] = replace(poisoned, reading=replace(poisoned.reading, parsed=parsed))
    assert processor.apply(batch) == 3
    assert count(context, Case, Case.status == CaseStatus.OPEN) == 3
    assert count(context, OutboxMessage, sa.column("dedupe_key").startswith("ack:")) == 3
    with session_scope(context.engine) as session:
        waiting = session.exec(
            select(Correspondence).where(Correspondence.awaiting_processing == sa.true())
        ).one()
    assert waiting.id == poisoned.stored.correspondence_id
    assert waiting.processing_attempts == 1
    context.engine.dispose()


async def test_while_mail_streams_in_nothing_is_loaded_for_reading_until_a_quiet_moment(
    settings: Settings, sqlite_url: str, mail_sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a batch and handing it to the reading processes costs the listener's process
    CPU: while mail streams in, the reader waits too (at most MAX_DEFER_SECONDS a batch), and
    reads at once when the stream stops."""
    monkeypatch.setattr(reading_loop, "QUIET_SECONDS", 0.2)
    monkeypatch.setattr(reading_loop, "MAX_DEFER_SECONDS", 30.0)
    context = make_context(settings, sqlite_url, mail_sink.port)
    pipeline = build_pipeline(context)
    build_intake_service(context).deliver(mail("A complaint."), ENVELOPE)
    loads: list[float] = []
    load = pipeline.processor.load_waiting

    def counted(*args: Any, **kwargs: Any) -> list[Any]:
        loads.append(time.monotonic())
        return load(*args, **kwargs)

    monkeypatch.setattr(pipeline.processor, "load_waiting", counted)
    streaming = asyncio.Event()
    stop = asyncio.Event()
    arriving = asyncio.create_task(_mail_keeps_arriving(pipeline, streaming))
    await asyncio.sleep(0.05)
    reader = asyncio.create_task(pipeline.processing.run(stop))
    await asyncio.sleep(1.0)
    assert loads == []  # mail is streaming in: nothing loaded, nothing read
    streaming.set()
    stream_ended = time.monotonic()
    await _until(lambda: pipeline.processor.next_waiting() is None, timeout=10)
    assert loads and loads[0] - stream_ended < 2.0  # read once the stream stopped
    stop.set()
    await asyncio.gather(arriving, reader)
    context.engine.dispose()
