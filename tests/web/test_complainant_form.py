"""Correct the complainant's details from the case page: the form opens with the name, email and
phone heard holds, each problem is shown beside its field (and in the error summary) in the
words every door uses, a save is audited with who, and the next letter (its preview, then the
mail the SMTP capture server caught) greets the corrected name. Offered to the roles that may
choose how letters go, not to a director; in Chromium the form passes axe with and without
errors."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from store import audit
from store.db import read_scope
from store.models import AuditEntry, Case, Person
from testkit.web_rules import DIRECTOR, OFFICER
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.web.conftest import Web, csrf_of
from tests.web.test_actions import day_fields, post
from tests.web.test_browser import assert_accessible, browser, sign_in, site  # noqa: F401
from tests.web.test_looked_at_forms import errors_shown

BODY = "The fostering team never answers my calls about the allowance."


def _held(web: Web, reference: str) -> tuple[str | None, str | None, str | None]:
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        person = session.exec(select(Person).where(Person.case_id == case.id)).one()
        return person.name, person.email, person.phone


async def test_correct_the_name_from_the_case_page(web: Web, mail_sink: MailSink) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    path = f"/cases/{reference}/actions/complainant"
    assert path in web.client.get(f"/cases/{reference}").text
    form = web.client.get(path).text
    assert 'value="Test Parent"' in form and 'value="parent@example.org"' in form
    with read_scope(web.context.engine) as session:  # showing the details is a read, audited
        [seen] = audit.entries(session, select(AuditEntry).where(
            AuditEntry.action == "case summary viewed"))  # fmt: skip
    assert (seen.actor, seen.after) == (f"web:{OFFICER}", {"where": "web complainant form"})
    held = {"name": "Test Parent", "email": "parent@example.org", "phone": ""}

    errors_shown(post(web, path, {**held, "name": "  "}), "name", "Enter the complainant")
    errors_shown(post(web, path, {**held, "name": "Jane\x1bSmith"}), "name", "cannot hold a tab")
    errors_shown(post(web, path, {**held, "name": "J" * 201}), "name", "200 characters or fewer")
    errors_shown(post(web, path, {**held, "email": ""}), "email", "cannot be left blank")
    errors_shown(post(web, path, {**held, "email": "jane@"}), "email", "must look like name@")
    errors_shown(post(web, path, {**held, "phone": "ring me"}), "phone", "must be digits")
    errors_shown(post(web, path, held), "name", "Nothing changed")
    both = post(web, path, {**held, "name": "", "phone": "ring me"})  # every problem at once
    errors_shown(both, "name", "Enter the complainant")
    errors_shown(both, "phone", "must be digits")
    assert _held(web, reference) == ("Test Parent", "parent@example.org", None)

    done = post(web, path, {**held, "name": "Jane Smith", "phone": "07700 900123"})
    assert done.status_code == 303, done.text[-800:]  # type: ignore[attr-defined]
    assert _held(web, reference) == ("Jane Smith", "parent@example.org", "07700 900123")
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert "Corrected the complainant&#39;s name and phone number" in page
    assert "corrected the complainant&#39;s details" in page  # the audit trail, in words
    with read_scope(web.context.engine) as session:
        [entry] = audit.entries(session, select(AuditEntry).where(
            AuditEntry.action == "complainant_corrected").order_by(col(AuditEntry.id)))  # fmt: skip
    assert (entry.actor, entry.before, entry.after) == (
        f"web:{OFFICER}", {"name": "Test Parent", "phone": None},
        {"name": "Jane Smith", "phone": "07700 900123"},
    )  # fmt: skip

    respond = f"/cases/{reference}/actions/respond"
    outcomes = set(re.findall(r'name="(outcome-\d+)"', web.client.get(respond).text))
    data = {
        **day_fields("on", web.clock.now().date()),
        **{name: "not_upheld" for name in outcomes},
        **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
        "remedies": ["explanation"], "manager_contact": "no",
    }  # fmt: skip
    preview = post(web, respond, data)
    assert preview.status_code == 200, preview.text[-800:]  # type: ignore[attr-defined]
    assert "Dear Jane Smith," in preview.text  # type: ignore[attr-defined]
    token = csrf_of(preview.text)  # type: ignore[attr-defined]
    sent = web.client.post(respond, data={**data, "confirm": "yes", "csrf_token": token})
    assert sent.status_code == 303, sent.text[-800:]
    mailed = await letters(web.context.engine, web.context.settings, mail_sink)
    [response] = [text for text in mailed if "What we found" in text]
    assert "Dear Jane Smith," in response and "Test Parent" not in response


def test_a_director_is_not_offered_the_form(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in(DIRECTOR)
    assert "/actions/complainant" not in web.client.get(f"/cases/{reference}").text
    page = web.client.get(f"/cases/{reference}/actions/complainant")
    assert page.status_code in (200, 403)
    if page.status_code == 200:  # the form says why, and a Save is refused
        assert "role in heard" in page.text
    assert _held(web, reference)[0] == "Test Parent"


def test_the_form_passes_axe_with_and_without_errors(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = web.new_case(body=BODY)
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/cases/{reference}/actions/complainant")
    assert_accessible(page, "the complainant form")
    page.get_by_label("Name").fill("")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "the complainant form with errors")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "name"
