"""Mail triage would not log as a complaint gets an acknowledgement of receipt and nothing
that decides it: the letter saying why it is not logged waits for staff (issue 23 item 2)."""

from __future__ import annotations

from cases.enums import Route
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail


async def test_an_email_triage_would_not_log_gets_only_a_receipt(intake: Intake) -> None:
    raw = mail("I want the judge's decision in the care proceedings changed.")
    code, _ = await deliver(intake, raw)
    assert code == 250
    (case,) = intake.cases()
    assert case.route == Route.NOT_LOGGED
    assert await intake.send_outbox() == 1
    (receipt,) = intake.sink.messages
    text = " ".join(receipt.data.decode().replace("=\r\n", "").split())
    assert case.reference in text and "write to you to explain how it will be dealt with" in text
    assert "not able to consider" not in text
