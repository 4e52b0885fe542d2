"""No automatic mail reaches the sender when the tripwire fires, a child writes or anyone asks
for secrecy (issue 23): real mail over real sockets, and the capture server is read to show
that only the MASH referral (if any) left. The case says why, so staff decide how to reply."""

from __future__ import annotations

import pytest
from sqlmodel import select

from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

MASH = "mash@heard.localhost"


@pytest.mark.parametrize(
    ("body", "why", "referred"),
    [
        (
            "My son's social worker never returns my calls. Also my partner hits me in front "
            "of the kids most nights.",
            "a safeguarding referral",
            True,
        ),
        (
            "im 14 and my social worker keeps cancelling our meetings and never rings back",
            "a child is writing",
            False,
        ),
        (
            "I want to complain about the delay in my kinship assessment for my niece. "
            "Please don't tell my sister that I have complained.",
            "the writer asks that someone not be told",
            False,
        ),
    ],
    ids=["disclosure-beside-a-complaint", "a-child-writing", "secrecy-asked"],
)
async def test_no_automatic_mail_goes_to_the_sender(
    intake: Intake, body: str, why: str, referred: bool
) -> None:
    code, _ = await deliver(intake, mail(body))
    assert code == 250
    (case,) = intake.cases()
    assert case.safeguarding == referred
    await intake.send_outbox()
    recipients = [message.recipients for message in intake.sink.messages]
    assert ["parent@example.org"] not in recipients
    assert recipients == ([[MASH]] if referred else [])
    with session_scope(intake.context.engine) as session:
        notes = audit_entries(session, select(AuditEntry).where(AuditEntry.case_id == case.id))
    reasons = " ".join(entry.reason or "" for entry in notes)
    assert "no automatic reply" in reasons and why in reasons
    assert "staff decide how to reply" in reasons


async def test_an_ordinary_complaint_is_still_acknowledged(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    await intake.send_outbox()
    assert [message.recipients for message in intake.sink.messages] == [["parent@example.org"]]
