"""The web view's stage 2 response preview, in a real Chromium, tells staff when the reports
they chose to enclose cannot go (previewfix): mail through Microsoft Graph from a 1 MB mailbox
(HEARD_GRAPH_MESSAGE_MAX_MB=1: files up to 675,000 bytes) and a 700 KB report. The warning sits
above the letter, not in it; the letter offers copies. Before, only the letter was shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from heard.settings import DEFAULT_RULES_PATH, Settings
from testkit.role_rules import write_rules
from testkit.web_rules import OFFICER, WEB_ROLES
from tests.reports.accessibility import chromium
from tests.web.conftest import Web, make_link
from tests.web.test_browser import served_site
from tests.web.test_report_upload import DOCX, at_stage_two, upload

BIG = b"%PDF-1.7\n% the investigating officer's report\n" + b"x" * 700_000


@pytest.fixture
def graph_site(settings: Settings, database_url: str, tmp_path: Path) -> Iterator[tuple[str, Web]]:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    configured = Settings.model_validate(
        settings.model_copy(
            update={
                "database_url": database_url,
                "rules_path": rules,
                "mail_transport": "graph",
                "graph_mailbox": "complaints@council.example",
                "graph_tenant_id": "tenant",
                "graph_client_id": "client",
                "graph_client_secret": SecretStr("secret"),
                "graph_message_max_mb": 1,
                "attachment_max_bytes": 1_000_000,
            }
        ).model_dump()
    )
    yield from served_site(configured)


def test_the_preview_says_the_chosen_reports_cannot_go(graph_site: tuple[str, Web]) -> None:
    executable = chromium()
    if executable is None:
        pytest.skip("chromium not installed (see .ci/run)")
    from playwright.sync_api import sync_playwright

    url, web = graph_site
    reference = web.new_case()
    web.sign_in()
    at_stage_two(web, reference)
    assert upload(web, reference, "io", ("io.pdf", BIG)).status_code == 303
    assert upload(web, reference, "ip", ("ip.docx", DOCX)).status_code == 303
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        page: Any = browser.new_page()
        page.goto(url + make_link(web.context, OFFICER))
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{url}/cases/{reference}/actions/respond")
        today = web.clock.now().date()
        page.fill("#on-day", str(today.day))
        page.fill("#on-month", str(today.month))
        page.fill("#on-year", str(today.year))
        page.check("input[name='outcome-1'][value='not_upheld']")
        page.fill("#finding-1", "We read the records.")
        page.check("input[name='manager_contact'][value='no']")
        page.check("input[name='enclose'][value='reports']")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_selector("h1:has-text('Check the letter')")
        warning = " ".join(page.locator(".govuk-warning-text").all_inner_texts()).split()
        said = " ".join(warning)
        letter = " ".join(page.locator(".govuk-inset-text").inner_text().split())
        browser.close()
    assert (
        "the reports you chose to enclose cannot go with it: "
        "the reports weigh 0.7 MB and a letter carries at most 0.7 MB (Microsoft Graph, a mailbox "
        "taking messages up to 1 MB: HEARD_GRAPH_MESSAGE_MAX_MB)"
    ) in said, said
    assert "the case will be flagged for you to send them" in said
    assert "we will send you copies" in letter and "Not in the letter" not in letter
