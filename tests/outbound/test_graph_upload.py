"""A letter too large for Graph's sendMail (4 MB a request) goes as a draft given its files by
upload session, then sent (issue 23): read from the Graph stand-in as Exchange would send it,
the stage 2 response's reports arrive whole; throttling is waited out, an expired upload URL
starts the file again, a failed range leaves the letter queued, a send whose answer was lost
is not sent again, and nothing goes without its files."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cases.clock import SettableClock
from cases.enums import OutboxPurpose, OutboxStatus, ReportKind
from cases.report_files import checked_report
from casework.service import CaseService
from casework.stage_reports import attach_report
from heard.settings import Settings
from outbound.compose import Enclosure, compose_email
from outbound.graph_client import GraphClient, GraphCredentials
from outbound.graph_upload import RANGE, REQUEST_MAX, UPLOAD_SESSION_FROM, enclosures_max
from outbound.mailer import OutboxMailer, queue_email
from outbound.transports import GraphTransport
from store.db import session_scope
from store.models import Case, OutboxMessage
from testkit.graph_api import GraphRequest, GraphStub, start_graph_stub
from testkit.graph_drafts import RANGE_UNIT
from tests.intake.graph_fixtures import graph_settings
from tests.outbound.test_letters import service  # noqa: F401
from tests.outbound.test_procedure_letters import acting_on
from tests.outbound.test_report_enclosures import respond, to_stage_two

MAILBOX = "complaints@council.example"
SIX_MB = b"%PDF-1.7\n" + os.urandom(6 * 1024 * 1024 + 17)  # the officer's report, scanned
SMALL = b"%PDF-1.7\n" + os.urandom(1_500_000)  # the independent person's report


@pytest.fixture
async def graph() -> AsyncIterator[tuple[GraphStub, GraphTransport, list[float]]]:
    stub, runner = await start_graph_stub(GraphStub(mailbox=MAILBOX))
    waited: list[float] = []

    async def wait(seconds: float) -> None:  # Retry-After is recorded, never slept
        waited.append(seconds)

    client = GraphClient(
        GraphCredentials(
            tenant_id=stub.tenant,
            client_id=stub.client_id,
            client_secret=stub.client_secret,
            login_url=stub.login_url,
            api_url=stub.api_url,
        ),
        sleep=wait,
    )
    try:
        yield stub, GraphTransport(client=client, mailbox=MAILBOX), waited
    finally:
        await client.close()
        await runner.cleanup()


def ranges(request: GraphRequest) -> bool:
    return request.method == "PUT"


def received(stub: GraphStub) -> list[EmailMessage]:
    return [message_from_bytes(raw, policy=default) for raw in stub.sent]  # type: ignore[misc]


def files_of(message: EmailMessage) -> dict[str | None, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def queued(engine: Engine, *files: tuple[str, bytes]) -> int:
    """A letter carrying `files` in the outbox, as the letter writer queues one."""
    message = compose_email(
        to="parent@example.org", from_address=MAILBOX, subject="Your reference CSC-2026-000001",
        text="This is our stage 2 response.", message_id_domain="heard.test",
        enclosures=[Enclosure(name, "application/pdf", content) for name, content in files],
    )  # fmt: skip
    with session_scope(engine) as session:
        queue_email(session, message=message, to="parent@example.org", envelope_from=MAILBOX,
                    purpose=OutboxPurpose.LETTER, dedupe_key="stage-2-response",
                    now=datetime.now(UTC))  # fmt: skip
        outbox_id = session.exec(select(OutboxMessage.id)).one()
        assert outbox_id is not None
        return outbox_id


def row(engine: Engine, outbox_id: int) -> OutboxMessage:
    with session_scope(engine) as session:
        found = session.get(OutboxMessage, outbox_id)
        assert found is not None
        session.expunge(found)
        return found


@pytest.fixture
def mailer_clock() -> SettableClock:
    return SettableClock(datetime.now(UTC) + timedelta(minutes=1))  # letters queue at now


def mailer(engine: Engine, transport: GraphTransport, clock: SettableClock) -> OutboxMailer:
    return OutboxMailer(engine=engine, clock=clock, transport=transport, worker="t")


@pytest.fixture
def graph_letters(monkeypatch: pytest.MonkeyPatch, service: CaseService) -> Iterator[None]:  # noqa: F811
    """The letter writer as heard wires it for HEARD_MAIL_TRANSPORT=graph (35 MB mailbox)."""
    from outbound import letters as letter_module

    for writer in service.case_listeners:
        if isinstance(writer, letter_module.LetterWriter):
            identity = replace(writer.messenger.identity, enclosures_max=enclosures_max(35))
            monkeypatch.setattr(writer, "messenger", replace(writer.messenger, identity=identity))
    yield


@pytest.mark.usefixtures("graph_letters")
async def test_a_stage_two_response_with_a_six_megabyte_report_arrives_whole(
    engine: Engine,
    service: CaseService,  # noqa: F811
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, _ = graph
    with acting_on(service, engine) as (_, session, case):
        to_stage_two(service, session, case)
        keep_report(service, session, case, ReportKind.INVESTIGATING_OFFICER, "io.pdf", SIX_MB)
        keep_report(service, session, case, ReportKind.INDEPENDENT_PERSON, "ip.pdf", SMALL)
        respond(service, session, case, enclose=True)
    while await mailer(engine, transport, mailer_clock).drain_once():
        pass
    (response,) = [m for m in received(stub) if files_of(m)]
    assert "We enclose a copy of both reports" in " ".join(
        str(response.get_body(("plain",))).split()
    )
    sent_files = files_of(response)
    assert hashlib.sha256(sent_files["io.pdf"]).digest() == hashlib.sha256(SIX_MB).digest()
    assert sent_files == {"io.pdf": SIX_MB, "ip.pdf": SMALL}
    # the six megabytes went by upload session, the small report by one POST, and no request
    # was over 4 MB; every range but the last a multiple of 320 KiB
    assert len(stub.received("POST", "createUploadSession")) == 1
    assert (
        len([r for r in stub.received("POST", "/attachments") if "createUpload" not in r.path]) == 1
    )
    assert max(len(r.body) for r in stub.requests) <= REQUEST_MAX
    spans = stub.drafts.ranges_seen
    assert [end - start + 1 for start, end, _ in spans] == [RANGE, len(SIX_MB) - RANGE]
    assert all((end - start + 1) % RANGE_UNIT == 0 for start, end, _ in spans[:-1])
    assert all("Authorization" not in r.headers for r in stub.requests if ranges(r))
    assert stub.drafts.unsent() == []
    with session_scope(engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {OutboxStatus.SENT}


def keep_report(
    service: CaseService,  # noqa: F811
    session: Session,
    case: Case,
    kind: ReportKind,
    name: str,
    content: bytes,
) -> None:
    attach_report(service, session, case=case, kind=kind, actor="U_OFFICER",
                  report=checked_report(name, content, max_bytes=10 * 1024 * 1024),
                  now=datetime(2026, 2, 10, 10, tzinfo=UTC))  # fmt: skip


async def test_throttled_ranges_wait_the_retry_after_graph_gives(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, waited = graph
    stub.fail(429, when=ranges, times=2, retry_after="7")
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    await mailer(engine, transport, mailer_clock).drain_once()
    assert waited == [7.0, 7.0]
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    (message,) = received(stub)
    assert files_of(message) == {"io.pdf": SIX_MB}


async def test_an_expired_upload_url_starts_the_file_again_and_it_is_sent_once(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, _ = graph
    stub.drafts.expire_upload_urls(after_ranges=1)  # the first session dies after one range
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    await mailer(engine, transport, mailer_clock).drain_once()
    assert len(stub.received("POST", "createUploadSession")) == 2
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    (message,) = received(stub)
    assert files_of(message) == {"io.pdf": SIX_MB}


async def test_a_failed_range_leaves_the_letter_queued_then_it_goes_once_with_its_file(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, _ = graph
    stub.fail(500, when=ranges, times=1)
    outbox_id = queued(engine, ("io.pdf", SIX_MB), ("ip.pdf", SMALL))
    sender = mailer(engine, transport, mailer_clock)
    await sender.drain_once()
    waiting = row(engine, outbox_id)
    assert waiting.status == OutboxStatus.PENDING and waiting.attempts == 1
    assert stub.sent == [] and stub.drafts.drafts == {}  # nothing went; the draft was deleted
    mailer_clock.advance(timedelta(minutes=5))
    await sender.drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    (message,) = received(stub)
    assert files_of(message) == {"io.pdf": SIX_MB, "ip.pdf": SMALL}


async def test_a_send_whose_answer_was_lost_is_not_sent_again(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, _ = graph
    stub.drafts.lose_send_answers = 1  # Exchange sent it; heard heard a gateway timeout
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    sender = mailer(engine, transport, mailer_clock)
    await sender.drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.PENDING
    mailer_clock.advance(timedelta(minutes=5))
    await sender.drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    assert len(stub.sent) == 1
    assert len(stub.received("POST", "/send")) == 1


async def test_a_draft_exchange_gave_its_own_message_id_goes_with_heards_and_once(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    """Exchange may give a draft made from MIME an internetMessageId of its own; heard sets
    its own on the draft (allowed while it is a draft), so a send whose answer was lost is
    found by it and not sent again."""
    stub, transport, _ = graph
    stub.drafts.keeps_message_ids = False
    stub.drafts.lose_send_answers = 1
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    raw = row(engine, outbox_id).payload["message"].encode("utf-8", "surrogateescape")
    ours = str(message_from_bytes(raw, policy=default)["Message-ID"])
    sender = mailer(engine, transport, mailer_clock)
    await sender.drain_once()
    mailer_clock.advance(timedelta(minutes=5))
    await sender.drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    (message,) = received(stub)
    assert str(message["Message-ID"]) == ours
    assert len(stub.received("PATCH", "/messages/")) == 1


async def test_a_draft_an_earlier_attempt_left_is_deleted_not_sent(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    """heard killed between making the draft and sending it: the next attempt deletes the
    draft (whose files may be missing) and sends one new one with every file."""
    stub, transport, _ = graph
    stub.fail(500, when=lambda r: r.method == "DELETE", times=1)  # deleting it failed too
    stub.fail(503, when=ranges, times=6)  # still busy after every wait: the attempt gives up
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    sender = mailer(engine, transport, mailer_clock)
    await sender.drain_once()
    assert [d.files for d in stub.drafts.unsent()] == [[]]  # left behind, without its file
    mailer_clock.advance(timedelta(minutes=5))
    await sender.drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    assert stub.drafts.unsent() == []
    (message,) = received(stub)
    assert files_of(message) == {"io.pdf": SIX_MB}


async def test_files_under_three_megabytes_are_posted_one_by_one(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    """Three files of 1.5 MB: sendMail cannot take them together, an upload session refuses
    each (under 3 MB); each goes in one POST of its own."""
    stub, transport, _ = graph
    files = [(f"part{n}.pdf", os.urandom(1_500_000)) for n in range(3)]
    assert all(len(content) < UPLOAD_SESSION_FROM for _, content in files)
    outbox_id = queued(engine, *files)
    await mailer(engine, transport, mailer_clock).drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    assert stub.received("POST", "createUploadSession") == []
    (message,) = received(stub)
    assert files_of(message) == dict(files)


async def test_a_message_over_the_mailboxs_limit_is_refused_for_good_and_nothing_is_left(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    stub, transport, _ = graph
    stub.drafts.message_max = 5 * 1024 * 1024  # an Exchange admin set 5 MB
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    await mailer(engine, transport, mailer_clock).drain_once()
    failed = row(engine, outbox_id)
    assert failed.status == OutboxStatus.FAILED and "ErrorMessageSizeExceeded" in (
        failed.last_error or ""
    )
    assert stub.sent == [] and stub.drafts.drafts == {}


async def test_a_letter_sendmail_refuses_as_over_four_megabytes_goes_as_a_draft(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Graph's "4 MB" a request may be 4,000,000 bytes, not the 4 MiB fits_one_request
    counts: a letter between the two is refused by sendMail (413), which is not the letter's
    fault; it goes as a draft, with its file, rather than failing for good."""
    import testkit.graph_api

    monkeypatch.setattr(testkit.graph_api, "REQUEST_MAX", 4_000_000)
    stub, transport, _ = graph
    report = b"%PDF-1.7\n" + os.urandom(2_250_000)
    outbox_id = queued(engine, ("io.pdf", report))
    raw = row(engine, outbox_id).payload["message"].encode("utf-8", "surrogateescape")
    assert 4_000_000 < len(base64.b64encode(raw)) <= REQUEST_MAX  # between the two counts
    await mailer(engine, transport, mailer_clock).drain_once()
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    assert len(stub.received("POST", "/sendMail")) == 1  # tried, refused: 413
    (message,) = received(stub)
    assert files_of(message) == {"io.pdf": report}


async def test_sending_only_a_letter_too_large_for_sendmail_is_refused_not_drafted(
    settings: Settings,
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],
    mailer_clock: SettableClock,
) -> None:
    """HEARD_GRAPH_INTAKE=false: the app has Mail.Send alone and cannot write a draft, so a
    letter over one request is refused for good (staff told), not retried for ever against
    Graph's 403 on a draft."""
    from heard.mail_services import mail_transport

    stub, connected, _ = graph
    configured = graph_settings(settings, settings.database_url, stub, mail_transport="graph",
                                graph_intake=False)  # fmt: skip
    sending_only = mail_transport(configured, graph=connected.client)
    assert isinstance(sending_only, GraphTransport)
    outbox_id = queued(engine, ("io.pdf", SIX_MB))
    await mailer(engine, sending_only, mailer_clock).drain_once()
    failed = row(engine, outbox_id)
    assert failed.status == OutboxStatus.FAILED and "413" in (failed.last_error or "")
    assert stub.received("POST", "/messages") == [] and stub.sent == []


def test_what_a_mailbox_can_send_leaves_room_for_base64() -> None:
    assert enclosures_max(35) == 26_175_000  # Exchange Online's default: about 26 MB of files
    assert enclosures_max(150) == 112_425_000
    assert enclosures_max(1) == 675_000


@pytest.mark.parametrize(
    ("given", "most"),
    [
        ({}, 26_175_000),
        ({"graph_message_max_mb": 10}, 7_425_000),
        ({"graph_intake": False}, 2_000_000),  # Mail.Send alone: one sendMail request
    ],
)
def test_the_letter_writer_encloses_what_the_mailbox_can_send(
    settings: Settings, given: dict[str, object], most: int
) -> None:
    from heard.wiring import messenger

    configured = graph_settings(settings, settings.database_url, GraphStub(mailbox=MAILBOX),
                                mail_transport="graph", **given)  # fmt: skip
    assert messenger(configured).identity.enclosures_max == most
