"""The automatic first letter to a subject access request or a data protection complaint that
arrives by email (found walking heard as a data protection officer: both got the general
contact letter, which asks the writer whether they "meant to make a complaint" and says
nothing of the month a request must be answered in). Real mail over real sockets, the letter
read from the capture server."""

from __future__ import annotations

from email import message_from_bytes, policy

from cases.enums import RecordKind
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail


async def _first_letter(intake: Intake, body: str) -> tuple[RecordKind, str]:
    code, _ = await deliver(intake, mail(body))
    assert code == 250
    intake.settle()
    await intake.send_outbox()
    (letter,) = [m for m in intake.sink.messages if m.recipients == ["parent@example.org"]]
    text = message_from_bytes(letter.data, policy=policy.default).get_body(("plain",))
    assert text is not None
    (case,) = intake.cases()
    return case.record_kind, " ".join(str(text.get_content()).split())


async def test_a_subject_access_request_is_told_its_month(intake: Intake) -> None:
    kind, text = await _first_letter(
        intake, "Under GDPR I am making a subject access request for a copy of my records."
    )
    assert kind == RecordKind.SUBJECT_ACCESS_REQUEST
    # received Monday 2 March 2026: one calendar month is Thursday 2 April
    assert "copy of the personal information we hold about you" in text
    assert "by Thursday 2 April 2026" in text
    assert "meant to make a complaint" not in text


async def test_a_data_protection_complaint_is_told_it_is_one(intake: Intake) -> None:
    kind, text = await _first_letter(
        intake, "I am complaining about how you shared my personal data with the school."
    )
    assert kind == RecordKind.DATA_PROTECTION_COMPLAINT
    assert "your complaint about how we have handled personal data" in text
    assert "Information Commissioner's Office" in text
    assert "meant to make a complaint" not in text
    # Triage proposed it; staff have not checked: the letter expects, and does not rule out,
    # the children's complaints procedure (a family's address given to an ex-partner may be both).
    assert "we expect your complaint to be looked at" in text
    assert "A member of our complaints team will check this" in text
    assert "not under the children's social care complaints procedure" not in text
