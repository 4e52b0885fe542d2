"""The writer's name from how they signed off, when the From header has none (issue 23 item 2:
letters said "Dear Sir or Madam" to "Thanks, Jo Bloggs"). Realistic endings, the ones that must
give a name and the ones that must not (a greeting word, an organisation, a role, a sentence);
then real mail over SMTP and a later letter read from the capture server."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, default

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from casework.closing import withdraw
from heard.wiring import build_case_service
from intake.sign_off import name_from_sign_off
from store.db import session_scope
from store.models import Case, Person
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import COMPLAINTS, deliver

NAMED = [
    (
        "My son's social worker has not called back in three weeks.\n\nThanks, Jo Bloggs",
        "Jo Bloggs",
    ),
    ("I want to complain about the review meeting.\n\nRegards\nMrs K Patel", "Mrs K Patel"),
    ("can someone please ring me back about my daughter\n\nfrom Sam", "Sam"),
    (
        "Nobody has replied.\n\nKind regards,\n\nSiobhan O'Brien-Kelly\n07700 900123\n"
        "12 Acacia Avenue",
        "Siobhan O'Brien-Kelly",
    ),
    ("Please look into this.\n\nYours sincerely\n\nMr. A. Khan", "Mr A Khan"),
    ("the contact centre was shut again\n\nCheers\nDave", "Dave"),
    ("Thank you for reading this.\nMany thanks\nZoë (Ellie's mum)", "Zoë"),
    ("Sorry it's long.\n\nThanks\nSam x", "Sam"),
    ("I am still waiting.\n\nBest wishes,\nPriya Sharma, foster carer", "Priya Sharma"),
    ("Please call me.\n\nThanks,\nJo\n\nSent from my iPhone", "Jo"),
    # A child's sign-off (walkerJ: a 14-year-old's "from sam" was greeted "Sir or Madam"):
    # lower case as the last line, an age after the name, "love from".
    ("nobody listens to me about my foster placement\n\nfrom sam", "Sam"),
    ("thanks\njo", "Jo"),
    ("i want a new social worker\nthanks sam", "Sam"),
    ("Please help me.\n\nLove from Sam", "Sam"),
    ("Please help me.\n\nThanks\nSam 14", "Sam"),
    ("Please help me.\n\nfrom Sam, aged 14", "Sam"),
    ("i dont feel listened to\nfrom sam (im 14)", "Sam"),
    ("nobody rang back\nthanks from jo bloggs", "Jo Bloggs"),
]

UNNAMED = [
    "My son's social worker has not called back.\n\nThanks for your help",
    "Please reply.\n\nThank you",
    "Kind regards,\nThe Fostering Team",
    "Yours sincerely\nOakfield Primary School",
    "Regards\nSocial Services Department",
    "Love Mum",
    "Thanks\nA worried parent",
    "Thanks\nWorried Grandma",
    "Regards\nAnonymous",
    "thanks in advance",
    "Thanks, I look forward to hearing from you.",
    "From: a worried neighbour\nThe children are left alone.",
    "From: Jo Bloggs\nSent: Monday\nSubject: complaint",  # a forwarded header, not the writer
    "Best thing would be a phone call.",
    "From Monday the visits stopped.",
    "Regards\nDr",
    "thanks\njo\nPlease ring after 5",  # lower case only as the very last line
    "Please ring me.\nfrom today",
    "Please ring me.\nthanks mate",
    "Please ring me.\ncheers guys",
    "I was moved away.\nfrom home",
    "Please ring me.\nfrom my phone",
    "Please ring me.\nfrom sams mum",
    "Please ring me.\nthanks so much",
    "Thanks\nOakfield Primary School 14",
    "Sent from my iPhone",
    "Many thanks\nThe Social Work Team at Anytown Council",
    "Regards\nURGENT",  # capitals are shouting, not a name
    "Thanks\nJO BLOGGS",  # nor read as one: not sure enough
]


@pytest.mark.parametrize(("text", "name"), NAMED)
def test_a_name_signed_off_is_read(text: str, name: str) -> None:
    assert name_from_sign_off(text) == name


@pytest.mark.parametrize("text", UNNAMED)
def test_no_name_from_a_greeting_an_organisation_a_role_or_a_sentence(text: str) -> None:
    assert name_from_sign_off(text) is None


def test_the_signature_block_names_the_writer_when_nothing_else_does() -> None:
    assert name_from_sign_off("Please call.", "Jo Bloggs\n07700 900123") == "Jo Bloggs"
    assert name_from_sign_off("Please call.", "Sent from Outlook for Android") is None


def _mail(body: str, *, from_header: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"] = from_header
    message["To"] = COMPLAINTS
    message["Subject"] = "Complaint"
    message["Message-ID"] = message_id
    message["Date"] = "Mon, 02 Mar 2026 09:55:00 +0000"
    message.set_content(body)
    return message.as_bytes(policy=SMTP)


async def greetings_when_withdrawn(intake: Intake, cases: list[Case]) -> dict[str, str]:
    """Each complainant's first line of the letter confirming a withdrawal, by address (the
    acknowledgements sent first, so only the withdrawal letters are read)."""
    await intake.send_outbox()
    acknowledged = len(intake.sink.messages)
    service = build_case_service(intake.context)
    with session_scope(intake.context.engine) as session:
        for case in cases:
            row = session.exec(select(Case).where(Case.id == case.id)).one()
            withdraw(service, session, case=row, actor=Actor.staff(Via.CLI, "o"),
                     now=intake.clock.now())  # fmt: skip
    await intake.send_outbox()
    greetings = {}
    for captured in intake.sink.messages[acknowledged:]:
        letter = message_from_bytes(captured.data, policy=default)
        text = letter.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        greetings[captured.recipients[0]] = text.splitlines()[0]
    return greetings


async def test_a_later_letter_greets_the_writer_by_the_name_they_signed(intake: Intake) -> None:
    body = "My son's social worker has not returned my calls since January.\n\nThanks,\nJo Bloggs"
    await deliver(intake, _mail(body, from_header="jo.b@example.org", message_id="<a@x>"),
                  sender="jo.b@example.org")  # fmt: skip
    header_named = "Nobody came to the review meeting.\n\nRegards\nJo"
    await deliver(intake, _mail(header_named, from_header="Joanna Smith <js@example.org>",
                                message_id="<b@x>"), sender="js@example.org")  # fmt: skip
    unsigned = "The social worker was rude to me on the phone.\n\nThanks for your help"
    await deliver(intake, _mail(unsigned, from_header="anon@example.org", message_id="<c@x>"),
                  sender="anon@example.org")  # fmt: skip
    cases = intake.cases()
    with session_scope(intake.context.engine) as session:
        names = {person.email: person.name for person in session.exec(select(Person))}
        assert names == {
            "jo.b@example.org": "Jo Bloggs",
            "js@example.org": "Joanna Smith",  # the From header's name is kept
            "anon@example.org": None,
        }
    assert await greetings_when_withdrawn(intake, cases) == {
        "jo.b@example.org": "Dear Jo Bloggs,",
        "js@example.org": "Dear Joanna Smith,",
        "anon@example.org": "Dear Sir or Madam,",
    }


async def test_a_child_who_signs_from_sam_is_greeted_dear_sam(intake: Intake) -> None:
    """Over SMTP: a child's lower-case sign-off names them; a name only in quoted or forwarded
    text, or under a school's signature, does not (walkerJ)."""
    child = "i dont want to live at my placement anymore nobody listens\n\nfrom sam (im 14)"
    await deliver(intake, _mail(child, from_header="gamer.s@example.org", message_id="<d@x>"),
                  sender="gamer.s@example.org")  # fmt: skip
    quoted = ("Why has nobody replied to this?\n\nOn Mon, 2 Mar 2026 at 09:00, Head "
              "<head@oak.example> wrote:\n> Dear parent\n> Kind regards\n> Mrs Jones\n")  # fmt: skip
    await deliver(intake, _mail(quoted, from_header="q@example.org", message_id="<e@x>"),
                  sender="q@example.org")  # fmt: skip
    forwarded = ("See below, the school will not help.\n\n---------- Forwarded message "
                 "---------\nFrom: Oakfield Primary <office@oak.example>\nSubject: Sam\n\n"
                 "We have passed it on.\n\nRegards\nMrs Jones\n")  # fmt: skip
    await deliver(intake, _mail(forwarded, from_header="f@example.org", message_id="<g@x>"),
                  sender="f@example.org")  # fmt: skip
    school = "Sam has not been seen by his social worker.\n\nRegards\nOakfield Primary School"
    await deliver(intake, _mail(school, from_header="s@example.org", message_id="<h@x>"),
                  sender="s@example.org")  # fmt: skip
    cases = intake.cases()
    with session_scope(intake.context.engine) as session:
        names = {person.email: person.name for person in session.exec(select(Person))}
    assert names == {"gamer.s@example.org": "Sam", "q@example.org": None,
                     "f@example.org": None, "s@example.org": None}  # fmt: skip
    assert await greetings_when_withdrawn(intake, cases) == {
        "gamer.s@example.org": "Dear Sam,",
        "q@example.org": "Dear Sir or Madam,",
        "f@example.org": "Dear Sir or Madam,",
        "s@example.org": "Dear Sir or Madam,",
    }
