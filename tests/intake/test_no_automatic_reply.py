"""No automatic mail reaches the sender when the tripwire fires, a child writes or anyone asks
for secrecy (issue 23): real mail over real sockets, and the capture server is read to show
that only the MASH referral (if any) left. The case says why, so staff decide how to reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Channel, RecordKind
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


async def test_a_disclosure_staff_log_from_a_call_goes_whole_to_the_mash_and_not_to_the_caller(
    intake: Intake,
) -> None:
    """Found walking the web view's Log a phone call: the MASH got "From: name not given <no
    address>", the first 120 characters as a subject and "(no text)" (the referral looked only
    for inbound mail, and a logged call is an internal note), and the caller was sent the
    automatic acknowledgement though the tripwire fired."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    service = build_case_service(intake.context)
    text = ("Mrs Shah rang about the short breaks team cancelling her son's respite weekends. "
            "At the end of the call she said her partner hits her in front of the children "
            "and she is frightened he will find out she rang.")  # fmt: skip
    now = intake.clock.now()
    with session_scope(intake.context.engine) as session:
        case = contacts.log_contact(service, session, contact=contacts.LoggedContact(
            channel=Channel.TELEPHONE, record_kind=RecordKind.COMPLAINT, name="Priya Shah",
            email="priya.s@example.org", phone="07700 900123", child=None, text=text),
            actor=Actor.staff(Via.WEB, "officer@council.example"), now=now)  # fmt: skip
        logged_contact_triage(intake.context, service)(session, case=case, text=text, now=now)
        reference = case.reference
    # letters are queued at the wall clock's time (LetterWriter reads no Clock yet)
    intake.clock.advance(datetime.now(UTC) - intake.clock.now() + timedelta(minutes=1))
    await intake.send_outbox()
    assert [m.recipients for m in intake.sink.messages] == [[MASH]]
    referral = " ".join(message_from_bytes(intake.sink.messages[0].data, policy=default)
                        .get_body(("plain",)).get_content().split())  # type: ignore[union-attr]  # fmt: skip
    assert reference in referral and "frightened he will find out she rang" in referral
    assert "Priya Shah" in referral and "priya.s@example.org" in referral
    assert "(no text)" not in referral
    with session_scope(intake.context.engine) as session:
        notes = audit_entries(session, select(AuditEntry).where(AuditEntry.case_id == case.id))
    assert any("staff decide how to reply" in (entry.reason or "") for entry in notes)


async def test_a_disclosure_in_a_letter_staff_log_on_a_case_is_referred(intake: Intake) -> None:
    """A reply by mail on a case is read by the tripwire; a letter or call staff log on the
    case was not (found walking `heard case REF log`: a disclosure sat in the note, nobody
    told the MASH, the case not flagged)."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    await deliver(intake, mail("My son's social worker never returns my calls."))
    (case,) = intake.cases()
    await intake.send_outbox()
    intake.sink.messages.clear()
    service = build_case_service(intake.context)
    text = "Further to my complaint. My partner hit my son last night and I am scared to go home."
    now = intake.clock.now()
    with session_scope(intake.context.engine) as session:
        found = session.get(type(case), case.id)
        assert found is not None
        note = contacts.log_on_case(service, session, case=found, channel=Channel.LETTER,
                                    text=text, at=now, actor=Actor.staff(Via.CLI, "o"))  # fmt: skip
        logged_contact_triage(intake.context, service)(
            session, case=found, text=text, now=now, note=note
        )
    await intake.send_outbox()
    assert [m.recipients for m in intake.sink.messages] == [[MASH]]
    referral = " ".join(message_from_bytes(intake.sink.messages[0].data, policy=default)
                        .get_body(("plain",)).get_content().split())  # type: ignore[union-attr]  # fmt: skip
    assert "scared to go home" in referral and case.reference in referral
    (flagged,) = intake.cases()
    assert flagged.needs_attention
