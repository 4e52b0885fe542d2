"""A call, letter or visit staff log as a new complaint gets the automatic acknowledgement an
email would have got (outbound.letters.LetterWriter), and that letter is the acknowledgement, as
intake's is for mail: found walking, a letter logged for an earlier day was sent its
acknowledgement and the case still said "acknowledgement OVERDUE" until it was withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import AuditAction, Channel, DeadlineRule, RecordKind
from store.db import session_scope
from store.models import AuditEntry, Deadline
from tests.intake.conftest import Intake

TEXT = (
    "I am writing to complain that my son's social worker has not returned my calls for three "
    "weeks and missed his review meeting."
)


async def test_the_acknowledgement_sent_to_a_logged_letter_meets_its_deadline(
    intake: Intake,
) -> None:
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    service = build_case_service(intake.context)
    now = intake.clock.now()
    with session_scope(intake.context.engine) as session:
        case = contacts.log_contact(service, session, contact=contacts.LoggedContact(
            channel=Channel.LETTER, record_kind=RecordKind.COMPLAINT, name="Ann Example",
            email="ann@example.org", phone=None, child=None, text=TEXT),
            actor=Actor.staff(Via.WEB, "officer@council.example"), now=now)  # fmt: skip
        logged_contact_triage(intake.context, service)(session, case=case, text=TEXT, now=now)
        clock = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule == DeadlineRule.ACKNOWLEDGEMENT
            )
        ).one()
        assert clock.met_on == service.calendar.local_date(now)
        assert case.acknowledged_at is not None
    # letters are queued at the wall clock's time (LetterWriter reads no Clock yet)
    intake.clock.advance(datetime.now(UTC) - intake.clock.now() + timedelta(minutes=1))
    await intake.send_outbox()
    assert [m.recipients for m in intake.sink.messages] == [["ann@example.org"]]


async def test_a_letter_logged_for_an_earlier_day_is_acknowledged_the_day_its_letter_goes(
    intake: Intake,
) -> None:
    """Logged in December for a letter received in September (walker, walking the README's
    case): the acknowledgement went in December, so the deadline is met then, and late; it was
    recorded as met on the day the letter arrived."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    service = build_case_service(intake.context)
    now = intake.clock.now()
    received = now - timedelta(days=60)
    with session_scope(intake.context.engine) as session:
        case = contacts.log_contact(service, session, contact=contacts.LoggedContact(
            channel=Channel.LETTER, record_kind=RecordKind.COMPLAINT, name="Ann Example",
            email="ann@example.org", phone=None, child=None, text=TEXT),
            actor=Actor.staff(Via.CLI, "officer"), now=received)  # fmt: skip
        logged_contact_triage(intake.context, service)(session, case=case, text=TEXT, now=received)
        clock = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule == DeadlineRule.ACKNOWLEDGEMENT
            )
        ).one()
        assert clock.met_on == service.calendar.local_date(now), clock.met_on
        assert clock.met_on > clock.due_on  # met late, as it was
        assert case.acknowledged_at == now


async def test_a_disclosure_logged_for_an_earlier_day_is_referred_at_the_time_it_goes(
    intake: Intake,
) -> None:
    """A letter received in September and logged in December whose words trip safeguarding: the
    referral goes to the MASH in December, and the audit trail (what a review of the case
    reads) says December, not the day the letter arrived."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    disclosure = "My stepdad hits me and I am scared to go home. Please do not tell my mum."
    service = build_case_service(intake.context)
    now = intake.clock.now()
    received = now - timedelta(days=60)
    with session_scope(intake.context.engine) as session:
        case = contacts.log_contact(service, session, contact=contacts.LoggedContact(
            channel=Channel.LETTER, record_kind=RecordKind.COMPLAINT, name="Jo Example",
            email="jo@example.org", phone=None, child=None, text=disclosure),
            actor=Actor.staff(Via.CLI, "officer"), now=received)  # fmt: skip
        logged_contact_triage(intake.context, service)(
            session, case=case, text=disclosure, now=received
        )
        referred = session.exec(
            select(AuditEntry.at).where(
                AuditEntry.case_id == case.id, AuditEntry.action == AuditAction.MASH_REFERRAL
            )
        ).all()
        assert [at.astimezone(UTC) for at in referred] == [now], referred


async def test_a_disclosure_logged_on_a_case_for_an_earlier_day_is_referred_at_the_time_it_goes(
    intake: Intake,
) -> None:
    """The same for a call logged on a case that already exists, 60 days after it was made."""
    from casework import contacts
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service

    disclosure = "He said my stepdad hits me and he is scared to go home."
    service = build_case_service(intake.context)
    now = intake.clock.now()
    received = now - timedelta(days=60)
    officer = Actor.staff(Via.CLI, "officer")
    with session_scope(intake.context.engine) as session:
        case = contacts.log_contact(service, session, contact=contacts.LoggedContact(
            channel=Channel.LETTER, record_kind=RecordKind.COMPLAINT, name="Ann Example",
            email="ann@example.org", phone=None, child=None, text=TEXT),
            actor=officer, now=received)  # fmt: skip
        note = contacts.log_on_case(service, session, case=case, channel=Channel.TELEPHONE,
                                    text=disclosure, at=received, actor=officer)  # fmt: skip
        logged_contact_triage(intake.context, service)(
            session, case=case, text=disclosure, now=received, note=note
        )
        referred = session.exec(
            select(AuditEntry.at).where(
                AuditEntry.case_id == case.id, AuditEntry.action == AuditAction.MASH_REFERRAL
            )
        ).all()
        assert [at.astimezone(UTC) for at in referred] == [now], referred
