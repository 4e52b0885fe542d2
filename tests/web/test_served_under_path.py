"""The web view served under a path of an intranet host (HEARD_WEB_BASE_URL
http://127.0.0.1:PORT/heard), behind a real reverse proxy that passes the path on or strips it,
walked in Chromium: sign-in, the list, a search, a case, a form sent with a letter, the queues
and sign-out all stay under /heard, every asset (fonts and images the stylesheets name too)
loads, and the proxy is asked for nothing outside its path. heard's own port still answers
/healthz without the path, as a monitor asks for it (and with it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from heard.settings import DEFAULT_RULES_PATH, Settings
from testkit.path_proxy import listening, proxied
from testkit.role_rules import write_rules
from testkit.web_rules import OFFICER, WEB_ROLES
from tests.web.conftest import Web, make_link
from tests.web.test_browser import browser, served_site  # noqa: F401 (the fixture)

PREFIX = "/heard"


@pytest.fixture(params=[False, True], ids=["path passed on", "path stripped"])
def intranet(
    request: pytest.FixtureRequest, settings: Settings, sqlite_url: str, tmp_path: Path
) -> Iterator[tuple[str, str, Web, list[str]]]:
    """(heard's address on the intranet, heard's own port, the test's handle, the paths the
    proxy was asked for outside heard's)."""
    bound = listening()
    base = f"http://127.0.0.1:{bound.getsockname()[1]}{PREFIX}"
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    configured = Settings.model_validate(
        settings.model_copy(
            update={"database_url": sqlite_url, "rules_path": rules, "web_base_url": base + "/"}
        ).model_dump()
    )
    for own, web in served_site(configured):
        with proxied(own, PREFIX, strip=request.param, bound=bound) as outside:
            yield base, own, web, outside


def test_every_page_link_form_and_asset_stays_under_the_path(
    browser: Any,  # noqa: F811 (the fixture)
    intranet: tuple[str, str, Web, list[str]],
) -> None:
    base, _, web, outside = intranet
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    page = browser.new_page()
    asked: list[str] = []
    broken: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.on(
        "response",
        lambda response: broken.append(response.url) if response.status >= 400 else None,
    )
    page.goto(base + make_link(web.context, OFFICER))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/cases")
    page.get_by_role("link", name="Queues").click()
    page.wait_for_url(base + "/queues")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.wait_for_url(base + "/cases")
    page.fill("#q", "allowance")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(re.escape(base + "/cases?") + ".*q=allowance"))
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(f"{base}/cases/{reference}")
    page.get_by_role("link", name="Record the response").click()
    page.wait_for_url(f"{base}/cases/{reference}/actions/respond")
    for radio in page.locator("input[type=radio][value=not_upheld]").all():
        radio.check()
    for finding in page.locator("textarea[name^=finding-]").all():
        finding.fill("The calls were returned within the day.")
    page.check("#manager_contact")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check the letter")
    page.get_by_role("button", name="Save and send").click()
    page.wait_for_url(f"{base}/cases/{reference}")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/sign-in?signed-out=1")
    page.goto(f"{base}/cases/{reference}")  # signed out: to sign-in, and back after it
    page.wait_for_url(base + "/sign-in")
    page.goto(base + make_link(web.context, OFFICER))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/cases/{reference}")
    page.close()
    assert outside == [] and broken == []
    assert all(url.startswith(base + "/") for url in asked), sorted(set(asked))
    assert any(url.startswith(f"{base}/assets/fonts/") for url in asked)  # the stylesheet's


def test_heard_answers_monitoring_on_its_own_port_without_the_path(
    intranet: tuple[str, str, Web, list[str]],
) -> None:
    _, own, _, _ = intranet
    for path in ("/healthz", f"{PREFIX}/healthz"):
        assert httpx2.get(own + path).status_code == 200, path
