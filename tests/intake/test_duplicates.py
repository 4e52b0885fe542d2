"""Issue 13, item 4: a duplicate is the same message (the same Message-ID from the same sender,
or the same raw bytes from the same sender); anything else is stored. The 250 never names a
case to anyone who is not a party to it.

Before: a stranger reusing Alice's Message-ID got `250 Already received as CSC-2026-000001`
(another family's reference) and his text was stored nowhere; two senders with the same body
and no Message-ID were both discarded as one.
"""

from __future__ import annotations

from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

ALICE = "alice@example.org"
STRANGER = "mallory@evil.example"


async def test_a_stranger_reusing_a_message_id_is_stored_and_learns_no_reference(
    intake: Intake,
) -> None:
    alice = mail("My son's placement broke down.", sender=ALICE, message_id="<m1@example.org>")
    code, reply = await deliver(intake, alice, sender=ALICE)
    assert code == 250 and b"CSC-2026-000001" in reply
    stranger = mail(
        "A different complaint about school transport.",
        sender=STRANGER,
        message_id="<m1@example.org>",
    )
    code, reply = await deliver(intake, stranger, sender=STRANGER)
    assert code == 250
    assert b"CSC-2026-000001" not in reply and b"Already" not in reply
    assert len(intake.cases()) == 2
    texts = [row.raw for row in intake.inbound()]
    assert texts == [alice, stranger]


async def test_the_same_body_from_two_senders_without_message_id_is_two_messages(
    intake: Intake,
) -> None:
    """Bare messages (no Message-ID, From or Date, as some web forms and scanners send them)
    with the same words: the old fingerprint (From, Date and body) made them one."""
    words = b"\r\nThe social worker has not visited for three months.\r\n"
    first = b"Subject: Complaint from Alice" + words
    second = b"Subject: Complaint from Bob" + words
    assert (await deliver(intake, first, sender=ALICE))[0] == 250
    code, reply = await deliver(intake, second, sender="bob@example.net")
    assert code == 250 and b"Already" not in reply
    assert len(intake.cases()) == 2


async def test_identical_bytes_from_two_envelope_senders_are_both_kept(intake: Intake) -> None:
    raw = mail("Forwarded to you as well.", sender=ALICE, message_id=None)
    await deliver(intake, raw, sender=ALICE)
    code, reply = await deliver(intake, raw, sender=STRANGER)
    assert code == 250 and b"Already" not in reply and b"CSC-2026-000001" not in reply
    assert len(intake.inbound()) == 2


async def test_a_gateway_retry_is_one_message_and_its_250_names_no_case(intake: Intake) -> None:
    for message_id in ("<retry@example.org>", None):
        raw = mail("Please call me back.", sender=ALICE, message_id=message_id)
        await deliver(intake, raw, sender=ALICE)
        code, reply = await deliver(intake, raw, sender=ALICE.upper())
        assert code == 250 and b"Already received" in reply
        assert b"CSC-" not in reply
    assert len(intake.inbound()) == 2


async def test_the_same_message_id_with_a_different_body_from_the_same_sender_is_a_retry(
    intake: Intake,
) -> None:
    """A Message-ID names one message: a relay that re-encodes it on retry changes its bytes."""
    await deliver(intake, mail("Version one.", sender=ALICE), sender=ALICE)
    code, reply = await deliver(
        intake, mail("Version one, re-encoded.", sender=ALICE), sender=ALICE
    )
    assert code == 250 and b"Already received" in reply
    assert len(intake.inbound()) == 1


async def test_a_bounce_is_filed_on_its_case_but_its_250_names_no_case(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker is rude.", sender=ALICE), sender=ALICE)
    await intake.send_outbox()
    ack_id = next(
        line.split(b" ", 1)[1]
        for line in intake.sink.messages[0].data.split(b"\r\n")
        if line.startswith(b"Message-ID:")
    )
    bounce = (
        b"From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail\r\n"
        b"Message-ID: <dsn1@example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; alice@example.org\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n"
        b"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + ack_id + b"\r\n"
        b"--b--\r\n"
    )
    code, reply = await deliver(intake, bounce, sender="")
    assert code == 250 and b"CSC-" not in reply
    (case,) = intake.cases()
    assert len(intake.inbound()) == 2 and case.needs_attention
