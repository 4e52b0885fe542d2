from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.clock import SettableClock
from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from heard.settings import Settings
from heard.wiring import smarthost
from outbound.mailer import OutboxMailer, email_payload
from store import outbox
from store.db import session_scope
from store.models import OutboxMessage
from tests.mailsink import MailSink

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def queue(engine: Engine, *, key: str, to: str = "parent@example.org") -> None:
    message = EmailMessage()
    message["From"] = "complaints@heard.localhost"
    message["To"] = to
    message["Subject"] = "Your complaint CSC-2026-000001"
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("We have your complaint.")
    with session_scope(engine) as session:
        outbox.enqueue(
            session,
            kind=OutboxKind.EMAIL,
            purpose=OutboxPurpose.ACKNOWLEDGEMENT,
            target=to,
            dedupe_key=key,
            now=NOW,
            payload=email_payload(message, envelope_from="", recipients=[to]),
        )


def mailer(
    engine: Engine, settings: Settings, sink: MailSink, clock: SettableClock
) -> OutboxMailer:
    configured = settings.model_copy(update={"smarthost_port": sink.port})
    return OutboxMailer(engine=engine, smarthost=smarthost(configured), clock=clock, worker="test")


async def test_queued_mail_reaches_the_smarthost_from_the_null_sender(
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    queue(engine, key="ack:1")
    queue(engine, key="ack:1")  # the same dedupe key is queued once
    sent = await mailer(engine, settings, mail_sink, SettableClock(NOW)).drain_once()
    assert sent == 1
    assert len(mail_sink.messages) == 1
    captured = mail_sink.messages[0]
    assert captured.envelope_from == ""
    assert captured.recipients == ["parent@example.org"]
    assert b"Auto-Submitted: auto-replied" in captured.data
    with session_scope(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert row.status == OutboxStatus.SENT


async def test_temporary_failure_is_retried_later_not_dropped(
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    clock = SettableClock(NOW)
    queue(engine, key="ack:2")
    mail_sink.reject_with = "451 4.3.0 try again later"
    worker = mailer(engine, settings, mail_sink, clock)
    assert await worker.drain_once() == 1
    assert await worker.drain_once() == 0  # backing off: not due yet
    mail_sink.reject_with = None
    clock.advance(timedelta(minutes=5))
    assert await worker.drain_once() == 1
    assert len(mail_sink.messages) == 1
    with session_scope(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


async def test_permanent_refusal_is_marked_failed_for_staff(
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    queue(engine, key="ack:3")
    mail_sink.reject_with = "550 5.1.1 no such user"
    await mailer(engine, settings, mail_sink, SettableClock(NOW)).drain_once()
    with session_scope(engine) as session:
        failed = outbox.failed_messages(session)
        assert [row.dedupe_key for row in failed] == ["ack:3"]
        assert "550" in (failed[0].last_error or "")


async def test_smarthost_down_keeps_the_mail(engine: Engine, settings: Settings) -> None:
    queue(engine, key="ack:4")
    configured = settings.model_copy(update={"smarthost_port": 1})
    worker = OutboxMailer(engine=engine, smarthost=smarthost(configured), clock=SettableClock(NOW))
    assert await worker.drain_once() == 1
    with session_scope(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert row.status == OutboxStatus.PENDING
        assert row.next_attempt_at > NOW
