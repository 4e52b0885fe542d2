"""Staff actions as web forms, over the same use cases as Slack and the CLI: errors beside
their fields, the role table's checks, the letter shown before it is sent, CSRF."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from cases.enums import Direction
from store.audit import entries as audit_entries
from store.db import read_scope
from store.models import (
    Attachment,
    AuditEntry,
    Case,
    Correspondence,
    Deadline,
    Issue,
    OutboxMessage,
    Stage,
)
from testkit.web_rules import MANAGER, OFFICER
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.outcome_letters import EVERY_OUTCOME, assert_every_outcome_in, one_issue_per_outcome
from tests.web.conftest import Web, csrf_of, day_fields


def case_of(web: Web, reference: str) -> Case:
    with read_scope(web.context.engine) as session:
        return session.exec(select(Case).where(Case.reference == reference)).one()


def post(web: Web, path: str, data: dict[str, object]) -> object:
    page = web.client.get(path)
    assert page.status_code == 200, page.text
    return web.client.post(path, data={"csrf_token": csrf_of(page.text), **data})


def send(web: Web, path: str, data: dict[str, Any]) -> None:
    """A letter-writing action as staff take it: the letter shown, then Save and send."""
    preview = post(web, path, data)
    assert preview.status_code == 200, preview.text[-800:]  # type: ignore[attr-defined]
    token = csrf_of(preview.text)  # type: ignore[attr-defined]
    sent = web.client.post(path, data={**data, "confirm": "yes", "csrf_token": token})
    assert sent.status_code == 303, sent.text[-800:]


def test_acknowledge_from_the_case_page(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    page = web.client.get(f"/cases/{reference}")
    assert f"/cases/{reference}/actions/acknowledge" in page.text
    # by email the first letter went when the contact came (bf24f50): acknowledged at once
    answer = post(
        web, f"/cases/{reference}/actions/acknowledge", day_fields("on", web.clock.now().date())
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).acknowledged_by == f"web:{OFFICER}"
    shown = web.client.get(f"/cases/{reference}").text
    assert "Acknowledgement recorded" in shown and "officer@council.example" in shown
    assert "web:officer@council.example" not in shown  # who, as staff read it (walkerB item 4)


def test_the_acknowledgement_form_opened_by_its_address_says_it_is_met(web: Web) -> None:
    """Walking a complaint heard acknowledged by mail: the case page no longer offered Record
    the acknowledgement, but its address (a bookmark, the browser's history) still opened the
    form, whose Save could only be refused. It says when and by whom it was acknowledged,
    and offers nothing to save or send."""
    reference = web.new_case()
    web.sign_in()
    path = f"/cases/{reference}/actions/acknowledge"
    assert post(web, path, day_fields("on", web.clock.now().date())).status_code == 303  # type: ignore[attr-defined]
    assert path not in web.client.get(f"/cases/{reference}").text
    page = web.client.get(path)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert f"{reference} was acknowledged on 2 March 2026 (web:{OFFICER})" in text
    assert "nothing is sent again" in text
    assert "<form" not in page.text.split("<main", 1)[1] and "Save" not in text
    assert f'href="/cases/{reference}"' in page.text


def test_wrong_input_is_an_error_next_to_its_field_and_changes_nothing(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    path = f"/cases/{reference}/actions/acknowledge"
    for data, message in [
        ({}, "Enter the day the complainant was acknowledged"),
        ({"on-day": "31", "on-month": "2", "on-year": "2026"}, "must be a real date"),
        ({"on-day": "x", "on-month": "2", "on-year": "2026"}, "must be a real date"),
        (day_fields("on", web.clock.now().date() + timedelta(days=3)), "future"),
        (day_fields("on", web.clock.now().date() - timedelta(days=30)), "before"),
    ]:
        answer = post(web, path, data)
        assert answer.status_code == 400, data  # type: ignore[attr-defined]
        text = answer.text  # type: ignore[attr-defined]
        assert "There is a problem" in text and message in text, (data, text[-2000:])
        assert 'href="#on-day"' in text
    assert case_of(web, reference).acknowledged_at is None


def test_a_response_dated_before_the_complaint_came_is_refused_next_to_the_date(
    web: Web,
) -> None:
    """The procedure's refusal reads as a line next to the date, not the CLI's 'CSC-... (open,
    statutory_1): ...' (found walking the web's response form with a date before receipt)."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    answer = post(web, path, {
        **day_fields("on", web.clock.now().date() - timedelta(days=3)), **outcomes,
        **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
        "remedies": ["explanation"], "manager_contact": "no",
    })  # fmt: skip
    assert answer.status_code == 400  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert 'href="#on-day"' in text and "is before the complaint was received" in text
    assert f"{reference} (" not in text and "statutory_1" not in text
    assert case_of(web, reference).status.value == "open"


def summary_lines(page: str) -> list[str]:
    """The error summary's lines, as a screen reader reads them."""
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [" ".join(line.split()) for line in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)]


def test_a_field_left_empty_is_named_as_staff_read_it(web: Web) -> None:
    """Walking the forms empty in Chromium, the messages were built by putting 'Choose' or
    'Enter' before the label, lower-cased: 'Choose did a manager call or meet the
    complainant?', 'Enter internal reason (staff only, never in a letter)', 'Choose outcome of
    issue 1: communication'. A question says what to choose, the note in brackets stays on
    the label, and the label's capitals are kept."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    respond = summary_lines(str(post(web, f"/cases/{reference}/actions/respond", {}).text))  # type: ignore[attr-defined]
    # the manager contact question may be left unanswered (not known): never "no"
    assert not any("manager" in line for line in respond), respond
    outcome = next(line for line in respond if line.startswith("Choose outcome of issue 1: "))
    assert outcome.removeprefix("Choose outcome of issue 1: ")[:1].isupper(), outcome
    extend = summary_lines(str(post(web, f"/cases/{reference}/actions/extend", {}).text))  # type: ignore[attr-defined]
    assert extend == ["Enter new due date", "Enter internal reason"]
    long_reason = post(web, f"/cases/{reference}/actions/extend", {"reason": "x" * 1001})
    assert "Internal reason must be 1,000 characters or fewer" in summary_lines(
        str(long_reason.text)  # type: ignore[attr-defined]
    )


def test_the_response_letter_is_shown_before_it_is_sent(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    assert "Outcome of issue 1" in form
    missing = post(
        web, path, {**day_fields("on", web.clock.now().date()), "manager_contact": "yes"}
    )
    assert missing.status_code == 400 and "Choose outcome of issue 1" in missing.text  # type: ignore[attr-defined]
    outcomes = {name: "upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            "remedies": ["apology", "financial"], "amount": "150", "manager_contact": "yes"}  # fmt: skip
    # upheld owes the complainant the reason: the error sits next to that issue's finding
    unexplained = post(web, path, data)
    assert unexplained.status_code == 400  # type: ignore[attr-defined]
    text = unexplained.text  # type: ignore[attr-defined]
    assert 'href="#finding-1"' in text and "Issue 1 is upheld: say what you found" in text
    data |= {name.replace("outcome", "finding"): "Nobody called you back." for name in outcomes}
    preview = post(web, path, data)
    assert preview.status_code == 200, re.findall(r"Error:</span>(.*?)</", preview.text, re.S)  # type: ignore[attr-defined]
    text = preview.text  # type: ignore[attr-defined]
    assert "Check the letter" in text and "Nothing has been saved or sent yet" in text
    with read_scope(web.context.engine) as session:
        assert session.exec(select(OutboxMessage)).all() == [] or all(
            row.kind.value != "email" or "upheld" not in str(row.payload)
            for row in session.exec(select(OutboxMessage))
        )
        outbound = session.exec(
            select(Correspondence).where(Correspondence.direction == Direction.OUTBOUND)
        ).all()
        assert outbound == []
    confirmed = web.client.post(path, data={**data, "confirm": "yes", "csrf_token": csrf_of(text)})
    assert confirmed.status_code == 303
    with read_scope(web.context.engine) as session:
        letters = session.exec(
            select(Correspondence).where(Correspondence.direction == Direction.OUTBOUND)
        ).all()
        assert len(letters) == 1 and letters[0].text
    assert case_of(web, reference).status.value == "responded"


def test_roles_are_checked_as_in_slack(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in(MANAGER)
    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/acknowledge" in page  # a manager may acknowledge
    assert "/actions/close" not in page and "/actions/withdraw" not in page  # officers only
    # Opened by its address, the form says so before anything is typed (it was a form whose
    # Save alone refused, walking the director's and manager's view).
    form = web.client.get(f"/cases/{reference}/actions/withdraw").text
    assert "complaints officer role" in form and 'name="reason"' not in form
    answer = post(web, f"/cases/{reference}/actions/withdraw", {})
    assert answer.status_code == 400 and "complaints officer role" in answer.text  # type: ignore[attr-defined]
    assert case_of(web, reference).status.value != "withdrawn"
    with read_scope(web.context.engine) as session:
        refusals = [
            entry
            for entry in audit_entries(session, select(AuditEntry))
            if "no role" in (entry.reason or "")
        ]
        assert [entry.actor for entry in refusals] == [f"web:{MANAGER}"]


def test_a_cross_site_post_changes_nothing(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    answer = web.client.post(f"/cases/{reference}/actions/withdraw", data={"reason": "x"})
    assert answer.status_code == 403
    evil = web.client.post(
        f"/cases/{reference}/actions/withdraw",
        data={"csrf_token": csrf_of(web.client.get(f"/cases/{reference}").text)},
        headers={"Origin": "https://evil.example"},
    )
    assert evil.status_code == 403
    assert case_of(web, reference).status.value != "withdrawn"


def test_a_note_is_added_to_the_timeline(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    assert (
        post(
            web, f"/cases/{reference}/actions/note", {"note": "Called mum <back> tomorrow"}
        ).status_code
        == 303
    )  # type: ignore[attr-defined]
    page = web.client.get(f"/cases/{reference}").text
    assert "Called mum &lt;back&gt; tomorrow" in page and "added a case note" in page
    assert "note_added" not in page  # the audit trail says what was done in words
    # A note has no channel: its heading read "Note by unknown: Case note".
    titles = re.findall(r'class="moj-timeline__title">(.*?)</h3>', page, re.S)
    assert [" ".join(title.split()) for title in titles if "Note" in title] == ["Note: Case note"]


def test_log_a_phone_call_with_its_day_and_an_attachment(web: Web) -> None:
    web.sign_in()
    yesterday = web.clock.now().date() - timedelta(days=1)
    answer = web.log_contact(
        channel="telephone",
        received=yesterday,
        name="Sam Caller",
        text="The fostering team never called back about the allowance.",
        files=[("attachments", ("call-log.txt", b"14:02 call from Sam", "text/plain"))],
    )
    assert answer.status_code == 303, answer.text
    reference = answer.headers["location"].rsplit("/", 1)[1]
    case = case_of(web, reference)
    assert case.channel.value == "telephone" and case.receipt_day <= web.clock.now().date()
    with read_scope(web.context.engine) as session:
        stored = session.exec(select(Attachment)).one()
        assert stored.content == b"14:02 call from Sam"
    assert web.client.get(f"/cases/{reference}/attachments/1").content == b"14:02 call from Sam"
    bad = web.log_contact(
        channel="pigeon",
        received=web.clock.now().date() + timedelta(days=2),
        name="",
        email="sam[1]@example.org",
        phone="ring the office",
        text="x",
    )
    assert bad.status_code == 400
    for message in (
        "Choose how it came from the list",
        "must be today or in the past",
        "Enter their name",
        "Enter an email address in the form name@example.org",
        "Enter a phone number of digits and spaces",
    ):
        assert message in bad.text


async def test_a_letter_logged_days_late_counts_from_the_day_it_came(
    web: Web, mail_sink: MailSink
) -> None:
    """Walking Log a contact after closing: a letter received on Thursday, logged on Monday
    evening, took Monday's clock time (18:30 on Thursday, after closing), so it counted from
    Friday and every deadline, and the date its letter gave, was a working day late. It was
    received during Thursday: day 0 is Thursday, and stage 1 is due 10 working days on."""
    web.clock.set(datetime(2026, 3, 2, 18, 30, tzinfo=UTC))  # Monday evening (GMT)
    web.sign_in()
    answer = web.log_contact(
        channel="letter",
        received=date(2026, 2, 26),  # the Thursday before
        name="Ann Writer",
        email="ann.writer@example.org",
        text="I am writing to complain that my son's social worker has not visited "
        "him for three months and does not return my calls.",
    )
    assert answer.status_code == 303, answer.text
    case = case_of(web, answer.headers["location"].rsplit("/", 1)[1])
    assert case.receipt_day == date(2026, 2, 26)
    with read_scope(web.context.engine) as session:
        due = {d.rule: d.due_on for d in session.exec(
            select(Deadline).where(Deadline.case_id == case.id))}  # fmt: skip
    assert due["statutory_1"] == date(2026, 3, 12) and due["acknowledgement"] == date(2026, 3, 2)
    (letter,) = await letters(web.context.engine, web.context.settings, mail_sink)
    assert "by Thursday 12 March 2026" in " ".join(letter.split())


def test_confirm_triage_is_offered_until_someone_confirms_it(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    assert "/actions/confirm-triage" in web.client.get(f"/cases/{reference}").text
    assert post(web, f"/cases/{reference}/actions/confirm-triage", {}).status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).triage_confirmed_by == f"web:{OFFICER}"
    assert "/actions/confirm-triage" not in web.client.get(f"/cases/{reference}").text
    again = post(web, f"/cases/{reference}/actions/confirm-triage", {})
    assert again.status_code == 400  # type: ignore[attr-defined]


def test_learning_advocacy_and_the_ombudsman_are_recorded(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    page = web.client.get(f"/cases/{reference}").text
    for slug in ("learning", "advocacy", "lgsco-received"):
        assert f"/actions/{slug}" in page, slug
    today = web.clock.now().date()
    learning = post(web, f"/cases/{reference}/actions/learning",
                    {"text": "Return calls within two days", "owner": "fostering", **day_fields("on", today)})  # fmt: skip
    assert learning.status_code == 303  # type: ignore[attr-defined]
    bad = post(
        web,
        f"/cases/{reference}/actions/learning",
        {"text": "x", "owner": "nowhere", **day_fields("on", today)},
    )
    assert bad.status_code == 400 and "The team that owns it" in bad.text  # type: ignore[attr-defined]
    advocacy = post(web, f"/cases/{reference}/actions/advocacy",
                    {"status": "taken_up", "organisation": "Coram Voice", **day_fields("on", today)})  # fmt: skip
    assert advocacy.status_code == 303  # type: ignore[attr-defined]
    # any text was kept as the Ombudsman's reference on the web (walkerI): refused by its field
    wrong = post(web, f"/cases/{reference}/actions/lgsco-received",
                 {"lgsco_reference": "see their letter", **day_fields("on", today)})  # fmt: skip
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "looks like 23 012 345" in wrong.text  # type: ignore[attr-defined]
    none = post(web, f"/cases/{reference}/actions/lgsco-received", day_fields("on", today))
    assert none.status_code == 400  # type: ignore[attr-defined]  # needed, as on Slack
    ombudsman = post(web, f"/cases/{reference}/actions/lgsco-received",
                     {"lgsco_reference": "25012345", **day_fields("on", today)})  # fmt: skip
    assert ombudsman.status_code == 303  # type: ignore[attr-defined]
    from store.models import Advocacy, LearningAction, LgscoCase

    with read_scope(web.context.engine) as session:
        assert session.exec(select(LearningAction.owner_team_id)).all() == ["fostering"]
        assert session.exec(select(Advocacy.organisation)).all() == ["Coram Voice"]
        assert session.exec(select(LgscoCase.lgsco_reference)).all() == ["25 012 345"]


def test_an_issue_can_be_answered_resolved_or_not_applicable(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    for value in ("inconclusive", "resolved_early", "not_applicable", "withdrawn"):
        assert f'value="{value}"' in form
    # resolved early needs no finding
    outcomes = {name: "resolved_early" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            "remedies": ["explanation"], "manager_contact": "yes"}  # fmt: skip
    preview = post(web, path, data)
    assert preview.status_code == 200  # type: ignore[attr-defined]
    confirmed = web.client.post(
        path,
        data={**data, "confirm": "yes", "csrf_token": csrf_of(preview.text)},  # type: ignore[attr-defined]
    )
    assert confirmed.status_code == 303
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.status.value == "responded"
        issues = session.exec(select(Issue).where(Issue.case_id == case.id)).all()
        assert [issue.outcome.value for issue in issues if issue.outcome] == [
            "resolved_early"
        ] * len(outcomes)


async def test_every_outcome_in_one_response_reaches_the_letter(
    web: Web, mail_sink: MailSink
) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    one_issue_per_outcome(web.context.engine, reference)
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    names = sorted(set(re.findall(r'name="(outcome-\d+)"', form)), key=lambda n: int(n[8:]))
    assert len(names) == len(EVERY_OUTCOME)
    data = {**day_fields("on", web.clock.now().date()), "remedies": ["explanation"],
            "manager_contact": "yes",
            **{name: o.value for name, o in zip(names, EVERY_OUTCOME, strict=True)},
            **{name.replace("outcome", "finding"): "We read it." for name in names}}  # fmt: skip
    preview = post(web, path, data)
    assert_every_outcome_in(preview.text)  # type: ignore[attr-defined]
    confirmed = web.client.post(
        path,
        data={**data, "confirm": "yes", "csrf_token": csrf_of(preview.text)},  # type: ignore[attr-defined]
    )
    assert confirmed.status_code == 303
    (letter,) = await letters(web.context.engine, web.context.settings, mail_sink)
    assert_every_outcome_in(letter)


def test_a_logged_contacts_file_over_the_councils_limit_is_refused_beside_the_field(
    web: Web,
) -> None:
    """HEARD_ATTACHMENT_MAX_BYTES holds for what staff attach too: Starlette spools an upload
    of any size to disk (its max_part_size bounds only the text fields), and the whole file
    was then read into the process's memory and stored, 30 MB against a 10 MB limit."""
    web.sign_in()
    limit = web.context.settings.attachment_max_bytes
    answer = web.log_contact(
        channel="letter",
        received=web.clock.now().date(),
        name="Ann Writer",
        text="My grandson has had four social workers this year.",
        files=[
            ("attachments", ("letter.pdf", b"%PDF" + b"z" * limit, "application/pdf")),
            ("attachments", ("envelope.jpg", b"\xff\xd8small", "image/jpeg")),
        ],
    )
    assert answer.status_code == 400, answer.status_code
    assert "letter.pdf is 10.0 MB: each file may be at most 10.0 MB" in answer.text
    assert 'href="#attachments"' in answer.text  # the error summary leads to the field
    with read_scope(web.context.engine) as session:
        assert session.exec(select(Attachment)).all() == []


def test_too_many_files_at_once_says_so(web: Web) -> None:
    """More files than a form takes are refused before the form can be read, so its page
    cannot be shown again with the error beside the field; the refusal said the page had been
    open too long or came from another site, which sent staff looking for the wrong fault."""
    web.sign_in()
    answer = web.log_contact(
        channel="letter",
        received=web.clock.now().date(),
        name="Ann Writer",
        text="My grandson has had four social workers this year.",
        files=[("attachments", (f"page-{n}.jpg", b"\xff\xd8", "image/jpeg")) for n in range(11)],
    )
    assert answer.status_code == 400, answer.status_code
    assert "Too many files: attach at most 10 at once" in answer.text
    assert "open for too long" not in answer.text
    with read_scope(web.context.engine) as session:
        assert session.exec(select(Attachment)).all() == []


def test_a_late_response_needs_its_reason_next_to_the_field(web: Web) -> None:
    """walker6 item 1: the web form recorded a response sent after its deadline with no reason
    for the delay, which Slack refused; casework's rule now says so next to Reason for delay
    and in the error summary, in the words the CLI and Slack use, and records nothing."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.clock.advance(timedelta(days=40))  # well past stage 1's 10 working days (or 20)
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
            "manager_contact": "no"}  # fmt: skip
    for blank in ({}, {"reason_for_delay": "   "}):
        answer = post(web, path, {**data, **blank})
        assert answer.status_code == 400  # type: ignore[attr-defined]
        text = " ".join(answer.text.split())  # type: ignore[attr-defined]
        assert 'id="reason_for_delay-error"' in text and 'href="#reason_for_delay"' in text
        assert ": say why it was late" in text and "The response was due by " in text
        assert f"{reference} (" not in text
    assert case_of(web, reference).status.value == "open"
    # and its reason as the complainant will read it, next to that field (walkerA)
    untold = post(web, path, {**data, "reason_for_delay": "The worker was off sick."})
    assert untold.status_code == 400  # type: ignore[attr-defined]
    text = " ".join(untold.text.split())  # type: ignore[attr-defined]
    assert 'id="delay_reason_for_complainant-error"' in text
    assert 'href="#delay_reason_for_complainant"' in text
    assert "say why it is late as the complainant will read it" in text
    assert case_of(web, reference).status.value == "open"
    preview = post(web, path, {**data, "reason_for_delay": "The worker was off sick.",
                               "delay_reason_for_complainant": "The manager was away."})  # fmt: skip
    assert preview.status_code == 200  # type: ignore[attr-defined]


def test_an_amount_with_no_financial_remedy_ticked_is_asked_about_not_dropped(web: Web) -> None:
    """walkerI, in Chromium: an upheld issue answered with Apology ticked and £100 typed in
    Financial remedy in pounds showed a letter offering an apology alone, and Save and send
    would have kept no amount. Slack asks 'Tick Financial under remedies, or leave this empty';
    the web form now asks the same (cases.procedure.amount_refusal), and says every problem
    at once: a finding owed and the amount beside the unanswered manager question."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            "remedies": ["apology"], "amount": "100"}  # fmt: skip
    everything = post(web, path, data)
    assert everything.status_code == 400  # type: ignore[attr-defined]
    lines = summary_lines(everything.text)  # type: ignore[attr-defined]
    assert not any("manager" in line for line in lines), lines  # unanswered: not known
    assert "Issue 1 is upheld: say what you found" in " ".join(lines)
    assert "Tick Financial under remedies, or leave this empty" in lines
    data |= {name.replace("outcome", "finding"): "Nobody called you back." for name in outcomes}
    amount = post(web, path, {**data, "manager_contact": "yes"})
    assert amount.status_code == 400  # type: ignore[attr-defined]
    text = " ".join(amount.text.split())  # type: ignore[attr-defined]
    assert 'href="#amount"' in text and 'id="amount-error"' in text
    assert 'value="100"' in text  # what was typed is kept
    assert case_of(web, reference).status.value == "open"
    paid = post(web, path, {**data, "manager_contact": "yes", "remedies": ["apology", "financial"]})
    assert paid.status_code == 200 and "£100" in paid.text  # type: ignore[attr-defined]


def test_a_refusal_from_the_procedure_starts_with_a_capital(web: Web) -> None:
    """walkerI: an extension to a day before the one already due read 'the new date must be
    after 22 December 2026' in the summary and beside the date (cases.timescales words it in
    lower case, as Slack's refusal_text already capitalised)."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    today = web.clock.now().date()
    answer = post(web, f"/cases/{reference}/actions/extend", {
        **day_fields("to", today + timedelta(days=1)), **day_fields("agreed_on", today),
        "reason": "The manager is away",
    })  # fmt: skip
    assert answer.status_code == 400  # type: ignore[attr-defined]
    (line,) = summary_lines(answer.text)  # type: ignore[attr-defined]
    assert line.startswith("The new date must be after "), line


def test_manager_contact_left_unanswered_is_recorded_as_not_known(web: Web) -> None:
    """walkerF: the web required yes/no while Slack and the CLI took a blank as "no". Every
    door now takes a blank as not known (None), which the annual report leaves uncounted."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes, "remedies": ["explanation"],
            **{name.replace("outcome", "finding"): "We read the file." for name in outcomes}}  # fmt: skip
    send(web, path, data)
    with read_scope(web.context.engine) as session:
        stage = session.exec(select(Stage).where(Stage.kind == "statutory_1")).one()
        assert stage.responded_on is not None and stage.manager_contacted is None
