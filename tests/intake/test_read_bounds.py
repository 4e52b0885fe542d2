"""One message can no longer stall all reading (issue 29, serious 3). HTML is turned into text
in time that grows with its length only; a child that spends longer than the bound on one
message is stopped, the message counts as an attempt and is set aside for staff after three,
while the mail behind it (a disclosure) is read and referred; and closing the reader ends a
stalled child. Real mail over real sockets into real reading processes."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from sqlmodel import select

from cases.enums import OutboxPurpose, RecordKind
from heard.assembly import build_intake_service
from heard.settings import Settings
from intake.parsing import ParseLimits, parse_message
from intake.processing import MAX_ATTEMPTS, InboundProcessor
from intake.reader import Reading, ReadRequest, SubprocessReader
from store import mail_queue
from store.db import session_scope
from store.models import Case, Correspondence, OutboxMessage
from tests.intake.conftest import Intake, running_intake
from tests.intake.stand_in_reading import stalling_reading
from tests.intake.test_intake_e2e import deliver, mail
from tests.intake.test_processing import ENVELOPE, make_context
from tests.mailsink import MailSink

DISCLOSURE = "I am 14 and my stepdad hits me. I am scared to go home."


def html_mail(markup: str) -> bytes:
    message = EmailMessage()
    message["From"] = "A Parent <parent@example.org>"
    message["To"] = "complaints@heard.localhost"
    message["Subject"] = "Complaint"
    message["Message-ID"] = "<html@example.org>"
    message.set_content(markup, subtype="html")
    return message.as_bytes(policy=SMTP)


@pytest.mark.parametrize(
    "markup",
    [
        "<ul><li>" * 175_000,  # 1.4 MB: html5ever took time growing with the square of this
        "<div>" * 280_000,
        "<a" * 700_000,  # Python's html.parser: quadratic on unclosed tags
        "<!--" * 350_000,
    ],
    ids=["nested-lists", "nested-divs", "unclosed-tags", "unclosed-comments"],
)
def test_hostile_html_is_read_in_bounded_time(markup: str) -> None:
    raw = html_mail(markup + "<p>My son's social worker never calls back.</p>")
    started = time.process_time()
    parsed = parse_message(raw, limits=ParseLimits())
    assert time.process_time() - started < 10  # minutes before, on the nested lists
    assert not parsed.unparseable


def test_html_over_the_size_bound_is_cut_and_said() -> None:
    parsed = parse_message(html_mail("<p>word</p>" * 250_000))
    assert any("HTML body over" in defect for defect in parsed.defects)
    assert parsed.text.startswith("word")


def test_html_becomes_readable_text() -> None:
    parsed = parse_message(
        html_mail(
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
            "<body><p>Hello &amp; <b>welcome</b></p><div>two<br>three</div><!-- hidden -->"
            "<p>a &lt; b and 3<4</p><table><tr><td>x</td><td>y</td></tr></table></body></html>"
        )
    )
    assert parsed.text == "Hello & welcome\ntwo\nthree\na < b and 3<4\nx y"


def _stalling(intake: Intake, read_seconds: float) -> SubprocessReader:
    """The running intake reads in a child process with the stand-in that stalls."""
    reader = SubprocessReader(
        intake.context.settings.rules_path, read_seconds=read_seconds, reading=stalling_reading
    )
    intake.pipeline.reader.close()
    intake.pipeline.reader = reader
    intake.pipeline.processor.reader = reader
    return reader


async def _until(condition, *, timeout: float = 600.0) -> float:
    """Waits for a state of the database (not for a deadline); when it came. The bound only
    ends a wait for what never comes: at load 10 on two cores a new reading child (niced, so
    the listener comes first) took 280 s to load the rules and begin its first message."""
    async with asyncio.timeout(timeout):
        while not await asyncio.to_thread(condition):  # noqa: ASYNC110 (polls the database)
            await asyncio.sleep(0.1)
    return time.monotonic()


async def test_a_stalling_message_is_set_aside_and_the_mail_behind_it_is_read(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(
        settings, database_url, mail_sink, intake_read_in_subprocess=True
    ) as intake:
        _stalling(intake, read_seconds=1.0)
        engine = intake.context.engine
        stall = mail("hello", message_id="<stall@example.org>", X_Stand_In="stall")
        assert (await deliver(intake, stall))[0] == 250
        code, _ = await deliver(
            intake, mail(DISCLOSURE, sender="yp@example.org", message_id="<d@example.org>")
        )
        assert code == 250
        delivered = time.monotonic()

        def referred() -> bool:
            with session_scope(engine) as session:
                return (
                    session.exec(
                        select(OutboxMessage).where(
                            OutboxMessage.purpose == OutboxPurpose.MASH_REFERRAL
                        )
                    ).first()
                    is not None
                )

        def set_aside() -> bool:
            with session_scope(engine) as session:
                row = session.exec(
                    select(Correspondence).where(Correspondence.message_id == "<stall@example.org>")
                ).one()
                return not row.awaiting_processing

        referred_at = await _until(referred)
        set_aside_at = await _until(set_aside)
        # The disclosure waited for one stall and the children's restarts, not for the stalled
        # message's three stalls: the order says so whatever the machine's load (a bound of 90 s
        # failed on a loaded CI machine, where restarting a child takes tens of seconds).
        assert referred_at < set_aside_at, f"referred {referred_at - delivered:.0f} s after"
        with session_scope(engine) as session:
            row = session.exec(
                select(Correspondence).where(Correspondence.message_id == "<stall@example.org>")
            ).one()
            assert row.processing_attempts == MAX_ATTEMPTS
            assert row.raw == stall  # kept byte for byte for staff
            case = session.get(Case, row.case_id)
            assert case is not None and case.needs_attention
            assert "took longer than 1 s" in (case.attention_reason or "")


async def test_a_message_read_beside_a_stalling_one_is_not_blamed_for_it(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    """Two batches are read at once (one per reading process). A message read alone to find
    out whether it is the one that stalls or kills a reader is read with nothing else beside
    it: before, the disclosure read in the second child while the first stalled was stopped
    with it and counted an attempt each time, three times, and was set aside unread (the clean
    clone CI's failure of the test above on a loaded machine)."""
    context = make_context(settings, database_url, mail_sink.port)
    service = build_intake_service(context)
    go = tmp_path / "go"
    service.deliver(mail("hello", message_id="<s@example.org>", X_Stand_In="stall"), ENVELOPE)
    service.deliver(
        mail(DISCLOSURE, message_id="<d@example.org>", X_Stand_In=f"after {go}"), ENVELOPE
    )
    reader = SubprocessReader(
        settings.rules_path, processes=2, read_seconds=2.0, reading=stalling_reading
    )
    processor = InboundProcessor(service, reader)
    with session_scope(context.engine) as session:  # both failed once: each is read alone
        for waiting in processor.load_waiting():
            mail_queue.count_attempt(session, waiting.correspondence_id)
    # (the disclosure comes first: what the safeguarding pre-scan trips on is read first)
    second, first = processor.load_waiting()
    assert b"stall" in first.raw and first.attempts == second.attempts == 1
    try:
        with ThreadPoolExecutor(2) as threads:
            stalled = threads.submit(processor.read, [first])
            async with asyncio.timeout(600):  # a new child may take minutes at load 10
                while not (reader._pool and any(reader._pool.started[:])):  # noqa: ASYNC110
                    await asyncio.sleep(0.05)  # until the stall is being read (shared memory)
                beside = threads.submit(processor.read, [second])
                assert await asyncio.wrap_future(stalled) == []  # stopped, counted
                go.touch()  # the disclosure's child may begin it now
                read = await asyncio.wrap_future(beside)
    finally:
        reader.close()
    assert len(read) == 1 and isinstance(read[0].reading, Reading)
    assert read[0].reading.decision is not None and read[0].reading.decision.safeguarding
    with session_scope(context.engine) as session:
        attempts = dict(
            session.exec(
                select(Correspondence.message_id, Correspondence.processing_attempts)
            ).all()
        )
    assert attempts == {"<s@example.org>": 2, "<d@example.org>": 1}
    context.engine.dispose()


def test_closing_the_reader_ends_a_stalled_child(settings: Settings) -> None:
    reader = SubprocessReader(settings.rules_path, read_seconds=600, reading=stalling_reading)
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(
                reader.read_many(
                    [
                        ReadRequest(
                            raw=mail("x", X_Stand_In="stall"),
                            limits=ParseLimits(),
                            triage=True,
                            record_kind=RecordKind.COMPLAINT,
                            sender="parent@example.org",
                            received_on=date(2026, 3, 2),
                        )
                    ]
                )
            )
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=read)
    thread.start()
    deadline = time.monotonic() + 60
    while not (reader._pool and any(reader._pool.started[:])):  # the child is reading
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pids = list(reader._pool.executor._processes)
    reader.close()
    thread.join(timeout=10)
    assert not thread.is_alive() and isinstance(outcome[0], Exception)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.05)
