"""The MASH referral says when the contact came in the one date style people read everywhere
else in heard ("2 March 2026", not "02 March 2026"), read from the capture server (issue 23,
walker item 5)."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

MASH = "mash@heard.localhost"


async def test_the_referral_says_the_day_it_came_as_people_write_it(intake: Intake) -> None:
    await deliver(intake, mail("My stepdad hits my little brother and he is scared to go home."))
    await intake.send_outbox()
    (referral,) = [m for m in intake.sink.messages if m.recipients == [MASH]]
    body = message_from_bytes(referral.data, policy=default).get_body(("plain",))
    assert body is not None
    text = str(body.get_content())
    assert "Received: 2 March 2026 at 10:00 UTC (email)" in text, text[:400]
