"""Issue 28: GOV.UK Notify's delivery receipts reach the case. A real complaint's
acknowledgement goes through the Notify stand-in; the stand-in then POSTs its receipts, as
Notify does, to /notify/callback on heard's own web server: delivered goes in the case's
history, a permanent or technical failure flags the case for staff with what failed, and
receipts without the bearer token, malformed, or naming no letter heard sent change nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
import pytest
from pydantic import SecretStr
from sqlmodel import select

from heard.mail_services import mail_transport
from heard.settings import Settings
from heard.web_wiring import notify_callback_routes, web_deps
from outbound.mailer import OutboxMailer
from outbound.notify_receipts import DeliveryStatus, failure_reason
from store.audit import Entry
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case
from testkit.notify_api import Notification, NotifyStub, start_notify_stub
from tests.intake.conftest import Intake, running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink
from tests.outbound.test_transports import through_notify
from web.app import build_app
from web.server import WebServer

TOKEN = "a-long-random-callback-token-0123456789"


@dataclass
class Sent:
    intake: Intake
    stub: NotifyStub
    notification: Notification
    callback: str


@asynccontextmanager
async def acknowledged(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> AsyncIterator[Sent]:
    """A complaint in, its acknowledgement sent through Notify, heard's web server up."""
    stub, runner = await start_notify_stub()
    notify = {**through_notify(stub), "notify_callback_token": SecretStr(TOKEN)}
    try:
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            await deliver(intake, mail("My son's social worker never returns my calls."))
            intake.settle()
            mailer = OutboxMailer(
                engine=intake.context.engine,
                transport=mail_transport(intake.context.settings),
                clock=intake.clock,
                worker="test",
            )
            await mailer.drain_once()
            await mailer.sender.close()
            app = build_app(
                web_deps(intake.context), extra_routes=notify_callback_routes(intake.context)
            )
            server = WebServer(app, host="127.0.0.1", port=0)
            await server.start()
            try:
                (sent,) = stub.notifications
                yield Sent(intake, stub, sent, f"{server.url}/notify/callback")
            finally:
                await server.stop()
    finally:
        await runner.cleanup()


def _case(intake: Intake) -> Case:
    with session_scope(intake.context.engine) as session:
        (case,) = session.exec(select(Case))
        return case


def _history(intake: Intake, action: str) -> list[Entry]:
    with session_scope(intake.context.engine) as session:
        return audit_entries(session, select(AuditEntry).where(AuditEntry.action == action))


async def test_delivered_is_in_the_case_history_and_recorded_once(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with acknowledged(settings, database_url, mail_sink) as sent:
        status, _ = await sent.stub.send_receipt(
            sent.callback, TOKEN, sent.notification, "delivered"
        )
        assert status == 200
        # Notify sends it again when an answer is slow: recorded once.
        status, body = await sent.stub.send_receipt(
            sent.callback, TOKEN, sent.notification, "delivered"
        )
        assert status == 200 and "already recorded" in body
        (entry,) = _history(sent.intake, "delivery_receipt")
        assert entry.actor == "notify" and entry.after is not None
        assert entry.after["status"] == "delivered"
        assert entry.after["letter"] == sent.notification.reference
        assert "parent@example.org" not in str(entry.after) + str(entry.reason)
        assert not _case(sent.intake).needs_attention


@pytest.mark.parametrize(
    "status", ["permanent-failure", "technical-failure", "temporary-failure", "cancelled"]
)
async def test_a_failure_flags_the_case_with_what_failed(
    settings: Settings, sqlite_url: str, mail_sink: MailSink, status: str
) -> None:
    async with acknowledged(settings, sqlite_url, mail_sink) as sent:
        code, _ = await sent.stub.send_receipt(sent.callback, TOKEN, sent.notification, status)
        assert code == 200
        case = _case(sent.intake)
        assert case.needs_attention
        assert f"email {sent.notification.reference} was not delivered ({status}" in (
            case.attention_reason or ""
        )
        assert [
            e.after["status"] for e in _history(sent.intake, "delivery_receipt") if e.after
        ] == [status]
        assert len(_history(sent.intake, "flagged")) == 1
        # where staff look from the command line: `heard cases show`
        from cli.cases import _show

        shown = _show(sent.intake.context, case.reference, as_json=False)
        assert f"needs attention: the email {sent.notification.reference} was not delivered" in (
            shown
        )
        # the trail in people's words since dc4941e (it said 'delivery_receipt: ...')
        assert (
            f"GOV.UK Notify  said whether a letter arrived: email "
            f"{sent.notification.reference}: {status}" in shown
        )


async def test_bad_receipts_change_nothing(
    settings: Settings, sqlite_url: str, mail_sink: MailSink
) -> None:
    async with acknowledged(settings, sqlite_url, mail_sink) as sent:
        receipt = sent.stub.receipt(sent.notification, "permanent-failure")
        forged_reference = {**receipt, "reference": "CSC-2026-000001-999"}
        wrong_id = {**receipt, "id": "00000000-0000-4000-8000-000000000000"}
        async with aiohttp.ClientSession() as http:
            answers = []
            for headers, body in [
                ({}, receipt),  # no token
                ({"Authorization": "Bearer wrong-token-wrong-token-wrong"}, receipt),
                ({"Authorization": f"Bearer {TOKEN}"}, forged_reference),
                ({"Authorization": f"Bearer {TOKEN}"}, wrong_id),
                ({"Authorization": f"Bearer {TOKEN}"}, {**receipt, "status": "exploded"}),
                ({"Authorization": f"Bearer {TOKEN}"}, ["not", "an", "object"]),
            ]:
                async with http.post(sent.callback, json=body, headers=headers) as response:
                    answers.append(response.status)
            async with http.post(
                sent.callback, data=b"{not json", headers={"Authorization": f"Bearer {TOKEN}"}
            ) as response:
                answers.append(response.status)
        assert answers == [401, 401, 400, 400, 400, 400, 400]
        assert _history(sent.intake, "delivery_receipt") == []
        assert not _case(sent.intake).needs_attention


@pytest.mark.parametrize("kind", ["email", "sms", "letter"])
@pytest.mark.parametrize("status", [s for s in DeliveryStatus if s.failed])
def test_what_a_failure_means_is_said_for_its_kind(status: DeliveryStatus, kind: str) -> None:
    """A letter's permanent failure is the printer's (Notify checked the address when it was
    sent); an email's or a text's is the address or number."""
    why = failure_reason(status, kind)
    assert why and why != status.value
    if status == DeliveryStatus.PERMANENT_FAILURE:
        assert ("print" in why) == (kind == "letter")
        assert ("address or number" in why) == (kind != "letter")
