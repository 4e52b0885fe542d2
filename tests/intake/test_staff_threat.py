"""A threat to a named worker in a complaint, or in a reply on one, makes the case need a person
to look, with the rule and the words, and the manager of the case's team is told at once
(references and heard's words only); ordinary anger does neither (issue 23, walker item 1).
Real mail over real sockets, the letters and alerts read from the capture server."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from sqlmodel import select

from cases.actor import Actor, Via
from cases.changes import Note
from cases.enums import Channel
from cases.staff_threat import THREAT_TO_STAFF
from org.directory import Organisation
from store import audit
from store.cases.queries import team_ids_of
from store.db import session_scope
from store.models import Case
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

THREAT = (
    "Nobody from the assessment team has rung me back in three weeks about my son's plan. "
    "Tell Mrs Patel I know where she parks."
)


def managers(intake: Intake, case: Case) -> set[str]:
    organisation: Organisation = intake.context.organisation
    with session_scope(intake.context.engine) as session:
        teams = team_ids_of(session, case_id=case.id or 0) or [organisation.triage_team.id]
    found = set()
    for team_id in teams:
        team = organisation.team(team_id)
        assert team is not None and team.manager is not None and team.manager.email
        found.add(team.manager.email)
    return found


def text_of(data: bytes) -> str:
    message = message_from_bytes(data, policy=default)
    body = message.get_body(("plain",))
    assert body is not None
    return " ".join(str(body.get_content()).split())


async def test_a_threat_in_a_new_complaint_flags_it_and_tells_the_manager(intake: Intake) -> None:
    await deliver(intake, mail(THREAT))
    (case,) = intake.cases()
    assert case.needs_attention
    reason = case.attention_reason or ""
    assert reason.startswith(THREAT_TO_STAFF) and "st.knows_where" in reason
    assert '"i know where she parks"' in reason  # the words, for the case page
    with session_scope(intake.context.engine) as session:
        notes = [e for e in audit.history(session, case_id=case.id or 0)
                 if e.action == Note.STAFF_THREAT]  # fmt: skip
    assert len(notes) == 1
    told = managers(intake, case)
    await intake.send_outbox()
    by_recipient = {tuple(m.recipients): m for m in intake.sink.messages}
    assert ("parent@example.org",) in by_recipient  # the complaint is acknowledged as usual
    assert {r for (r,) in by_recipient} - {"parent@example.org"} == told
    for address in told:
        alert = text_of(by_recipient[(address,)].data)
        assert case.reference in alert and "threat to a member of staff" in alert
        assert "parks" not in alert and "Patel" not in alert  # the words stay on the case page


async def test_a_threat_in_a_reply_flags_the_case(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    (case,) = intake.cases()
    assert not case.needs_attention
    reply = mail(
        "Still nothing. She had better watch her back.\n\n> My son's social worker never "
        "returns my calls.\n",
        message_id="<m2@example.org>",
        subject="Re: Your reference CSC-2026-000001",
    )
    await deliver(intake, reply)
    (case,) = intake.cases()
    assert case.needs_attention and "st.watch_back" in (case.attention_reason or "")
    await intake.send_outbox()
    alerts = [m for m in intake.sink.messages if b"threat to a member of staff" in m.data]
    assert {r for m in alerts for r in m.recipients} == managers(intake, case)


async def test_ordinary_anger_is_no_threat(intake: Intake) -> None:
    await deliver(intake, mail(
        "The social worker has ignored me for a month. Watch this space: I'll be taking this "
        "further, and I'll go to my MP if I have to."
    ))  # fmt: skip
    (case,) = intake.cases()
    assert not case.needs_attention
    await intake.send_outbox()
    assert [m.recipients for m in intake.sink.messages] == [["parent@example.org"]]
    with session_scope(intake.context.engine) as session:
        found = session.exec(select(Case).where(Case.id == case.id)).one()
        assert not any(e.action == Note.STAFF_THREAT
                       for e in audit.history(session, case_id=found.id or 0))  # fmt: skip


async def test_a_threat_in_a_call_staff_log_on_a_case_flags_it(intake: Intake) -> None:
    """A call staff log (`heard case REF log`, the web view, Slack) is read as a reply is, in
    the third person staff write it in."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    await deliver(intake, mail("My son's social worker never returns my calls."))
    (case,) = intake.cases()
    service = build_case_service(intake.context)
    text = "Dad rang again. He said he'd be waiting for the social worker in the car park."
    now = intake.clock.now()
    with session_scope(intake.context.engine) as session:
        found = session.get(Case, case.id)
        assert found is not None
        note = contacts.log_on_case(service, session, case=found, channel=Channel.TELEPHONE,
                                    text=text, at=now, actor=Actor.staff(Via.CLI, "o"))  # fmt: skip
        logged_contact_triage(intake.context, service)(
            session, case=found, text=text, now=now, note=note
        )
    (flagged,) = intake.cases()
    assert flagged.needs_attention and "st.threat_reported" in (flagged.attention_reason or "")
    await intake.send_outbox()
    alerts = [m for m in intake.sink.messages if b"threat to a member of staff" in m.data]
    assert {r for m in alerts for r in m.recipients} == managers(intake, flagged)


async def test_every_rule_that_fired_is_named_in_the_flag_the_audit_and_the_alert(
    intake: Intake,
) -> None:
    """Two threats in one message: the flag and its audit entry name both rules with their
    words; the manager's alert names both rules, and no word of the message."""
    await deliver(intake, mail(
        "Nobody has visited my daughter since June. I know where he parks his car, and "
        "Mr Reeve had better watch his back."
    ))  # fmt: skip
    (case,) = intake.cases()
    both = "(st.knows_where, st.watch_back)"
    assert f"{THREAT_TO_STAFF} {both}: " in (case.attention_reason or "")
    with session_scope(intake.context.engine) as session:
        (note,) = [e for e in audit.history(session, case_id=case.id or 0)
                   if e.action == Note.STAFF_THREAT]  # fmt: skip
    assert both in (note.reason or "") and '"i know where he parks' in (note.reason or "")
    await intake.send_outbox()
    told = managers(intake, case)
    alerts = [m for m in intake.sink.messages if b"threat to a member of staff" in m.data]
    assert {r for m in alerts for r in m.recipients} == told
    for alert in alerts:
        words = text_of(alert.data)
        assert f"{case.reference} reads as a threat to a member of staff" in words
        assert "st.knows_where, st.watch_back" in words, words
        assert "parks" not in words and "Reeve" not in words and "back." not in words
