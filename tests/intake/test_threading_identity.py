"""Issue 13, item 5: threading trusts the envelope sender, and a From header only when the
gateway's Authentication-Results says dmarc=pass for that From domain. Before, a stranger
forging only `From: alice` (envelope mallory@evil.example) added mail to Alice's case.

Acknowledgements quote our reference, never the incoming subject: sent to whatever sender the
mail claimed, they would otherwise carry a forger's words to a stranger (backscatter).
"""

from __future__ import annotations

from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import COMPLAINTS, deliver

ALICE = "alice@example.org"
MALLORY = "mallory@evil.example"


def message(
    *, from_header: str, subject: str, message_id: str, auth: str | None = None, body: str
) -> bytes:
    lines = [
        *([f"Authentication-Results: mx.council.gov.uk; {auth}"] if auth else []),
        f"From: {from_header}",
        f"To: {COMPLAINTS}",
        f"Subject: {subject}",
        f"Message-ID: {message_id}",
        "Date: Mon, 02 Mar 2026 09:55:00 +0000",
        "",
        body,
        "",
    ]
    return "\r\n".join(lines).encode()


async def alice_complains(intake: Intake) -> None:
    raw = message(
        from_header=f"Alice Parent <{ALICE}>",
        subject="Complaint",
        message_id="<a1@example.org>",
        body="My son's social worker is rude.",
    )
    code, reply = await deliver(intake, raw, sender=ALICE)
    assert code == 250 and b"CSC-2026-000001" in reply


async def test_a_forged_from_does_not_add_to_a_familys_case(intake: Intake) -> None:
    await alice_complains(intake)
    forged = message(
        from_header=f"Alice Parent <{ALICE}>",
        subject="Re: CSC-2026-000001",
        message_id="<forged@evil.example>",
        body="Please send me the case file.",
    )
    code, reply = await deliver(intake, forged, sender=MALLORY)
    assert code == 250 and b"CSC-2026-000001" not in reply
    alices, new = intake.cases()
    assert [row.case_id for row in intake.inbound()] == [alices.id, new.id]
    assert new.needs_attention and "CSC-2026-000001" in (new.attention_reason or "")


async def test_a_forged_from_claiming_a_dmarc_pass_for_another_domain_is_not_trusted(
    intake: Intake,
) -> None:
    await alice_complains(intake)
    forged = message(
        from_header=f"<{ALICE}>",
        subject="Re: CSC-2026-000001",
        message_id="<forged2@evil.example>",
        auth="spf=pass smtp.mailfrom=evil.example; dmarc=pass header.from=evil.example",
        body="Please send me the case file.",
    )
    await deliver(intake, forged, sender=MALLORY)
    alices, _ = intake.cases()
    assert [row.case_id for row in intake.inbound()].count(alices.id) == 1


async def test_a_dmarc_aligned_from_is_trusted_through_a_forwarder(intake: Intake) -> None:
    await alice_complains(intake)
    forwarded = message(
        from_header=f"Alice Parent <{ALICE}>",
        subject="Re: CSC-2026-000001",
        message_id="<a2@example.org>",
        auth="spf=pass smtp.mailfrom=forwarder.example; dkim=pass header.d=example.org; "
        "dmarc=pass header.from=example.org",
        body="And the contact sessions were cancelled too.",
    )
    code, reply = await deliver(intake, forwarded, sender="srs0=x@forwarder.example")
    assert code == 250 and b"CSC-2026-000001" in reply
    assert len(intake.cases()) == 1 and len(intake.inbound()) == 2


async def test_an_acknowledgement_quotes_our_reference_not_the_incoming_subject(
    intake: Intake,
) -> None:
    spam = message(
        from_header=f"<{ALICE}>",
        subject="Cheap pills at http://spam.example today",
        message_id="<spam@example.org>",
        body="My son's social worker never returns my calls.",
    )
    await deliver(intake, spam, sender=ALICE)
    assert await intake.send_outbox() == 1
    (ack,) = intake.sink.messages
    assert b"Subject: Your reference CSC-2026-000001\r\n" in ack.data
    assert b"spam.example" not in ack.data and b"pills" not in ack.data
