"""A disclosure after a separator line is still read (issue 29, serious 1): real mail over real
sockets, and the capture server is read to show the MASH referral left and nothing went to the
sender. A new contact is triaged whole; a reply's quoted history passes the tripwire too."""

from __future__ import annotations

import pytest
from sqlmodel import select

from store.db import session_scope
from store.models import Correspondence
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

MASH = "mash@heard.localhost"
DISCLOSURE = (
    "The little boy next door is left on his own for days and his dad hits him, "
    "I hear him screaming at night."
)
SEPARATORS = {
    "from-line": "From: a worried neighbour",
    "underscores": "__________",
    "sent-from-phone": "Sent from my iPhone",
    "signature-dashes": "-- ",
    "original-message": "-----Original Message-----",
    "on-wrote": "On Mon, 2 Mar 2026 at 09:00, Someone <someone@example.org> wrote:",
}


@pytest.mark.parametrize("separator", list(SEPARATORS.values()), ids=list(SEPARATORS))
async def test_a_new_contact_is_read_whole_after_any_separator(
    intake: Intake, separator: str
) -> None:
    code, _ = await deliver(intake, mail(f"Hello,\n\n{separator}\n{DISCLOSURE}\n"))
    assert code == 250
    (case,) = intake.cases()
    assert case.safeguarding
    (message,) = intake.inbound()
    assert DISCLOSURE in (message.text or "")  # staff and the MASH see it as what was written
    await intake.send_outbox()
    assert [each.recipients for each in intake.sink.messages] == [[MASH]]
    assert b"left on his own" in intake.sink.messages[0].data


async def test_a_new_contact_with_the_disclosure_in_quoted_lines(intake: Intake) -> None:
    quoted = "\n".join(f"> {line}" for line in DISCLOSURE.split(", "))
    await deliver(intake, mail(f"Please see below.\n\n{quoted}\n"))
    (case,) = intake.cases()
    assert case.safeguarding
    await intake.send_outbox()
    assert [each.recipients for each in intake.sink.messages] == [[MASH]]


async def test_a_reply_quoting_a_disclosure_is_referred(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    await intake.send_outbox()
    (ack,) = intake.sink.messages
    ack_id = next(
        line.split(b" ", 1)[1].decode()
        for line in ack.data.split(b"\r\n")
        if line.startswith(b"Message-ID:")
    )
    quoted = "\n".join(f"> {line}" for line in DISCLOSURE.split(", "))
    reply = mail(
        f"Thanks for the reference.\n\nOn Mon, 2 Mar 2026, my sister wrote:\n{quoted}\n",
        message_id="<m2@example.org>",
        subject="Re: Your reference CSC-2026-000001",
        In_Reply_To=ack_id,
    )
    code, answer = await deliver(intake, reply)
    assert code == 250 and b"CSC-2026-000001" in answer
    (case,) = intake.cases()
    assert case.needs_attention and "MASH" in (case.attention_reason or "")
    await intake.send_outbox()
    referral = intake.sink.messages[-1]
    assert referral.recipients == [MASH]
    assert b"later message" in referral.data and b"left on his own" in referral.data
    # Once per message: reading the reply again (another worker, a restart) refers nothing new.
    intake.settle()
    await intake.send_outbox()
    assert [each.recipients for each in intake.sink.messages] == [["parent@example.org"], [MASH]]
    with session_scope(intake.context.engine) as session:
        reply_row = session.exec(
            select(Correspondence).where(Correspondence.message_id == "<m2@example.org>")
        ).one()
    assert reply_row.text == "Thanks for the reference."  # a reply is still split for display


async def test_a_plain_reply_refers_nothing(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    reply = mail(
        "Thank you.\n\n> My son's social worker never returns my calls.\n",
        message_id="<m2@example.org>",
        subject="Re: Your reference CSC-2026-000001",
    )
    await deliver(intake, reply)
    intake.settle()
    await intake.send_outbox()
    assert [each.recipients for each in intake.sink.messages] == [["parent@example.org"]]
