"""The MASH referral says when the contact came in the one date style people read everywhere
else in heard ("2 March 2026", not "02 March 2026"), read from the capture server (issue 23,
walker item 5), by the council's clock (HEARD_TIMEZONE): it said UTC, so a disclosure that came
half an hour after midnight on a summer night read as the evening before (walker1)."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest

from heard.settings import Settings
from tests.intake.conftest import Intake, running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink

MASH = "mash@heard.localhost"


async def referral(intake: Intake) -> str:
    await deliver(intake, mail("My stepdad hits my little brother and he is scared to go home."))
    await intake.send_outbox()
    (referral,) = [m for m in intake.sink.messages if m.recipients == [MASH]]
    body = message_from_bytes(referral.data, policy=default).get_body(("plain",))
    assert body is not None
    return str(body.get_content())


async def test_the_referral_says_the_day_it_came_as_people_write_it(intake: Intake) -> None:
    text = await referral(intake)
    assert "Received: 2 March 2026 at 10:00 GMT (email)" in text, text[:400]


@pytest.mark.parametrize(
    ("zone", "received"),
    [
        ("Europe/London", "8 July 2026 at 00:30 BST"),
        ("Atlantic/Reykjavik", "7 July 2026 at 23:30 GMT"),
    ],
)
async def test_the_referral_says_when_it_came_by_the_councils_clock(
    settings: Settings, database_url: str, mail_sink: MailSink, zone: str, received: str
) -> None:
    async with running_intake(settings, database_url, mail_sink, timezone=zone) as intake:
        intake.clock.set(datetime(2026, 7, 7, 23, 30, tzinfo=UTC))
        text = await referral(intake)
    assert f"Received: {received} (email)" in text, text[:400]
