"""The case list, search, filters, queues and case pages, on SQLite and PostgreSQL: what staff
find, what they read, and the audit entry every view leaves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from cases.actor import Actor, Via
from cases.day_words import long_date
from cases.enums import AdvocacyStatus
from casework.records import record_advocacy, record_advocate
from heard.wiring import build_case_service
from store.db import read_scope, session_scope
from store.models import AuditEntry, Case, Person
from store.reads import reads_of
from testkit.web_rules import DIRECTOR, MANAGER, OFFICER
from tests.web.conftest import Web


def audit_actions(web: Web, case_reference: str | None = None) -> list[tuple[str, str]]:
    with read_scope(web.context.engine) as session:
        statement = select(AuditEntry).order_by(col(AuditEntry.id))
        if case_reference:
            case = session.exec(select(Case).where(Case.reference == case_reference)).one()
            statement = statement.where(AuditEntry.case_id == case.id)
        return [(entry.actor, entry.action) for entry in session.exec(statement)]


def test_search_finds_a_case_by_a_word_of_its_text_its_sender_or_its_reference(web: Web) -> None:
    first = web.new_case(body="The contact centre keeps cancelling family time.")
    second = web.new_case(body="Nobody returns my calls about the fostering allowance.")
    web.add_message(second, text="Still waiting for the allowance", sender="grandad@example.net")
    web.sign_in()
    for words, expected in [
        ("cancelling", first),  # a word of the first message (stemmed: cancelled)
        ("cancelled", first),
        ("allowance waiting", second),  # every word, in one message
        ("grandad@example.net", second),  # the sender's address
        (second.lower(), second),  # the reference, in any case
    ]:
        page = web.client.get("/cases", params={"q": words})
        assert page.status_code == 200
        assert f"/cases/{expected}" in page.text, words
        other = first if expected == second else second
        assert f"/cases/{other}" not in page.text, words
    nothing = web.client.get("/cases", params={"q": 'zebra" OR "*'})
    assert nothing.status_code == 200 and "0 cases" in nothing.text
    searched = [action for _, action in audit_actions(web) if action == "cases searched"]
    assert len(searched) == 6
    with read_scope(web.context.engine) as session:  # the search that found it is in its reads
        case = session.exec(select(Case).where(Case.reference == first)).one()
        seen = [read.what for read in reads_of(session, case=case)]
    assert sum("in the results of a search (q cancel" in what for what in seen) == 2, seen


def test_the_plain_case_list_is_a_read_of_every_case_it_shows(web: Web) -> None:
    """Found walking: the list with no filter shows each case's subject (which can name a
    child) and wrote no audit entry, while a search or a filtered list did."""
    reference = web.new_case(body="About my daughter Maisie's contact arrangements.")
    web.sign_in()
    page = web.client.get("/cases")
    assert page.status_code == 200 and f"/cases/{reference}" in page.text
    assert [action for _, action in audit_actions(web) if action == "cases searched"] == [
        "cases searched"
    ]
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        seen = [read.what for read in reads_of(session, case=case)]
    assert "in the case list (page 1)" in seen, seen


def test_search_finds_a_complainant_by_name_and_address(web: Web) -> None:
    reference = web.new_case()
    with session_scope(web.context.engine) as session:
        person = session.exec(select(Person)).one()
        person.name, person.address = "Bernadette Okonkwo", "12 Mill Lane, Dudley DY1 1AA"
        session.add(person)
    web.sign_in()
    for words in ("Okonkwo", "mill lane", "DY1"):
        assert f"/cases/{reference}" in web.client.get("/cases", params={"q": words}).text, words


def test_filters_narrow_the_list_and_a_wrong_value_is_an_error_next_to_its_field(web: Web) -> None:
    fostering = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    listed = web.client.get("/cases", params={"team": "fostering"}).text
    assert f"/cases/{fostering}" in listed
    assert "/cases/" + fostering in web.client.get("/cases", params={"show": "unassigned"}).text
    assert "0 cases" in web.client.get("/cases", params={"show": "overdue"}).text
    web.clock.advance(timedelta(days=40))
    web.sign_in()  # the session ended while the clock moved on
    assert f"/cases/{fostering}" in web.client.get("/cases", params={"show": "overdue"}).text
    wrong = web.client.get("/cases", params={"team": "<script>", "stage": "nine", "show": "x"})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.text and "Choose a team from the list" in wrong.text
    assert "<script>" not in wrong.text


def test_a_case_page_shows_the_case_and_audits_the_view(web: Web) -> None:
    reference = web.new_case(
        body="My son's social worker is rude and the fostering team never call."
    )
    web.add_message(
        reference,
        text="Here is the call log.",
        sender="parent@example.org",
        attachment=b"<script>alert(1)</script>",
    )
    web.sign_in()
    page = web.client.get(f"/cases/{reference}")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "Test Parent",
        "parent@example.org",
        "Why heard proposed this",
        "Deadlines",
        "working days left",
        "Here is the call log.",
        "Audit trail",
        "opened the case",  # the audit trail in words (cases.changes.RECORDED)
    ):
        assert expected in text, expected
    assert ("web:" + OFFICER, "case viewed") in audit_actions(web, reference)
    download = web.client.get(f"/cases/{reference}/attachments/1")
    assert download.status_code == 200 and download.content == b"<script>alert(1)</script>"
    assert download.headers["content-disposition"] == 'attachment; filename="call_log.html"'
    assert download.headers["content-security-policy"].startswith("sandbox")
    assert ("web:" + OFFICER, "attachment downloaded") in audit_actions(web, reference)
    assert web.client.get(f"/cases/{reference}/attachments/9").status_code == 404
    assert web.client.get("/cases/CSC-2026-999999").status_code == 404
    assert web.client.get("/cases/not-a-reference").status_code == 404


@pytest.mark.parametrize(
    ("email", "queue"),
    [
        (OFFICER, "Not yet read"),
        (MANAGER, "Fostering: open cases"),
        (DIRECTOR, "Overdue cases by directorate"),
    ],
)
def test_each_role_has_its_queue(web: Web, email: str, queue: str) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in(email)
    page = web.client.get("/queues")
    assert page.status_code == 200 and queue in page.text
    if email != DIRECTOR:
        assert f"/cases/{reference}" in page.text
    if email == OFFICER:
        web.client.get(f"/cases/{reference}")
        assert (
            f"/cases/{reference}"
            not in web.client.get("/queues").text.split("Triage to confirm")[0]
        )


def test_text_read_after_the_250_is_searchable(web: Web) -> None:
    """Intake stores a message before its 250 and fills in its text later (an UPDATE): search
    must find the text then, and not the text it replaced."""
    from store.models import Correspondence

    reference = web.new_case(body="placeholder words")
    with session_scope(web.context.engine) as session:
        message = session.exec(select(Correspondence)).one()
        message.text = "The respite carer cancelled twice"
        session.add(message)
    web.sign_in()
    assert f"/cases/{reference}" in web.client.get("/cases", params={"q": "respite"}).text
    assert f"/cases/{reference}" not in web.client.get("/cases", params={"q": "placeholder"}).text


def test_the_queues_page_is_a_read_of_every_case_it_shows(web: Web) -> None:
    """walkerI, signed in as a complaints officer: /queues lists the cases nobody has opened
    and the triage to confirm, each with its subject (which can name a child), and wrote no
    audit entry, while the case list it sits beside is a read of every case it shows."""
    reference = web.new_case(body="About my daughter Maisie's contact arrangements.")
    web.sign_in()
    page = web.client.get("/queues")
    assert page.status_code == 200 and f"/cases/{reference}" in page.text
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        seen = [read.what for read in reads_of(session, case=case)]
    assert "in their queues (not-yet-read, triage-to-confirm)" in seen, seen


def test_the_case_page_says_when_advocacy_was_offered_and_when_taken_up(web: Web) -> None:
    """walkerF: an advocate offered and later taken up read "taken up, offered 5 January": the
    day it was taken up was missing, which the CLI's `cases show` gives."""
    reference = web.new_case()
    service = build_case_service(web.context)
    received = web.clock.now().date()
    for status, days, organisation in (
        (AdvocacyStatus.OFFERED, 0, None),
        (AdvocacyStatus.TAKEN_UP, 3, "Coram Voice"),
    ):
        web.clock.advance(timedelta(days=days))
        with session_scope(web.context.engine) as session:
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            record_advocacy(service, session, case=case, status=status,
                            on=received + timedelta(days=days), actor=Actor.staff(Via.CLI, "o"),
                            today=web.clock.now().date(), organisation=organisation)  # fmt: skip
    web.sign_in()
    said = " ".join(web.client.get(f"/cases/{reference}").text.split())
    offered, taken = received, received + timedelta(days=3)
    assert (
        f"Advocacy: taken up {long_date(taken)} (offered {long_date(offered)}), Coram Voice."
        in said
    ), said[said.find("Advocacy") - 50 : said.find("Advocacy") + 200]


@pytest.mark.parametrize(
    ("consent", "said"), [(True, "Yes, with the complainant’s consent"), (False, "No")]
)
def test_the_case_page_says_whether_the_advocate_gets_copies_of_letters(
    web: Web, consent: bool, said: str
) -> None:
    """walkerF: the advocate's card gave their name and email, and nothing said whether every
    letter was being copied to them."""
    reference = web.new_case()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_advocate(build_case_service(web.context), session, case=case, name="Ali Advocate",
                        email="ali@advocacy.example", consent_to_copy=consent,
                        actor=Actor.staff(Via.CLI, "o"), today=web.clock.now().date())  # fmt: skip
    web.sign_in()
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    card = page[page.index("Advocate: Ali Advocate") :]
    assert f'Copies of letters </dt> <dd class="govuk-summary-list__value"> {said} </dd>' in card


def test_the_case_page_shows_each_stage_its_response_and_its_remedies(web: Web) -> None:
    """walkerF: `heard cases show` gave each stage's response and remedies, the web case page
    neither. Both now read them from casework.stage_facts."""
    from cases.enums import Outcome, RemedyKind
    from casework.response import RemedyInput, ResponseInput, record_response
    from tests.outcome_letters import findings_for

    reference = web.new_case()
    outcomes = {1: Outcome.UPHELD}
    today = web.clock.now().date()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(build_case_service(web.context), session, case=case,
                        actor=Actor.staff(Via.CLI, "o"), today=today,
                        response=ResponseInput(
                            responded_on=today, issue_outcomes=outcomes,
                            findings=findings_for(outcomes), manager_contacted=True,
                            remedies=(RemedyInput(RemedyKind.APOLOGY),
                                      RemedyInput(RemedyKind.FINANCIAL, amount_pence=15000))))  # fmt: skip
    web.sign_in()
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    stages = page[page.index('<h2 class="govuk-heading-m">Stages</h2>') :]
    stages = stages[: stages.index("<h2", 1)]
    assert '<h3 class="govuk-heading-s">Statutory stage 1</h3>' in stages
    assert f"Responded {long_date(today)}, upheld, in time, 0 working days" in stages
    assert 'Manager called or met </dt> <dd class="govuk-summary-list__value"> yes' in stages
    assert 'Remedies </dt> <dd class="govuk-summary-list__value"> Apology, Financial £150.00' in (
        stages
    )
