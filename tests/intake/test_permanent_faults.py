"""Issue 13, item 6 (SMTP side): a fault no retry can cure gets a permanent reply with a reason;
451 is kept for faults a retry can cure (the database unreachable). A 451 for ever made the
gateway retry for days, then bounce, while heard kept nothing."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy.exc

from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import COMPLAINTS, deliver, mail
from tests.intake.test_smtp_protocol import conversation


def with_sender(sender: bytes) -> bytes:
    return (
        b"EHLO c\r\nMAIL FROM:<"
        + sender
        + b">\r\nRCPT TO:<"
        + COMPLAINTS.encode()
        + b">\r\nDATA\r\nSubject: help\r\nMessage-ID: <latin@example.org>\r\n\r\n"
        b"Nobody answers my calls.\r\n.\r\nQUIT\r\n"
    )


async def test_a_latin_1_byte_in_mail_from_gets_a_permanent_reply(intake: Intake) -> None:
    answer = await asyncio.to_thread(
        conversation, intake.port, with_sender(b"caf\xe9@example.org"), read_for=4
    )
    assert b"553 5.1.7" in answer and b"UTF-8" in answer
    assert b"451" not in answer
    assert intake.cases() == []


async def test_a_utf_8_sender_is_stored(intake: Intake) -> None:
    answer = await asyncio.to_thread(
        conversation, intake.port, with_sender("café@example.org".encode()), read_for=6
    )
    assert b"250 2.0.0 Received as CSC-2026-000001" in answer
    (stored,) = intake.inbound()
    assert stored.envelope_sender == "café@example.org"


async def test_control_characters_in_headers_never_stop_the_store(intake: Intake) -> None:
    raw = (
        b"From: A\x00Parent <pa\x00rent@example.org>\r\nMessage-ID: <a\x00b@example.org>\r\n"
        b"In-Reply-To: <c\x01d@example.org>\r\nSubject: nul\x00here\r\n\r\nbody\r\n"
    )
    code, reply = await deliver(intake, raw)
    assert code == 250, reply
    assert len(intake.cases()) == 1


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (sqlalchemy.exc.OperationalError("INSERT", {}, Exception("server closed")), b"451 4.3.0"),
        (ConnectionResetError("reset"), b"451 4.3.0"),
        (sqlalchemy.exc.DataError("INSERT", {}, ValueError("NUL")), b"554 5.6.0"),
        (UnicodeEncodeError("utf-8", "\udce9", 0, 1, "surrogates not allowed"), b"554 5.6.0"),
    ],
)
async def test_only_faults_a_retry_can_cure_get_451(
    intake: Intake, fault: Exception, code: bytes
) -> None:
    async def failing_store(raw: bytes, envelope: InboundEnvelope) -> DeliveryReceipt:
        raise fault

    intake.pipeline.handler.store = failing_store
    _, reply = await deliver(intake, mail("hello"))
    assert reply.startswith(code[4:]), reply
