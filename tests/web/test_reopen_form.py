"""Reopening a closed case from the web view (issue 23: a family asks for stage 2 after the
case closed): offered only on a closed case and only to complaints officers, the reason and the
day refused beside their fields, the same use case as the CLI (audited with who, no letter), and
in Chromium the form passes axe with and without errors."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlmodel import col, func, select

from cases.day_words import long_date
from store.audit import entries as audit_entries
from store.db import read_scope
from store.models import AuditEntry, Correspondence, OutboxMessage
from testkit.web_rules import MANAGER, OFFICER
from tests.web.conftest import Web, csrf_of
from tests.web.test_actions import case_of, day_fields, post
from tests.web.test_browser import assert_accessible, browser, sign_in, site  # noqa: F401
from tests.web.test_looked_at_forms import errors_shown

BODY = "The fostering team never answers my calls about the allowance."


def closed_case(web: Web) -> str:
    """A complaint answered at stage 1 two weeks after it came, and closed a week later (its
    time to ask for stage 2 still running, so the close is confirmed)."""
    reference = answered_case(web)
    web.clock.advance(timedelta(days=7))
    web.sign_in()
    close = {"close_now": "close_now"}
    assert post(web, f"/cases/{reference}/actions/close", close).status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).status.value == "closed"
    return reference


def answered_case(web: Web) -> str:
    """A complaint answered at stage 1 (not upheld) two weeks after it came."""
    reference = web.new_case(body=BODY)
    web.clock.advance(timedelta(days=14))
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {
        **day_fields("on", web.clock.now().date()), **outcomes,
        **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
        "remedies": ["explanation"], "manager_contact": "no",
    }  # fmt: skip
    preview = post(web, path, data)  # the letter, shown before it goes
    assert preview.status_code == 200, preview.text[-800:]  # type: ignore[attr-defined]
    token = csrf_of(preview.text)  # type: ignore[attr-defined]
    sent = web.client.post(path, data={**data, "confirm": "yes", "csrf_token": token})
    assert sent.status_code == 303, sent.text[-800:]
    assert case_of(web, reference).status.value == "responded"
    return reference


def letters(web: Web) -> tuple[int, int]:
    with read_scope(web.context.engine) as session:
        return (
            session.exec(select(func.count()).select_from(Correspondence)).one(),
            session.exec(select(func.count()).select_from(OutboxMessage)).one(),
        )


def test_a_closed_case_is_reopened_from_its_page(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    assert "/actions/reopen" not in web.client.get(f"/cases/{reference}").text  # still open
    reference = closed_case(web)
    page = web.client.get(f"/cases/{reference}").text
    assert f"/cases/{reference}/actions/reopen" in page
    path = f"/cases/{reference}/actions/reopen"
    today, closed_on = web.clock.now().date(), web.clock.now().date()
    before = letters(web)
    errors_shown(post(web, path, {"reason": "  ", **day_fields("on", today)}), "reason", "")
    errors_shown(
        post(web, path, {"reason": "asked", **day_fields("on", closed_on - timedelta(days=1))}),
        "on",
        f"is before the case was closed ({long_date(closed_on)})",
    )
    errors_shown(
        post(web, path, {"reason": "asked", **day_fields("on", today + timedelta(days=1))}),
        "on",
        "in the future",
    )
    assert case_of(web, reference).status.value == "closed"
    done = post(web, path, {"reason": "The family asked for stage 2", **day_fields("on", today)})
    assert done.status_code == 303  # type: ignore[attr-defined]
    case = case_of(web, reference)
    assert (case.status.value, case.closed_at) == ("responded", None)
    assert letters(web) == before, "reopening writes to nobody"
    page = web.client.get(f"/cases/{reference}").text
    assert "Case reopened" in page and "/actions/reopen" not in page
    assert "/actions/escalate" in page  # the family's request for stage 2 can now be taken
    with read_scope(web.context.engine) as session:
        rows = audit_entries(
            session,
            select(AuditEntry).where(AuditEntry.action == "reopen").order_by(col(AuditEntry.id)),
        )
        assert [(row.actor, row.reason) for row in rows] == [
            (f"web:{OFFICER}", "The family asked for stage 2")
        ]


def test_only_a_complaints_officer_may_reopen(web: Web) -> None:
    reference = closed_case(web)
    web.sign_in(MANAGER)
    assert "/actions/reopen" not in web.client.get(f"/cases/{reference}").text


def test_the_reopen_form_passes_axe_with_and_without_errors(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = closed_case(web)
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/cases/{reference}/actions/reopen")
    assert_accessible(page, "the reopen form")
    page.get_by_role("button", name="Reopen the case").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "the reopen form with errors")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "reason"


def test_a_withdrawn_case_is_reopened_from_its_page_where_the_family_left_it(web: Web) -> None:
    """Walker item 2: withdrawn at stage 1 before its response, the family came back a week
    later; the stage runs again and its response can be recorded."""
    reference = web.new_case(body=BODY)
    web.clock.advance(timedelta(days=2))
    web.sign_in()
    path = f"/cases/{reference}/actions/withdraw"
    preview = post(web, path, {})  # the withdrawal letter, shown before it goes
    assert preview.status_code == 200, preview.text[-800:]  # type: ignore[attr-defined]
    token = csrf_of(preview.text)  # type: ignore[attr-defined]
    sent = web.client.post(path, data={"confirm": "yes", "csrf_token": token})
    assert sent.status_code == 303, sent.text[-800:]
    assert case_of(web, reference).status.value == "withdrawn"
    withdrawn_on = web.clock.now().date()
    web.clock.advance(timedelta(days=7))
    web.sign_in()
    page = web.client.get(f"/cases/{reference}").text
    path = f"/cases/{reference}/actions/reopen"
    assert path in page
    errors_shown(
        post(web, path, {"reason": "back", **day_fields("on", withdrawn_on - timedelta(days=1))}),
        "on",
        f"is before the case was withdrawn ({long_date(withdrawn_on)})",
    )
    before = letters(web)
    today = web.clock.now().date()
    done = post(web, path, {"reason": "Mum came back to it", **day_fields("on", today)})
    assert done.status_code == 303  # type: ignore[attr-defined]
    case = case_of(web, reference)
    assert (case.status.value, case.stage and case.stage.value) == ("open", "statutory_1")
    assert letters(web) == before, "reopening writes to nobody"
    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/respond" in page and "/actions/reopen" not in page
