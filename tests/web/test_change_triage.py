"""Change triage as a web form (issue 25), as Slack's Change triage does it: the form opens on
what the case holds, the change is applied with its reason and confirmed, each correction is
recorded against the rule that proposed it, wrong input is refused beside the form, and only a
complaints officer may do it, until a stage is answered."""

from __future__ import annotations

import re

from sqlmodel import select

from store.db import read_scope
from store.models import Issue, TriageCorrection
from testkit.web_rules import MANAGER, OFFICER
from tests.web.conftest import Web
from tests.web.test_actions import case_of, day_fields, post

BODY = "The fostering team never answers my calls about the allowance."


def selected(html: str, name: str) -> str | None:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found is not None, name
    chosen = re.search(r'<option value="([^"]*)" selected', found.group(1))
    return chosen.group(1) if chosen else None


def test_change_triage_from_the_case_page(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    case = case_of(web, reference)
    assert "/actions/change-triage" in web.client.get(f"/cases/{reference}").text
    path = f"/cases/{reference}/actions/change-triage"
    form = web.client.get(path).text
    assert selected(form, "route") == case.route.value  # it opens on what the case holds
    assert selected(form, "kind") == case.record_kind.value

    for data, message in [
        ({"kind": "complaint", "route": "corporate"}, "Enter why the change"),
        ({"kind": "complaint", "route": "not_logged", "why": "x"}, "Say why it is not logged"),
        ({"kind": "compliment", "route": "statutory", "why": "x"}, "follows no complaints"),
        ({"kind": "complaint", "route": "corporate", "stage": "2", "why": "x"},
         "Only a statutory complaint starts at stage 2"),
        ({"kind": "complaint", "route": "corporate", "issues": "communication:nowhere",
          "why": "x"}, "Unknown team"),
    ]:  # fmt: skip
        answer = post(web, path, data)
        assert answer.status_code == 400, data  # type: ignore[attr-defined]
        assert message in answer.text, (data, message)  # type: ignore[attr-defined]
    assert case_of(web, reference).route == case.route  # nothing changed

    data = {"kind": "complaint", "route": "corporate", "issues": "communication:fostering",
            "why": "About a school transport decision"}  # fmt: skip
    preview = post(web, path, data)  # the corporate acknowledgement is shown before it is sent
    assert preview.status_code == 200 and "Check the letter" in preview.text  # type: ignore[attr-defined]
    assert case_of(web, reference).route == case.route
    changed = post(web, path, {**data, "confirm": "yes"})
    assert changed.status_code == 303  # type: ignore[attr-defined]
    after = case_of(web, reference)
    assert after.route.value == "corporate"
    assert after.triage_confirmed_by == f"web:{OFFICER}"
    with read_scope(web.context.engine) as session:
        issues = session.exec(select(Issue).where(Issue.case_id == after.id)).all()
        assert [(i.category, i.team_id) for i in issues] == [("communication", "fostering")]
        corrections = session.exec(select(TriageCorrection)).all()
        assert {c.what for c in corrections} >= {"route"}
        assert {c.actor for c in corrections} == {f"web:{OFFICER}"}
        assert {c.why for c in corrections} == {"About a school transport decision"}

    # Once a stage is answered, triage stays as it is.
    respond = f"/cases/{reference}/actions/respond"
    outcomes = {name: "upheld" for name in re.findall(r'name="(outcome-\d+)"',
                                                       web.client.get(respond).text)}  # fmt: skip
    findings = {name.replace("outcome", "finding"): "We read the file." for name in outcomes}
    post(web, respond, {**day_fields("on", web.clock.now().date()), **outcomes, **findings,
                        "remedies": "apology", "manager_contact": "no", "confirm": "yes"})  # fmt: skip
    assert case_of(web, reference).status.value == "responded"
    assert "/actions/change-triage" not in web.client.get(f"/cases/{reference}").text


def test_only_a_complaints_officer_changes_triage(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in(MANAGER)
    assert "/actions/change-triage" not in web.client.get(f"/cases/{reference}").text
    refused = post(web, f"/cases/{reference}/actions/change-triage",
                   {"kind": "complaint", "route": "corporate", "why": "x"})  # fmt: skip
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "complaints officer role" in refused.text  # type: ignore[attr-defined]


def test_no_category_matched_is_not_a_doubt_once_staff_set_the_categories(web: Web) -> None:
    """Walking a complaint no category matched, then Change triage to give it its categories:
    the case page still said 'Triage is unsure: no category matched', and 'Why heard proposed
    this' still gave it as the reason for issues staff had replaced. It is now history."""
    reference = web.new_case(body="Hello, I am writing about my daughter. Please can someone help.")
    web.sign_in()
    before = web.client.get(f"/cases/{reference}").text
    assert "Triage is unsure: no category matched" in before
    path = f"/cases/{reference}/actions/change-triage"
    data = {"kind": "complaint", "route": case_of(web, reference).route.value,
            "issues": "communication:fostering", "why": "About the fostering team's calls",
            "confirm": "yes"}  # fmt: skip
    assert post(web, path, data).status_code == 303  # type: ignore[attr-defined]
    after = web.client.get(f"/cases/{reference}").text
    assert "Triage is unsure" not in after
    assert "no category matched: the complaints triage queue" not in after
    assert "When heard proposed this it was unsure" in after  # kept as history
    assert "no category matched: staff to say what the complaint is about" in after
