"""A family writing on a case staff closed or withdrew is told their message arrived and that a
person will say what happens next; the letter decides nothing. Intake's holding rules apply as
to a new contact: nothing to a child, a plea for secrecy or a tripwire sender. Real mail over
real sockets on both engines, every letter read from the capture server."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.closing import close, withdraw
from casework.response import ResponseInput, record_response
from heard.wiring import build_case_service
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.outcome_letters import findings_for

MASH = "mash@heard.localhost"
PARENT = "parent@example.org"
OFFICER = Actor.staff(Via.WEB, "jo@council.example")


async def ended_case(intake: Intake, body: str, *, end: str = "close") -> str:
    """A complaint delivered, answered (when closed) and ended a day later; its letters sent."""
    code, _ = await deliver(intake, mail(body))
    assert code == 250
    (case,) = intake.cases()
    intake.clock.advance(timedelta(days=1))
    service = build_case_service(intake.context)
    with session_scope(intake.context.engine) as session:
        row = session.get(Case, case.id)
        assert row is not None
        if end == "close":
            answered = {1: Outcome.NOT_UPHELD}
            record_response(service, session, case=row, actor=OFFICER, response=ResponseInput(
                responded_on=intake.clock.now().date(), issue_outcomes=answered,
                findings=findings_for(answered),
            ))  # fmt: skip
            close(service, session, case=row, actor=OFFICER, now=intake.clock.now(), confirmed=True)
        else:
            withdraw(service, session, case=row, actor=OFFICER, now=intake.clock.now())
    await intake.send_outbox()
    return case.reference


def reply(body: str, number: int, *, sender: str = PARENT) -> bytes:
    return mail(
        body,
        sender=sender,
        message_id=f"<reply-{number}@example.org>",
        subject="Re: Your reference CSC-2026-000001",
    )


async def letters_after(intake: Intake, before: int) -> list[EmailMessage]:
    await intake.send_outbox()
    return [
        message_from_bytes(each.data, policy=default)  # type: ignore[misc]
        for each in intake.sink.messages[before:]
    ]


def text_of(letter: EmailMessage) -> str:
    body = letter.get_body(("plain",))
    assert body is not None
    return " ".join(body.get_content().split())


def audit_reasons(intake: Intake) -> str:
    with session_scope(intake.context.engine) as session:
        return " ".join(e.reason or "" for e in audit_entries(session, select(AuditEntry)))


async def test_a_reply_on_a_closed_complaint_is_acknowledged_once_a_day(intake: Intake) -> None:
    reference = await ended_case(intake, "My son's social worker never returns my calls.")
    before = len(intake.sink.messages)
    intake.clock.advance(timedelta(days=2))  # Thursday 5 March, 10:00
    await deliver(
        intake,
        reply(
            "I am not happy with your response. The social worker still does not return my calls.",
            1,
        ),
    )
    await deliver(
        intake, reply("I would like to add that the social worker has still not called me back.", 2)
    )
    (letter,) = await letters_after(intake, before)
    assert letter["To"] == PARENT and letter["Subject"] == f"Your reference {reference}"
    assert (
        letter["Auto-Submitted"] == "auto-replied"
        and letter["In-Reply-To"] == "<reply-1@example.org>"
    )
    text = text_of(letter)
    assert "We received it on Thursday 5 March 2026" in text
    assert "We closed your complaint on 3 March 2026" in text
    assert "will read your message and write to you to explain what happens next" in text
    assert "Nothing about your complaint has been decided or changed yet" in text
    # a family unhappy with a stage 1 answer is told the day their request counts from
    assert (
        "next stage of the complaints procedure, we will take your request as made on Thursday 5 March 2026"
        in text
    )
    assert "999" in text
    for decided in ("reopen", "new complaint", "stage 2", "accepted"):
        assert decided not in text.lower()
    with session_scope(intake.context.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.needs_attention  # staff are still called to read it
    # the next day's message gets its own acknowledgement
    intake.clock.advance(timedelta(days=1))
    await deliver(intake, reply("Please call me.", 3))
    (again,) = await letters_after(intake, before + 1)
    assert "We received it on Friday 6 March 2026" in text_of(again)


async def test_a_reply_on_a_withdrawn_complaint_is_acknowledged(intake: Intake) -> None:
    await ended_case(intake, "My son's social worker never returns my calls.", end="withdraw")
    before = len(intake.sink.messages)
    await deliver(intake, reply("I did not mean to withdraw it, please carry on.", 1))
    (letter,) = await letters_after(intake, before)
    text = text_of(letter)
    assert "Your complaint was withdrawn on 3 March 2026" in text
    assert "write to you to explain what happens next" in text
    assert "next stage" not in text


@pytest.mark.parametrize(
    ("first", "answer", "why", "referred"),
    [
        (
            "My son's social worker never returns my calls.",
            "Thanks. Also my partner hits me in front of the kids most nights.",
            "a safeguarding referral",
            True,
        ),
        (
            "My son's social worker never returns my calls.",
            "Please don't tell my sister that I have written to you again.",
            "the writer asks that someone not be told",
            None,  # the safeguarding model's to weigh: held either way
        ),
        (
            "My son's social worker never returns my calls.",
            "ok but im still waiting for my new sw to ring me",
            "a child is writing",
            False,
        ),
        (
            "im 14 and my social worker keeps cancelling our meetings and never rings back",
            "I am still not happy with what you said.",
            "on this case before: a child is writing",
            False,
        ),
    ],
    ids=["disclosure-in-the-reply", "secrecy-in-the-reply", "a-child-replying", "a-child-case"],
)
async def test_no_automatic_mail_answers_a_held_reply(
    intake: Intake, first: str, answer: str, why: str, referred: bool | None
) -> None:
    await ended_case(intake, first)
    before = len(intake.sink.messages)
    await deliver(intake, reply(answer, 1))
    letters = await letters_after(intake, before)
    sent = [letter["To"] for letter in letters]
    allowed: list[list[str]] = {True: [[MASH]], False: [[]], None: [[], [MASH]]}[referred]
    assert sent in allowed  # never the writer
    reasons = audit_reasons(intake)
    assert "no automatic reply" in reasons and why in reasons
    assert "staff decide how to reply" in reasons


async def test_an_out_of_office_note_on_a_closed_case_gets_nothing(intake: Intake) -> None:
    await ended_case(intake, "My son's social worker never returns my calls.")
    before = len(intake.sink.messages)
    away = mail(
        "I am away until Monday.",
        message_id="<away@example.org>",
        subject="Automatic reply: Your reference CSC-2026-000001",
        Auto_Submitted="auto-replied",
    )
    await deliver(intake, away)
    assert await letters_after(intake, before) == []
