"""A disclosure is read ahead of a flood (issue 29, minor): mail is read oldest first, so a MASH
referral waited behind every message stored before it. The safeguarding pre-scan before the
250 (intake/prescan.py) marks a likely disclosure, and the worker reads it in its first batch
while the flood waits; the full triage still decides the referral. Real SMTP from several
clients at once, the referral read from the capture server. The pre-scan switched off shows
the old order, so the test can tell the difference."""

from __future__ import annotations

import asyncio
import smtplib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

import intake.service
from cases.clock import SettableClock
from cases.enums import OutboxPurpose
from heard.assembly import build_pipeline
from heard.context import build_context
from heard.settings import Settings
from heard.wiring import smarthost
from intake.prescan import reading_priority
from intake.smtp_server import start_listener
from outbound.mailer import OutboxMailer
from store.db import session_scope
from store.models import Correspondence, OutboxMessage
from tests.intake.conftest import MONDAY_10AM, intake_settings
from tests.intake.test_intake_e2e import COMPLAINTS, mail
from tests.intake.test_read_bounds import html_mail
from tests.mailsink import MailSink

FLOOD = 240
CLIENTS = 6
DISCLOSURE = "I am 14 and my stepdad hits me. I am scared to go home."


def _send_many(port: int, raws: list[bytes]) -> list[int]:
    codes = []
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo("client.example.org")
        for number, raw in enumerate(raws):
            sender = f"flood{number}@example.org"
            client.mail(sender)
            client.rcpt(COMPLAINTS)
            codes.append(client.data(raw)[0])
    return codes


def _send_flood(port: int) -> list[int]:
    with ThreadPoolExecutor(CLIENTS) as pool:
        return [
            code for codes in pool.map(lambda r: _send_many(port, r), _flood()) for code in codes
        ]


def _flood() -> Iterator[list[bytes]]:
    raws = [
        mail(f"Complaint number {n}: the social worker was late again.", message_id=f"<f{n}@x>")
        for n in range(FLOOD)
    ]
    per = FLOOD // CLIENTS
    return (raws[i : i + per] for i in range(0, FLOOD, per))


@pytest.mark.parametrize("prescan", [True, False], ids=["prescan", "oldest_first"])
async def test_a_disclosure_is_read_ahead_of_a_flood(
    settings: Settings,
    database_url: str,
    mail_sink: MailSink,
    prescan: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not prescan:
        monkeypatch.setattr(intake.service, "reading_priority", lambda *args: 0)
    clock = SettableClock(MONDAY_10AM)
    context = build_context(intake_settings(settings, database_url, mail_sink.port), clock=clock)
    pipeline = build_pipeline(context)
    server = await start_listener(pipeline.handler, settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    try:
        # The flood from several clients at once, then the disclosure, all stored (250) before
        # the worker starts reading: the backlog a flood leaves.
        codes = await asyncio.to_thread(_send_flood, port)
        assert codes == [250] * FLOOD
        disclosure = mail(DISCLOSURE, sender="yp@example.org", message_id="<d@x>")
        assert await asyncio.to_thread(_send_many, port, [disclosure]) == [250]
        started = time.monotonic()
        reader = asyncio.create_task(pipeline.processing.run(stop))

        def waiting_at_referral() -> int | None:
            with session_scope(context.engine) as session:
                referred = session.exec(
                    select(OutboxMessage).where(
                        OutboxMessage.purpose == OutboxPurpose.MASH_REFERRAL
                    )
                ).first()
                if referred is None:
                    return None
                return session.exec(
                    select(func.count()).where(Correspondence.awaiting_processing)
                ).one()

        while (left := await asyncio.to_thread(waiting_at_referral)) is None:
            assert time.monotonic() - started < 300, "no referral"
            await asyncio.sleep(0.05)
        took = time.monotonic() - started
        mailer = OutboxMailer(
            engine=context.engine, smarthost=smarthost(context.settings), clock=clock, worker="t"
        )
        await mailer.drain_once()
        referrals = [m for m in mail_sink.messages if b"Safeguarding referral" in m.data]
        print(
            f"prescan={prescan}: referral {took:.2f}s after reading began, {left} of {FLOOD} waiting"
        )
        if prescan:
            assert referrals, "the referral reached the MASH's mailbox"
            assert left >= FLOOD - 32  # read in the first batch or two, the flood still waiting
        else:
            assert left <= 16  # oldest first: the disclosure waited for (nearly) all the flood
        stop.set()
        await reader
    finally:
        stop.set()
        server.close()
        await server.wait_closed()
        pipeline.processing.close(wait=True)
        context.engine.dispose()


def test_the_prescan_is_cheap_and_never_raises() -> None:
    from heard.settings import DEFAULT_RULES_PATH
    from triage.rulebook import load_rulebook

    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    assert reading_priority(mail(DISCLOSURE), "Complaint", rulebook) == 1
    assert reading_priority(mail("The social worker was late."), "Complaint", rulebook) == 0
    # Seen walking a flood by hand: a broad `suggests` rule fired on "Complaint 4-1" and put a
    # quarter of the flood ahead of the disclosure; only rules that refer on their own count.
    late = mail("The social worker was late again for the review meeting, number 1.")
    assert reading_priority(late, "Complaint 4-1", rulebook) == 0
    hostile = [
        b"\xff\xfe" * 100_000,
        mail("\n" * 200_000),
        html_mail("<div>" * 280_000),
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + b"--b\r\n" * 50_000,
        b"Subject: =?punycode?q?" + b"a" * 90_000 + b"?=\r\n\r\nhi",
    ]
    for raw in hostile:
        started = time.perf_counter()
        assert reading_priority(raw, "x", rulebook) in (0, 1)
        assert time.perf_counter() - started < 1.0
