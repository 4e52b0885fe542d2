"""Issue 28: HEARD_MAIL_TRANSPORT. The acknowledgement of a real complaint, sent through each
transport and read back from that service's stand-in: the shared mailbox's sendMail (Graph)
and GOV.UK Notify's email template; Notify's refusals and rate limit handled by the outbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from pydantic import SecretStr
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import OutboxStatus
from heard.mail_services import mail_transport
from heard.settings import Settings
from outbound.mailer import OutboxMailer
from outbound.transports import outbox_id_of
from store.db import session_scope
from store.models import Case, OutboxMessage
from testkit.notify_api import NotifyStub, start_notify_stub
from tests.intake.conftest import Intake, running_intake
from tests.intake.graph_fixtures import MAILBOX, graph_mailbox, letter
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink

COMPLAINT = "My son's social worker never returns my calls and was rude to me."


def _mailer(intake_context: Intake, settings: Settings) -> OutboxMailer:
    return OutboxMailer(
        engine=intake_context.context.engine,
        transport=mail_transport(settings),
        clock=intake_context.clock,
        worker="test-mailer",
    )


def through_notify(stub: NotifyStub, *kinds: str) -> dict[str, object]:
    """heard's settings for sending through the Notify stand-in: its key and address, the email
    template, and the template of each further kind named ("sms", "letter")."""
    return {
        "mail_transport": "notify",
        "notify_api_key": SecretStr(stub.api_key),
        "notify_api_url": stub.url,
        "notify_email_template_id": stub.template_id("email"),
        **{f"notify_{kind}_template_id": stub.template_id(kind) for kind in kinds},
    }


def _rows(intake: Intake) -> list[OutboxMessage]:
    with session_scope(intake.context.engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_through_notify_the_acknowledgement_fills_the_email_template(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    stub, runner = await start_notify_stub()
    try:
        notify = through_notify(stub)
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            await deliver(intake, mail(COMPLAINT))
            intake.settle()
            mailer = _mailer(intake, intake.context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (sent,) = stub.notifications
            assert (sent.kind, sent.to) == ("email", "parent@example.org")
            assert "CSC-2026-000001" in sent.personalisation["subject"]
            assert "CSC-2026-000001" in sent.personalisation["body"]
            (row,) = _rows(intake)
            # The reference is the letter's own: the case's reference and the outbox row,
            # never an address or a name.
            assert sent.reference == f"CSC-2026-000001-{row.id}"
            assert outbox_id_of(sent.reference) == row.id
            assert row.status == OutboxStatus.SENT
            assert row.result == {"notify_ids": [sent.id], "reference": sent.reference}
            # heard keeps its own copy: the exact message, whatever Notify keeps.
            assert "CSC-2026-000001" in row.payload["message"]
            assert mail_sink.messages == []
    finally:
        await runner.cleanup()


async def test_notify_rate_limit_waits_and_a_refusal_fails_for_good(
    settings: Settings, sqlite_url: str, mail_sink: MailSink
) -> None:
    stub, runner = await start_notify_stub(NotifyStub())
    try:
        notify = through_notify(stub)
        async with running_intake(settings, sqlite_url, mail_sink, **notify) as intake:
            await deliver(intake, mail(COMPLAINT))
            intake.settle()
            mailer = _mailer(intake, intake.context.settings)
            stub.fail(429, retry_after="120")
            await mailer.drain_once()
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.PENDING and row.attempts == 1
            assert row.next_attempt_at == intake.clock.now() + timedelta(seconds=120)
            assert await mailer.drain_once() == 0  # not before the Retry-After
            intake.clock.advance(timedelta(seconds=121))
            stub.fail(400)
            await mailer.drain_once()
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.FAILED and "BadRequestError" in (row.last_error or "")
            assert stub.notifications == []  # never sent, and never twice
            await mailer.sender.close()
    finally:
        await runner.cleanup()


async def test_a_letter_notify_took_whose_answer_was_lost_is_not_sent_again(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """Notify took the acknowledgement but its answer never reached heard (heard stopped, or
    the connection dropped): the row is retried, and the retry finds the letter in Notify by
    its reference and records Notify's id (which the receipts name) instead of sending it a
    second time. Before, the complainant got it twice."""
    stub, runner = await start_notify_stub(NotifyStub(answers_to_lose=1))
    try:
        notify = through_notify(stub)
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            await deliver(intake, mail(COMPLAINT))
            intake.settle()
            mailer = _mailer(intake, intake.context.settings)
            await mailer.drain_once()
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.PENDING and row.attempts == 1
            (taken,) = stub.notifications  # Notify has it; heard does not know
            # A first attempt does not ask Notify what it holds: nothing can be held yet, and
            # every question counts against Notify's rate limit.
            assert stub.lookups == 0
            intake.clock.advance(timedelta(hours=1))
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.SENT
            assert (row.result or {}).get("notify_ids") == [taken.id]
            assert stub.notifications == [taken]  # once
            assert stub.lookups == 1  # the retry asked
    finally:
        await runner.cleanup()


async def test_a_letter_whose_mailer_stopped_mid_send_is_looked_for_in_notify(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """heard stopped while Notify was answering (the row is left claimed, nothing recorded):
    the mailer that takes the row once the lease lapses asks Notify first, and records the
    letter Notify took instead of sending it again."""
    stub, runner = await start_notify_stub(NotifyStub(answers_to_lose=1))
    try:
        notify = through_notify(stub)
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            await deliver(intake, mail(COMPLAINT))
            intake.settle()
            stopped = _mailer(intake, intake.context.settings)
            claimed = await asyncio.to_thread(stopped._claim, intake.clock.now())
            await stopped.sender.send(claimed[0])  # taken; heard stops before recording it
            await stopped.sender.close()
            (taken,) = stub.notifications
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.PENDING and row.attempts == 0
            intake.clock.advance(stopped.lease + timedelta(seconds=1))
            mailer = _mailer(intake, intake.context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (row,) = _rows(intake)
            assert row.status == OutboxStatus.SENT
            assert (row.result or {}).get("notify_ids") == [taken.id]
            assert stub.notifications == [taken] and stub.lookups == 1
    finally:
        await runner.cleanup()


async def test_through_graph_the_acknowledgement_goes_from_the_shared_mailbox(
    settings: Settings, database_url: str
) -> None:
    async with graph_mailbox(settings, database_url, mail_transport="graph") as box:
        box.stub.deliver(letter(COMPLAINT, message_id="<g1@example.org>"))
        await box.reader.sync_once()
        box.cases()  # read and triaged: the acknowledgement is queued
        mailer = OutboxMailer(
            engine=box.context.engine,
            transport=mail_transport(box.context.settings),
            clock=box.reader.clock,
            worker="test-mailer",
        )
        assert await mailer.drain_once() == 1
        await mailer.sender.close()
        (raw,) = box.stub.sent
        sent = message_from_bytes(raw, policy=policy.default)
        assert MAILBOX in str(sent["From"]) and str(sent["To"]) == "parent@example.org"
        assert "CSC-2026-000001" in str(sent["Subject"]) + raw.decode(errors="replace")
        with session_scope(box.context.engine) as session:
            (row,) = session.exec(select(OutboxMessage))
            # Graph got heard's own bytes: what heard keeps is what the mailbox sent.
            assert row.payload["message"].encode("utf-8", "surrogateescape") == raw
            assert row.status == OutboxStatus.SENT


async def test_graph_send_retries_after_throttling(settings: Settings, sqlite_url: str) -> None:
    async with graph_mailbox(settings, sqlite_url, mail_transport="graph") as box:
        box.stub.deliver(letter(COMPLAINT, message_id="<g2@example.org>"))
        await box.reader.sync_once()
        box.cases()
        box.stub.fail(429, when=lambda r: r.path.endswith("/sendMail"), retry_after="2", times=2)
        transport = mail_transport(box.context.settings)
        mailer = OutboxMailer(
            engine=box.context.engine, transport=transport, clock=box.reader.clock, worker="t"
        )
        transport.client.sleep = box.reader.client.sleep  # type: ignore[attr-defined]
        assert await mailer.drain_once() == 1
        await mailer.sender.close()
        assert len(box.stub.sent) == 1 and len(box.stub.received("POST", "/sendMail")) == 3


async def test_a_complainant_with_only_a_phone_number_gets_the_letter_as_a_text(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """A phone call logged in Slack with a number and no email: the first letter goes as a
    text message through Notify's text template; heard keeps the whole letter on the case."""
    from cases.enums import Channel, RecordKind
    from casework import contacts as case_actions
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service
    from store.models import Correspondence

    stub, runner = await start_notify_stub()
    try:
        notify = through_notify(stub, "sms")
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            context = intake.context
            service = build_case_service(context)
            text = "My daughter's social worker has not visited for three months."
            with session_scope(context.engine) as session:
                case = case_actions.log_contact(
                    service,
                    session,
                    contact=case_actions.LoggedContact(
                        channel=Channel.TELEPHONE,
                        record_kind=RecordKind.COMPLAINT,
                        name="A Parent",
                        email=None,
                        phone="07700 900123",
                        child=None,
                        text=text,
                    ),
                    actor=Actor.staff(Via.SLACK, "U1"),
                    now=intake.clock.now(),
                )
                logged_contact_triage(context, service)(
                    session, case=case, text=text, now=intake.clock.now()
                )
                reference = case.reference
            # Letters are queued at the wall clock's time (LetterWriter reads no Clock yet).
            intake.clock.advance(datetime.now(UTC) - intake.clock.now() + timedelta(minutes=1))
            mailer = _mailer(intake, context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (sent,) = stub.notifications
            assert (sent.kind, sent.to) == ("sms", "07700900123")
            assert reference in sent.personalisation["body"]
            assert len(sent.personalisation["body"]) <= 918
            assert sent.reference is not None and sent.reference.startswith(f"{reference}-")
            with session_scope(context.engine) as session:
                (copy,) = session.exec(
                    select(Correspondence).where(Correspondence.direction == "outbound")
                )
                assert copy.details == {"letter": "first", "sent_as": "text_message"}
                assert reference in (copy.text or "")
    finally:
        await runner.cleanup()


async def test_when_staff_choose_post_the_letter_is_printed_and_posted_through_notify(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    from cases.enums import Channel, RecordKind
    from casework import contacts as case_actions
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service
    from store.models import Correspondence

    stub, runner = await start_notify_stub()
    try:
        notify = through_notify(stub, "letter")
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            context = intake.context
            service = build_case_service(context)
            text = "I am writing about my grandson's care plan, which nobody has reviewed."
            address = ["Mrs A Grandparent", "10 High Street", "Anytown", "AB1 2CD"]
            with session_scope(context.engine) as session:
                case = case_actions.log_contact(
                    service,
                    session,
                    contact=case_actions.LoggedContact(
                        channel=Channel.LETTER,
                        record_kind=RecordKind.COMPLAINT,
                        name="Mrs A Grandparent",
                        email="grandparent@example.org",  # has email, but staff chose post
                        phone=None,
                        child=None,
                        text=text,
                    ),
                    actor=Actor.staff(Via.CLI, "officer"),
                    now=intake.clock.now(),
                )
                case_actions.choose_letters_by(
                    service,
                    session,
                    case=case,
                    post_to=address,
                    actor=Actor.staff(Via.CLI, "officer"),
                )
                logged_contact_triage(context, service)(
                    session, case=case, text=text, now=intake.clock.now()
                )
                reference = case.reference
            intake.clock.advance(datetime.now(UTC) - intake.clock.now() + timedelta(minutes=1))
            mailer = _mailer(intake, context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (sent,) = stub.notifications
            assert sent.kind == "letter" and sent.to == "\n".join(address)
            assert reference in sent.personalisation["body"]
            assert sent.reference is not None and sent.reference.startswith(f"{reference}-")
            with session_scope(context.engine) as session:
                (copy,) = session.exec(
                    select(Correspondence).where(Correspondence.direction == "outbound")
                )
                assert copy.details == {"letter": "first", "sent_as": "post"}
                assert copy.channel == "letter"  # staff read "sent (letter)", not "(email)"
    finally:
        await runner.cleanup()


async def test_a_letter_logged_without_email_is_acknowledged_by_post_to_the_writer_by_name(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """walkerG: a special guardian's letter logged with her name and no email, letters by
    post chosen with the address as staff typed it (no name on it), then acknowledged: nothing
    ever went to her, and every later letter went to the flat with no name on the envelope.
    Now acknowledging writes the acknowledgement by post, greeting her, addressed to her."""
    from cases.enums import Channel, RecordKind
    from casework import contacts as case_actions
    from casework.acknowledgement import acknowledge
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    stub, runner = await start_notify_stub()
    try:
        notify = through_notify(stub, "letter")
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            context = intake.context
            service = build_case_service(context)
            officer = Actor.staff(Via.CLI, "officer")
            text = "The support payments promised in my grandson's plan stopped in October."
            with session_scope(context.engine) as session:
                case = case_actions.log_contact(
                    service,
                    session,
                    contact=case_actions.LoggedContact(
                        channel=Channel.LETTER, record_kind=RecordKind.COMPLAINT,
                        name="Mrs K Patel", email=None, phone=None, child=None, text=text,
                    ),
                    actor=officer,
                    now=intake.clock.now(),
                )  # fmt: skip
                logged_contact_triage(context, service)(
                    session, case=case, text=text, now=intake.clock.now()
                )
                reference = case.reference
            with session_scope(context.engine) as session:
                case = session.exec(select(Case).where(Case.reference == reference)).one()
                address = ["Flat 2, 10 High Street", "Anytown", "AB1 2CD"]
                case_actions.choose_letters_by(
                    service, session, case=case, post_to=address, actor=officer
                )
                acknowledge(service, session, case=case, actor=officer, now=intake.clock.now())
            intake.clock.advance(datetime.now(UTC) - intake.clock.now() + timedelta(minutes=1))
            mailer = _mailer(intake, context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (sent,) = stub.notifications
            assert sent.kind == "letter"
            assert sent.to == "\n".join(["Mrs K Patel", *address])
            body = sent.personalisation["body"]
            assert body.startswith("Dear Mrs K Patel,") and reference in body
            assert "statutory children's complaints procedure" in body
            assert "automatic reply" not in body
    finally:
        await runner.cleanup()


def test_the_envelope_names_the_complainant_once() -> None:
    from outbound.letters import envelope

    lines = ["10 High Street", "Anytown", "AB1 2CD"]
    assert envelope("Sam Parent", lines) == ["Sam Parent", *lines]
    assert envelope("Mrs A Grandparent", ["Mrs A. Grandparent", *lines]) == [
        "Mrs A. Grandparent",
        *lines,
    ]  # already named: not twice
    assert envelope(None, lines) == lines
    assert envelope("Sam Parent", ["a", "b", "c", "d", "e", "f", "AB1 2CD"])[0] == "a"  # full


def test_letters_by_post_refuses_an_address_notify_cannot_post_to(tmp_path: Path) -> None:
    from tests.cli.cli_process import invoke_heard, quiet_environment, refusal

    env = quiet_environment(
        tmp_path,
        HEARD_MAIL_TRANSPORT="notify",
        HEARD_NOTIFY_API_KEY=NotifyStub().api_key,
        HEARD_NOTIFY_EMAIL_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
        HEARD_NOTIFY_LETTER_TEMPLATE_ID="c3d4e5f6-a7b8-4012-8def-234567890abc",
    )
    invoke_heard("demo", "seed", "--cases", "1", env=env, cwd=tmp_path)
    listed = invoke_heard("cases", "list", env=env, cwd=tmp_path).stdout.split()
    reference = next(word for word in listed if word.startswith("CSC-"))
    line = refusal(
        invoke_heard(
            "case", reference, "letters-by", "post",
            "--address", "10 High Street", "--address", "Anytown", "--address", "Narnia",
            env=env, cwd=tmp_path,
        )
    )  # fmt: skip
    assert line.endswith("the last line must be a UK postcode, not 'Narnia'")
    line = refusal(invoke_heard("case", reference, "letters-by", "fax", env=env, cwd=tmp_path))
    assert "'fax' is not one of post, email" in line
