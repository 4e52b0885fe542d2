"""Closing a case from the web view while the complainant may still ask for the next stage
(walkerB item 2): the form says until when and what closing means, and closes only with its box
ticked (refused beside the box otherwise); once the time has run out it closes as before. And
what a closed case still takes (item 1): the Ombudsman, learning, a cost, an example, a note,
reopening; not advocacy or a reason for delay for a response that was not late (a form opened
by its address says why, a Save posted anyway is refused)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from cases.day_words import long_day
from cases.enums import DeadlineRule
from store.db import read_scope
from store.models import AuditEntry, Deadline
from testkit.web_rules import OFFICER
from tests.web.conftest import Web
from tests.web.test_actions import case_of, day_fields, post
from tests.web.test_browser import assert_accessible, browser, sign_in, site  # noqa: F401
from tests.web.test_looked_at_forms import errors_shown
from tests.web.test_reopen_form import answered_case, closed_case


def ask_by(web: Web, reference: str) -> Any:
    with read_scope(web.context.engine) as session:
        window = session.exec(
            select(Deadline).where(Deadline.rule == DeadlineRule.STAGE_2_REQUEST.value)
        ).one()
        return window.extended_to or window.due_on


def test_closing_before_the_time_to_ask_for_stage_two_runs_out_is_confirmed(web: Web) -> None:
    reference = answered_case(web)
    path = f"/cases/{reference}/actions/close"
    form = " ".join(web.client.get(path).text.split())
    until = long_day(ask_by(web, reference))
    assert f"The complainant has until {until} to ask for statutory stage 2." in form
    assert "a complaints officer must reopen it first" in form
    errors_shown(post(web, path, {"reason": "done"}), "close_now", "Tick the box to close")
    assert case_of(web, reference).status.value == "responded"
    done = post(web, path, {"close_now": "close_now", "reason": "Family content"})
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).status.value == "closed"
    with read_scope(web.context.engine) as session:
        closing = session.exec(select(AuditEntry).where(AuditEntry.action == "close")).one()
        assert closing.actor == f"web:{OFFICER}" and closing.at is not None


def test_once_the_time_to_ask_has_run_out_a_case_closes_without_the_box(web: Web) -> None:
    reference = answered_case(web)
    web.clock.advance(timedelta(days=40))  # 20 working days and more
    web.sign_in()
    path = f"/cases/{reference}/actions/close"
    assert 'name="close_now"' not in web.client.get(path).text
    assert post(web, path, {}).status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).status.value == "closed"


def test_a_closed_case_offers_only_what_may_still_come(web: Web) -> None:
    reference = closed_case(web)
    page = web.client.get(f"/cases/{reference}").text
    for still in ("lgsco-received", "learning", "cost", "example", "note", "reopen"):
        assert f"/cases/{reference}/actions/{still}" in page, still
    for gone in ("advocacy", "reason-for-delay"):
        assert f"/cases/{reference}/actions/{gone}" not in page, gone
    opened = " ".join(web.client.get(f"/cases/{reference}/actions/advocacy").text.split())
    assert "The case is closed: reopen it first." in opened
    opened = " ".join(web.client.get(f"/cases/{reference}/actions/reason-for-delay").text.split())
    assert "its response was not late: there is no delay to explain" in opened
    today = web.clock.now().date()
    refused = post(web, f"/cases/{reference}/actions/advocacy",
                   {"status": "offered", **day_fields("on", today)})  # fmt: skip
    assert "reopen it first" in " ".join(refused.text.split())  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "advocacy")).all() == []
    cost = {"kind": "independent_investigator", "amount": "950", **day_fields("on", today)}
    assert post(web, f"/cases/{reference}/actions/cost", cost).status_code == 303  # type: ignore[attr-defined]


def test_the_close_form_passes_axe_with_and_without_its_error(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = answered_case(web)
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/cases/{reference}/actions/close")
    assert_accessible(page, "the close form")
    page.get_by_role("button", name="Close the case").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "the close form with its error")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "close_now"
    page.get_by_label("Close it now, before that time runs out").check()
    page.get_by_role("button", name="Close the case").click()
    assert "Case closed" in page.inner_text("main")
