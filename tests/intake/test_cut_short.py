"""A message cut short on its way (a multipart whose last part never closes) is stored byte for
byte, what could be read of it is on the case, and the case asks staff to read the raw message
(RELIABILITY 10). Before, heard read what it could and said nothing: a complaint missing its
second half looked whole. Real mail over real sockets."""

from __future__ import annotations

from intake.parsing import parse_message
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver

CUT_SHORT = (
    b"From: A Parent <parent@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: Complaint\r\nMessage-ID: <cut@example.org>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
    b"Content-Type: text/plain\r\n\r\nMy son's social worker has not visited since June and\r\n"
)


def test_a_part_that_never_closes_is_read_and_said_to_be_cut_short() -> None:
    parsed = parse_message(CUT_SHORT)
    assert parsed.unparseable
    assert "social worker has not visited" in parsed.text
    assert any("cut short" in defect for defect in parsed.defects)


async def test_mail_cut_short_is_stored_whole_and_staff_asked_to_read_it(intake: Intake) -> None:
    code, _ = await deliver(intake, CUT_SHORT)
    assert code == 250
    (case,) = intake.cases()
    (stored,) = intake.inbound()
    assert stored.raw == CUT_SHORT and stored.unparseable
    assert "social worker has not visited" in (stored.text or "")
    assert case.needs_attention
    assert "could not be parsed: read the raw message" in (case.attention_reason or "")
