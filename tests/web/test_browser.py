"""The web view in a real Chromium: every page passes axe-core's WCAG 2.2 A/AA checks, staff
can search, open a case and act with the keyboard alone, and hostile text is shown as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from cases.clock import SettableClock
from heard.context import AppContext, build_context
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.web_wiring import web_deps
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import Person
from testkit.role_rules import write_rules
from testkit.slack_cases import new_case
from testkit.web_rules import OFFICER, WEB_ROLES
from testkit.web_server import served
from tests.web.browser import axe_violations, require_browser
from tests.web.conftest import START, Web, make_link
from tests.web.test_actions import day_fields, post
from web.app import build_app

HOSTILE_NAME = "<script>alert('name')</script>"
HOSTILE_SUBJECT = '"><img src=x onerror=alert(1)>'
HOSTILE_BODY = "Refund to \u202eexe.gnp\u202c please <b>now</b> & <!-- -->"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = require_browser()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@pytest.fixture
def site(settings: Settings, sqlite_url: str, tmp_path: Path) -> Iterator[tuple[str, Web]]:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    configured = Settings.model_validate(
        settings.model_copy(update={"database_url": sqlite_url, "rules_path": rules}).model_dump()
    )
    yield from served_site(configured)


def served_site(configured: Settings) -> Iterator[tuple[str, Web]]:
    """heard's web view on a real port with these settings, and a test client beside it: a
    fixture yields from it (test_enclosure_preview serves Graph settings this way)."""
    context: AppContext = build_context(configured, clock=SettableClock(START))
    deps = web_deps(context)
    from starlette.testclient import TestClient

    with served(build_app(deps)) as url:
        assert isinstance(context.clock, SettableClock)
        client = TestClient(build_app(deps), follow_redirects=False)
        yield url, Web(context, deps, client, context.clock)
    context.engine.dispose()


def sign_in(page: Any, url: str, web: Web, email: str = OFFICER) -> None:
    page.goto(url + make_link(web.context, email))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(url + "/cases")


def assert_accessible(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_every_page_passes_axe_for_wcag_22_aa(browser: Any, site: tuple[str, Web]) -> None:
    url, web = site
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.add_message(reference, text="The call log.", sender="parent@example.org", attachment=b"log")
    page = browser.new_page()
    broken: list[str] = []
    page.on(
        "response",
        lambda response: (
            broken.append(response.url)
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(url + "/sign-in")
    assert_accessible(page, "sign-in")
    page.goto(url + make_link(web.context, OFFICER))
    assert_accessible(page, "sign-in link")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(url + "/cases")
    for path in (
        "/cases",
        "/cases?q=allowance",
        "/cases?team=nowhere&show=overdue",
        "/queues",
        f"/cases/{reference}",
        "/cases/CSC-2026-999999",
    ):
        page.goto(url + path)
        assert_accessible(page, path)
    page.goto(f"{url}/contacts/new")
    assert_accessible(page, "log a contact")
    web.sign_in()  # the test client records what the forms below choose from
    post(web, f"/cases/{reference}/actions/learning", {
        "text": "Return calls within two days", "owner": "fostering",
        **day_fields("on", web.clock.now().date()),
    })  # fmt: skip
    today = web.clock.now().date()
    post(web, f"/cases/{reference}/actions/lgsco-received",
         {"lgsco_reference": "25 012 345", **day_fields("on", today)})  # fmt: skip
    for slug in ("change-triage", "lgsco-decision", "learning-status"):
        page.goto(f"{url}/cases/{reference}/actions/{slug}")
        assert page.locator("main form").count() == 1, slug  # the form, not why it is not open
        assert_accessible(page, f"the {slug} form")
    post(web, f"/cases/{reference}/actions/lgsco-decision", {
        "finding": "upheld_with_injustice", "recommendation_1": "Apologise in writing",
        **day_fields("recommendation_1_due", today), **day_fields("on", today),
    })  # fmt: skip
    page.goto(f"{url}/cases/{reference}/actions/recommendation-status")
    assert page.locator("main form").count() == 1
    assert_accessible(page, "the recommendation-status form")
    page.goto(f"{url}/cases/{reference}/actions/resume")  # not paused: why it is not open
    assert page.locator("main form").count() == 0
    assert_accessible(page, "an action the case does not offer")
    page.goto(f"{url}/cases/{reference}/actions/cost")
    assert_accessible(page, "the cost form")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "the cost form with errors")
    page.goto(f"{url}/cases/{reference}/actions/respond")
    assert_accessible(page, "the response form")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "the response form with errors")
    for radio in page.locator("input[type=radio][value=upheld]").all():
        radio.check()
    for finding in page.locator("textarea[name^=finding-]").all():
        finding.fill("Nobody returned your calls in December.")
    page.check("#manager_contact")
    # upheld with no remedy: the error is said by the remedies, as Slack and the CLI say it
    page.get_by_role("button", name="Continue").click()
    said = page.locator("#remedies-error").inner_text()
    assert "Issue 1 is upheld: choose what the council will do to put it right" in said, said
    page.check("input[name=remedies][value=apology]")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check the letter")
    assert_accessible(page, "the letter preview")
    assert (broken, blocked) == ([], [])  # no missing asset, nothing the policy had to block
    page.close()


def test_search_open_a_case_and_act_with_the_keyboard_alone(
    browser: Any, site: tuple[str, Web]
) -> None:
    url, web = site
    reference = web.new_case(body="Nobody returns my calls about the fostering allowance.")
    web.new_case(body="The contact centre keeps cancelling family time.")
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(url + "/cases")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        raise AssertionError("the search box is not reachable with Tab")
    page.keyboard.type("allowance")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases?*q=allowance*")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == reference:
            break
    else:
        raise AssertionError("the case link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/cases/{reference}")
    assert page.get_by_role("heading", level=1).inner_text() == f"Case {reference}"
    tab_to(page, "Add a case note")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/cases/{reference}/actions/note")
    tab_to(page, "", element_id="note")
    page.keyboard.type("Rang back; will write by Friday.")
    tab_to(page, "Add note")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/cases/{reference}")
    assert "Note added" in page.inner_text("main")
    assert "Rang back; will write by Friday." in page.inner_text("main")
    page.close()


def tab_to(page: Any, text: str, *, element_id: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focused element has this text (or id): keyboard users' way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.id, document.activeElement.textContent.trim()]"
        )
        if (element_id is not None and focused[0] == element_id) or (
            element_id is None and focused[1] == text
        ):
            return
    raise AssertionError(f"{text or element_id!r} is not reachable with Tab")


def test_hostile_text_is_shown_as_text(browser: Any, site: tuple[str, Web]) -> None:
    url, web = site
    reference = new_case(
        engine=web.context.engine,
        service=build_case_service(web.context),
        rulebook=web.context.rulebook,
        clock=web.clock,
        body=HOSTILE_BODY,
        subject=HOSTILE_SUBJECT,
    )
    web.add_message(
        reference, text=HOSTILE_BODY, sender="parent@example.org", subject=HOSTILE_SUBJECT
    )
    with session_scope(web.context.engine) as session:
        person = session.exec(select(Person)).one()
        person.name = HOSTILE_NAME
        session.add(person)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, url, web)
    for path in ("/cases", f"/cases?q={reference}", f"/cases/{reference}"):
        page.goto(url + path)
        text = page.inner_text("main")
        assert HOSTILE_SUBJECT in text, path
        assert page.locator("main img").count() == 0, path
        assert page.locator("main script").count() == 0, path
    assert HOSTILE_NAME in page.inner_text("main")
    assert "[U+202E]exe.gnp[U+202C]" in page.inner_text("main")  # bidi controls made visible
    assert "<b>now</b>" in page.inner_text("main")
    assert dialogs == []
    page.close()


def errors_on(page: Any) -> tuple[list[list[object]], list[str]]:
    """The error summary's links (target, whether it exists) and the inline messages."""
    assert page.locator(".govuk-error-summary").count() == 1
    links = page.eval_on_selector_all(
        ".govuk-error-summary a",
        "els => els.map(e => [e.getAttribute('href'),"
        " !!document.querySelector(e.getAttribute('href'))])",
    )
    inline = [m.inner_text() for m in page.locator(".govuk-error-message").all()]
    return links, inline


def fill_day(page: Any, name: str, day: str, month: str, year: str) -> None:
    page.fill(f"#{name}-day", day)
    page.fill(f"#{name}-month", month)
    page.fill(f"#{name}-year", year)


def test_the_extension_form_with_wrong_input_of_every_kind(
    browser: Any, site: tuple[str, Web]
) -> None:
    """Extend the deadline, walked in Chromium: its optional agreement date, every wrong
    input answered in the error summary and next to its own field, axe clean each time. An
    agreement dated before the complaint came was shown next to the new due date (the
    action's field) before; it now sits next to the agreement date."""
    url, web = site
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/cases/{reference}/actions/extend")
    assert page.input_value("#agreed_on-day") == ""  # optional: opens empty
    assert_accessible(page, "the extension form")
    fill_day(page, "to", "31", "2", "2026")
    page.get_by_role("button", name="Save").click()
    links, inline = errors_on(page)
    assert links == [["#to-day", True], ["#reason", True]], links
    assert any("New due date must be a real date" in each for each in inline)
    assert_accessible(page, "the extension form with errors")
    fill_day(page, "to", "20", "3", "2026")
    page.fill("#agreed_on-day", "3")
    page.fill("#reason", "The manager is on leave.")
    page.get_by_role("button", name="Save").click()
    links, inline = errors_on(page)
    assert links == [["#agreed_on-day", True]], links
    assert any("must include a month" in each for each in inline)
    fill_day(page, "agreed_on", "27", "2", "2026")  # before the complaint came
    page.get_by_role("button", name="Save").click()
    links, inline = errors_on(page)
    assert links == [["#agreed_on-day", True]], links
    assert any("before the complaint was received" in each for each in inline), inline
    assert all(reference not in each for each in inline)
    assert_accessible(page, "the extension form refused by the procedure")
    page.close()


def test_log_a_contact_and_the_event_date_with_wrong_input(
    browser: Any, site: tuple[str, Web]
) -> None:
    """Log a contact and Record the event date, walked in Chromium: each wrong input is in the
    error summary, in the order of the fields on the page (GOV.UK), linking a field that
    exists, and next to its field; axe clean. Walking it, the phone and email checks (run
    after the fields are read) were listed after 'What they said', below them on the page."""
    url, web = site
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/contacts/new")
    page.fill("#email", "not an address")
    page.fill("#phone", "call me maybe")
    fill_day(page, "received", "1", "1", "2099")
    page.get_by_role("button", name="Log it").click()
    links, inline = errors_on(page)
    assert [target for target, _ in links] == [
        "#channel", "#kind", "#received-day", "#name", "#email", "#phone", "#text",
    ], links  # fmt: skip
    assert all(exists for _, exists in links)
    assert any("phone number of digits and spaces" in each for each in inline)
    assert len(inline) == len(links)
    assert_accessible(page, "log a contact with errors")
    reference = web.new_case(body="My son's social worker left in 2019 and nobody replaced her.")
    page.goto(f"{url}/cases/{reference}/actions/event-date")
    assert_accessible(page, "the event date form")
    for (day, month, year), said in (
        (("30", "2", "2025"), "must be a real date"),
        (("1", "1", "1900"), "100 years before the complaint arrived"),
        (("1", "1", "2099"), "after the complaint arrived"),
    ):
        fill_day(page, "event_on", day, month, year)
        page.get_by_role("button", name="Save").click()
        links, inline = errors_on(page)
        assert links == [["#event_on-day", True]], (said, links)
        assert any(said in each for each in inline), (said, inline)
        assert all(reference not in each for each in inline), inline
        assert_accessible(page, f"the event date form: {said}")
    page.close()


def test_the_case_list_fits_a_1280_screen_and_scrolls_in_its_column_at_320(
    browser: Any, site: tuple[str, Web], tmp_path: Path
) -> None:
    """walkerF: at 1280 px the list's Status column sat behind a sideways scroll. A busy row
    (both flags, a team pair, overdue, assigned by name) fits beside the filter; at 320 px the
    table scrolls sideways within its column and the page itself never does."""
    from datetime import timedelta

    from store.models import Case
    from testkit.web_rules import MANAGER

    url, web = site
    reference = web.new_case(
        body="My son's social worker was rude and nobody returns my calls about the allowance.",
        subject="Nobody returns my calls about the fostering allowance or family time",
    )
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.safeguarding, case.needs_attention, case.assignee = True, True, MANAGER
        session.add(case)
    web.clock.advance(timedelta(days=60))  # overdue: the red tag beside the date
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, url, web)
    measure = """() => { const table = document.querySelector('main table');
        const column = table.parentElement;
        const status = [...table.querySelectorAll('th')].find(h => h.textContent.trim() === 'Status');
        return {table: table.scrollWidth, column: column.clientWidth, scrolled: column.scrollWidth,
                statusRight: status.getBoundingClientRect().right,
                columnRight: column.getBoundingClientRect().right,
                page: document.documentElement.scrollWidth}; }"""
    page.goto(url + "/cases")
    page.screenshot(path=str(tmp_path / "cases-1280.png"), full_page=True)
    wide = page.evaluate(measure)
    assert wide["scrolled"] <= wide["column"], wide  # nothing hidden to the right
    assert wide["statusRight"] <= wide["columnRight"] + 1, wide
    assert wide["page"] <= 1280, wide
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(url + "/cases")
    page.screenshot(path=str(tmp_path / "cases-320.png"), full_page=True)
    narrow = page.evaluate(measure)
    assert narrow["page"] <= 320, narrow  # the page does not scroll sideways
    assert narrow["scrolled"] > narrow["column"], narrow  # the table does, in its column
    assert_accessible(page, "the case list at 320 px")
    page.close()
