"""Assign takes only staff or teams the rule file knows (walkerB item 3), refused beside the
field in words; and the case page names staff as the rule file does (item 4): who assigned,
who wrote a note, who acted on the audit trail, not 'web:fostering.manager@…'."""

from __future__ import annotations

from sqlmodel import select

from store.db import read_scope
from store.models import AuditEntry
from testkit.web_rules import MANAGER
from tests.web.conftest import Web, csrf_of
from tests.web.test_actions import case_of, post
from tests.web.test_looked_at_forms import errors_shown

BODY = "The fostering team never answers my calls about the allowance."
UNKNOWN = "is not in the rule file: give the name, email address or Slack user id"


def test_a_case_is_assigned_only_to_staff_the_rule_file_knows(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    path = f"/cases/{reference}/actions/assign"
    errors_shown(post(web, path, {"to": "Bob Nobody"}), "to", f"&#39;Bob Nobody&#39; {UNKNOWN}")
    # what was typed is said as typed, not with a capital put on it (walkerI)
    errors_shown(post(web, path, {"to": "pat@council.gov.uk"}), "to",
                 f"&#39;pat@council.gov.uk&#39; {UNKNOWN}")  # fmt: skip
    hostile = post(web, path, {"to": "<script>alert(1)</script>"})
    errors_shown(hostile, "to", UNKNOWN)
    assert "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text  # type: ignore[attr-defined]
    assert case_of(web, reference).assignee is None
    # a team's name is its manager, kept by email (the rule file gives them no Slack id)
    assert post(web, path, {"to": "fostering"}).status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).assignee == MANAGER
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert "Assigned to Fostering Team Manager" in page
    assert "assigned the case: Fostering Team Manager" in page
    assert post(web, path, {"to": "UMANAGER"}).status_code == 303  # type: ignore[attr-defined]
    assert case_of(web, reference).assignee == "UMANAGER"  # a role granted by Slack user id
    # walkerF: it read "Assigned to UMANAGER", a code, on the page, in the list and the trail
    said = "a Slack user not in the rule file (UMANAGER)"
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert f"Assigned to {said}" in page and f"assigned the case: {said}" in page
    assert f"Assigned to {said}" in " ".join(web.client.get("/cases").text.split())


def test_the_case_page_names_staff_as_the_rule_file_does(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in(MANAGER)
    note = {"note": "Rang the carer back."}
    assert post(web, f"/cases/{reference}/actions/note", note).status_code == 303  # type: ignore[attr-defined]
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert "by Fostering Team Manager" in page  # the note's byline
    assert "Fostering Team Manager</td> <td class=\"govuk-table__cell\">added a case note" in page
    assert f"web:{MANAGER}" not in page
    with read_scope(web.context.engine) as session:  # stored as before: who, by how they acted
        row = session.exec(select(AuditEntry).where(AuditEntry.action == "note_added")).one()
        assert row.actor == f"web:{MANAGER}"


def test_a_manager_acts_only_on_their_teams_cases(web: Web) -> None:
    """walkerB item 5: the fostering team's manager could answer an assessment case. They may
    still read it; every form says why not, a Save posted anyway is refused and audited; once a
    complaints officer assigns it to them it is theirs to work."""
    other = web.new_case(body="My son's social worker from the assessment team is rude.")
    web.sign_in(MANAGER)
    page = " ".join(web.client.get(f"/cases/{other}").text.split())
    assert f"/cases/{other}/actions/" not in page.replace(f"/cases/{other}/actions/snooze", "")
    opened = " ".join(web.client.get(f"/cases/{other}/actions/note").text.split())
    said = f"{other} is not for a team you manage, and it is not assigned to you."
    assert said in opened
    with read_scope(web.context.engine) as session:
        before = len(session.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all())
    refused = web.client.post(f"/cases/{other}/actions/note",
                              data={"note": "x", "csrf_token": csrf_of(opened)})  # fmt: skip
    assert refused.status_code == 400 and said in " ".join(refused.text.split())
    with read_scope(web.context.engine) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert len(rows) == before + 1 and rows[-1].actor == f"web:{MANAGER}"
    web.sign_in()  # a complaints officer
    assert post(web, f"/cases/{other}/actions/assign", {"to": MANAGER}).status_code == 303  # type: ignore[attr-defined]
    web.sign_in(MANAGER)
    assert post(web, f"/cases/{other}/actions/note", {"note": "Mine now"}).status_code == 303  # type: ignore[attr-defined]


def test_assigned_to_me_lists_what_was_assigned_to_them_by_any_name(web: Web) -> None:
    """The case list's "Assigned to me" matches the assignee however assign kept them (here the
    team's name, kept as its manager's email) for the member of staff signed in."""
    theirs, others = web.new_case(body=BODY), web.new_case(body=BODY)
    web.sign_in()
    assert post(web, f"/cases/{theirs}/actions/assign", {"to": "fostering"}).status_code == 303  # type: ignore[attr-defined]
    web.sign_in(MANAGER)
    listed = web.client.get("/cases", params={"show": "assigned-to-me"}).text
    assert theirs in listed and others not in listed
