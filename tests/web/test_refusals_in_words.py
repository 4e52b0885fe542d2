"""The procedure's refusals as a complaints manager reads them in Chromium (walker3, walking
the web view): a respond form left open while the stage was answered, an extension past the
statutory maximum and one with neither agreement nor a reason for the complainant. Each is a
GOV.UK error beside the field it is about, in words: no clock's code name ("statutory_2"), no
CLI option ("--reason-for-complainant"), and never "Cannot act on an open stage", which says
the opposite of what happened."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from testkit.web_rules import OFFICER
from tests.web.conftest import Web
from tests.web.test_actions import case_of, day_fields, send
from tests.web.test_browser import assert_accessible, browser, sign_in, site  # noqa: F401

BODY = "The fostering team never answers my calls about the allowance."


def answer(web: Web, reference: str) -> None:
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    send(web, path, {
        **day_fields("on", web.clock.now().date()), **outcomes,
        **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
        "remedies": ["explanation"], "manager_contact": "no",
    })  # fmt: skip


def shown(page: Any) -> tuple[str, list[str]]:
    """The error summary's text and the fields its links point at."""
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1, page.inner_text("main")[:600]
    links = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return " ".join(summary.inner_text().split()), links


def test_a_respond_form_left_open_while_the_stage_was_answered(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = web.new_case(body=BODY)
    web.clock.advance(timedelta(days=2))
    page = browser.new_page()
    sign_in(page, url, web, OFFICER)
    page.goto(f"{url}/cases/{reference}/actions/respond")
    for radio in page.locator("input[name^=outcome-][value=upheld]").all():
        radio.check()
    for finding in page.locator("textarea[name^=finding-]").all():
        finding.fill("You were right.")
    page.check("input[name=remedies][value=apology]")
    page.locator("input[name=manager_contact][value=no]").check()
    web.sign_in()
    answer(web, reference)  # a colleague answers it meanwhile
    page.get_by_role("button", name="Continue").click()
    text, _ = shown(page)
    assert "Cannot act on an open stage" not in text
    day = web.clock.now().date()
    assert f"Statutory stage 1 was answered on {day:%-d %B %Y}" in text, text
    assert_accessible(page, "the stale respond form")
    assert case_of(web, reference).status.value == "responded"


def test_an_extension_refused_says_which_clock_and_which_field(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = web.new_case(body=BODY)
    web.clock.advance(timedelta(days=2))
    web.sign_in()
    answer(web, reference)
    send(web, f"/cases/{reference}/actions/escalate", day_fields("on", web.clock.now().date()))
    assert case_of(web, reference).stage.value == "statutory_2"  # type: ignore[union-attr]
    page = browser.new_page()
    sign_in(page, url, web, OFFICER)

    def extend(to: Any, reason_for_complainant: str) -> tuple[str, list[str]]:
        page.goto(f"{url}/cases/{reference}/actions/extend")
        for part, value in (("day", to.day), ("month", to.month), ("year", to.year)):
            page.fill(f"input[name=to-{part}]", str(value))
        page.fill("textarea[name=reason]", "The investigating officer is off sick.")
        page.fill("textarea[name=reason_for_complainant]", reason_for_complainant)
        page.get_by_role("button", name="Save").click()
        return shown(page)

    today = web.clock.now().date()
    text, links = extend(today + timedelta(days=365), "The officer looking into it is away.")
    assert "statutory_2" not in text
    assert re.search(r"Statutory stage 2 can be extended to \d+ \w+ \d{4} at the most", text), text
    assert links == ["#to-day"]
    assert_accessible(page, "an extension past the maximum")

    text, links = extend(today + timedelta(days=42), "")
    assert "--" not in text, text
    assert "reason for the complainant" in text.lower(), text
    assert links == ["#reason_for_complainant"], links
    assert page.locator("#reason_for_complainant-error").count() == 1
    assert_accessible(page, "an extension without agreement or a reason")
