"""The web forms for what the CLI and Slack could do and the web could not (issue 25): the
council's reply to the Ombudsman, clearing "needs a person to look", the event or awareness
date. Each: offered only while it applies, errors in the summary and beside the field, the
same use case and role checks, CSRF, audited with who; and in Chromium, axe finds nothing."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from cases.day_words import long_date
from cases.triage_notes import OUT_OF_TIME_NOTE
from store.audit import entries as audit_entries
from store.db import read_scope, session_scope
from store.models import AuditEntry, Case, Deadline
from testkit.web_rules import MANAGER, OFFICER
from tests.web.conftest import Web
from tests.web.test_actions import day_fields, post
from tests.web.test_browser import assert_accessible, browser, sign_in, site  # noqa: F401

BODY = "The fostering team never answers my calls about the allowance."


def audited(web: Web, action: str) -> list[tuple[str, str | None]]:
    with read_scope(web.context.engine) as session:
        rows = audit_entries(
            session,
            select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id)),
        )
        return [(row.actor, row.reason) for row in rows]


def errors_shown(response: Any, field: str, words: str) -> None:
    """A refusal: 400, the message in the error summary linking to the field, and beside it."""
    assert response.status_code == 400, response.text[-800:]
    html = " ".join(response.text.split())
    assert "govuk-error-summary" in html and words in html
    assert f'href="#{field}' in html and f'id="{field}-error"' in html


def flag(web: Web, reference: str) -> None:
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.needs_attention, case.attention_reason = True, "a reply bounced"


def test_the_councils_reply_to_the_ombudsman(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    today = web.clock.now().date()
    assert "/actions/lgsco-replied" not in web.client.get(f"/cases/{reference}").text
    post(web, f"/cases/{reference}/actions/lgsco-received",
         {"lgsco_reference": "25 012 345", **day_fields("on", today)})  # fmt: skip
    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/lgsco-replied" in page
    # the deadline is named for staff (found walking: the table said "Lgsco response")
    assert "Reply to the Ombudsman" in page and "Lgsco" not in page
    path = f"/cases/{reference}/actions/lgsco-replied"
    errors_shown(post(web, path, day_fields("on", today + timedelta(days=3))), "on", "future")
    errors_shown(post(web, path, {"on-day": "31", "on-month": "2", "on-year": "2026"}), "on", "")
    no_token = web.client.post(path, data=day_fields("on", today))
    assert no_token.status_code == 403
    done = post(web, path, day_fields("on", today))
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = web.client.get(f"/cases/{reference}").text
    assert "Reply to the Ombudsman recorded" in page and "/actions/lgsco-replied" not in page
    with read_scope(web.context.engine) as session:
        reply = session.exec(select(Deadline).where(Deadline.rule == "lgsco_response")).one()
        assert reply.met_on == today
    assert audited(web, "lgsco_replied") == [
        (f"web:{OFFICER}", f"replied to the Ombudsman on {long_date(today)}")
    ]
    again = post(web, f"/cases/{reference}/actions/lgsco-received",
         {"lgsco_reference": "25 012 345", **day_fields("on", today)})  # fmt: skip
    assert again.status_code == 400  # type: ignore[attr-defined]  # one enquiry at a time
    # A team manager may not: the Ombudsman's records are the complaints officers'.
    web.sign_in(MANAGER)
    assert "/actions/lgsco-replied" not in web.client.get(f"/cases/{reference}").text


def test_clearing_needs_a_person_to_look(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in(MANAGER)  # officers and managers may clear it
    assert "/actions/clear-attention" not in web.client.get(f"/cases/{reference}").text
    flag(web, reference)
    assert "/actions/clear-attention" in web.client.get(f"/cases/{reference}").text
    path = f"/cases/{reference}/actions/clear-attention"
    # the form says what was flagged, as Slack's Clear modal does (walker item 1: a threat to
    # staff named its rule and words on the case page, and the form asked blind)
    assert "Flagged: a reply bounced." in web.client.get(path).text
    errors_shown(post(web, path, {"reason": "   "}), "reason", "")
    errors_shown(post(web, path, {"reason": "x" * 1001}), "reason", "1,000 characters or fewer")
    done = post(web, path, {"reason": "Phoned the parent: the new address is on file"})
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = web.client.get(f"/cases/{reference}").text
    assert "no longer needs a person to look" in page and "/actions/clear-attention" not in page
    assert audited(web, "attention_cleared") == [
        (
            f"web:{MANAGER}",
            "Phoned the parent: the new address is on file (was: a reply bounced)",
        )
    ]
    again = post(web, path, {"reason": "twice"})  # the form, opened before, is refused now
    errors_shown(again, "reason", "nothing is waiting for a person to look")


def test_the_event_or_awareness_date(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    today = web.clock.now().date()
    assert "/actions/event-date" in web.client.get(f"/cases/{reference}").text
    path = f"/cases/{reference}/actions/event-date"
    errors_shown(post(web, path, {}), "event_on", "")
    errors_shown(post(web, path, day_fields("event_on", today + timedelta(days=1))), "event_on", "")
    errors_shown(post(web, path, day_fields("event_on", date(1900, 1, 1))), "event_on", "100 years")
    long_ago = date(today.year - 2, today.month, 1)
    done = post(web, path, {**day_fields("event_on", long_ago), "reason": "Her letter of May"})
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = html.unescape(web.client.get(f"/cases/{reference}").text)
    assert "weigh the council" in page
    assert OUT_OF_TIME_NOTE in page  # said while it stands, not only on the trail (walkerJ)
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert (case.event_on, case.out_of_time) == (long_ago, True)
    recent = today - timedelta(days=30)
    assert post(web, path, day_fields("event_on", recent)).status_code == 303  # type: ignore[attr-defined]
    page = html.unescape(web.client.get(f"/cases/{reference}").text)
    assert "within 12 months" in page and OUT_OF_TIME_NOTE not in page
    said = audited(web, "event_date")
    assert [actor for actor, _ in said] == [f"web:{OFFICER}"] * 2
    assert "(Her letter of May)" in (said[0][1] or "")
    web.sign_in(MANAGER)  # an officer's record
    assert "/actions/event-date" not in web.client.get(f"/cases/{reference}").text


def test_the_forms_pass_axe_with_and_without_errors(browser: Any, site: tuple[str, Web]) -> None:  # noqa: F811
    url, web = site
    reference = web.new_case(body=BODY)
    web.sign_in()
    post(web, f"/cases/{reference}/actions/lgsco-received",
         {"lgsco_reference": "25 012 345", **day_fields("on", web.clock.now().date())})  # fmt: skip
    flag(web, reference)
    page = browser.new_page()
    sign_in(page, url, web)
    for slug, button in (
        ("lgsco-replied", "Save"),
        ("clear-attention", "Clear the flag"),
        ("event-date", "Save"),
        ("snooze", "Remind me"),
    ):
        page.goto(f"{url}/cases/{reference}/actions/{slug}")
        assert_accessible(page, f"the {slug} form")
        if slug == "lgsco-replied":
            page.fill("#on-day", "")
        page.get_by_role("button", name=button).click()
        assert page.locator(".govuk-error-summary").count() == 1, slug
        assert_accessible(page, f"the {slug} form with errors")
        page.locator(".govuk-error-summary a").first.click()  # the summary's link reaches it
    page.goto(f"{url}/cases/{reference}/actions/clear-attention")
    page.fill("#reason", "Looked: a duplicate of an earlier message")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the button, by keyboard alone
    page.wait_for_url(f"{url}/cases/{reference}")
    assert "no longer needs a person to look" in page.content()
    page.close()
