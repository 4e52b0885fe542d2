"""Assign takes only staff or teams the rule file knows (walkerB item 3), refused beside the
field in words; and the case page names staff as the rule file does (item 4): who assigned,
who wrote a note, who acted on the audit trail, not 'web:fostering.manager@…'."""

from __future__ import annotations

from sqlmodel import select

from store.db import read_scope
from store.models import AuditEntry
from testkit.web_rules import MANAGER
from tests.web.conftest import Web
from tests.web.test_actions import case_of, post
from tests.web.test_looked_at_forms import errors_shown

BODY = "The fostering team never answers my calls about the allowance."
UNKNOWN = "is not in the rule file: give the name, email address or Slack user id"


def test_a_case_is_assigned_only_to_staff_the_rule_file_knows(web: Web) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    path = f"/cases/{reference}/actions/assign"
    errors_shown(post(web, path, {"to": "Bob Nobody"}), "to", f"Bob Nobody {UNKNOWN}")
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
