"""The records beside a complaint's procedure as web forms (issue 25): the Ombudsman's decision
with its recommendations, where each recommendation and each learning action stands, and a
cost; over the same use cases as the CLI and Slack, with their checks, roles and audit."""

from __future__ import annotations

import re

from sqlmodel import col, select

from store.db import read_scope
from store.models import (
    AuditEntry,
    CaseExample,
    Cost,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    LgscoRecommendationUpdate,
)
from testkit.web_rules import MANAGER, OFFICER
from tests.web.conftest import Web
from tests.web.test_actions import day_fields, post
from tests.web.test_looked_at_forms import errors_shown


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}"[^>]*value="([^"]+)"', html)


def test_the_ombudsmans_decision_and_its_recommendations(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    today = web.clock.now().date()
    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/lgsco-decision" not in page  # no enquiry open yet
    assert "/actions/recommendation-status" not in page
    post(web, f"/cases/{reference}/actions/lgsco-received",
         {"lgsco_reference": "25 012 345", **day_fields("on", today)})  # fmt: skip
    assert "/actions/lgsco-decision" in web.client.get(f"/cases/{reference}").text

    path = f"/cases/{reference}/actions/lgsco-decision"
    missing_date = post(web, path, {"finding": "upheld_with_injustice",
                                    "recommendation_1": "Apologise", **day_fields("on", today)})  # fmt: skip
    assert missing_date.status_code == 400  # type: ignore[attr-defined]
    assert "Recommendation 1 needs the date" in missing_date.text  # type: ignore[attr-defined]
    not_investigated = post(web, path, {"finding": "not_investigated", **day_fields("on", today)})
    assert not_investigated.status_code == 400  # type: ignore[attr-defined]
    assert "reason" in not_investigated.text  # type: ignore[attr-defined]
    decided = post(web, path, {
        "finding": "upheld_with_injustice", "lgsco_reference": "25 012 345",
        "remedy": "Apologise and pay £300", "remedy_cost": "300",
        "recommendation_1": "Apologise in writing", **day_fields("recommendation_1_due", today),
        **day_fields("on", today),
    })  # fmt: skip
    assert decided.status_code == 303  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        enquiry = session.exec(select(LgscoCase)).one()
        assert (enquiry.decision.value if enquiry.decision else None) == "upheld_with_injustice"
        assert enquiry.remedy_cost_pence == 30000
        (recommendation,) = session.exec(select(LgscoRecommendation)).all()
        assert recommendation.text == "Apologise in writing"

    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/lgsco-decision" not in page
    form = web.client.get(f"/cases/{reference}/actions/recommendation-status").text
    assert radios(form, "recommendation") == [str(recommendation.id)]
    assert "1. Apologise in writing (outstanding)" in form
    path = f"/cases/{reference}/actions/recommendation-status"
    no_note = post(web, path, {"recommendation": str(recommendation.id), "status": "outstanding",
                               **day_fields("on", today)})  # fmt: skip
    assert no_note.status_code == 400  # type: ignore[attr-defined]
    assert "Say what has been done: progress needs a note" in no_note.text  # type: ignore[attr-defined]
    # said as a sentence next to the note (walking it: 'Cannot progress on a recommendation
    # needs a note of what was done', beside the recommendation's radios)
    assert "Cannot progress" not in no_note.text  # type: ignore[attr-defined]
    assert 'href="#note"' in no_note.text  # type: ignore[attr-defined]
    done = post(web, path,
                {"recommendation": str(recommendation.id), "status": "completed",
                 "note": "Apology sent, copy on file", **day_fields("on", today)})  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        row = session.exec(select(LgscoRecommendation)).one()
        assert (row.status.value, row.completed_on) == ("completed", today)
        said = session.exec(
            select(AuditEntry.actor).where(AuditEntry.action == "lgsco_recommendation")
        ).all()
        assert said == [f"web:{OFFICER}"]
        (step,) = session.exec(select(LgscoRecommendationUpdate)).all()
        assert (step.status.value, step.note) == ("completed", "Apology sent, copy on file")
    # the case page shows the Ombudsman's decision and where each recommendation stands, with
    # its evidence (walking an Ombudsman referral in the web view, the page showed neither)
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert "The Ombudsman" in page and "25 012 345" in page and "Upheld with injustice" in page
    assert "Apologise in writing" in page and "Apology sent, copy on file" in page
    assert f"Completed {today:%-d %B %Y}" in page


def test_a_learning_action_moves_on(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    today = web.clock.now().date()
    assert "/actions/learning-status" not in web.client.get(f"/cases/{reference}").text
    post(web, f"/cases/{reference}/actions/learning",
         {"text": "Return calls within two days", "owner": "fostering", **day_fields("on", today)})  # fmt: skip
    assert "/actions/learning-status" in web.client.get(f"/cases/{reference}").text
    with read_scope(web.context.engine) as session:
        learning_id = str(session.exec(select(LearningAction.id)).one())
    path = f"/cases/{reference}/actions/learning-status"
    no_why = post(web, path, {"learning": learning_id, "status": "not_implemented",
                              **day_fields("on", today)})  # fmt: skip
    assert no_why.status_code == 400  # type: ignore[attr-defined]
    assert "Say why it was not implemented" in no_why.text  # type: ignore[attr-defined]
    not_ours = post(web, path, {"learning": "999999", "status": "implemented",
                                **day_fields("on", today)})  # fmt: skip
    assert not_ours.status_code == 400  # type: ignore[attr-defined]
    done = post(web, path, {"learning": learning_id, "status": "implemented",
                            **day_fields("on", today)})  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        action = session.exec(select(LearningAction)).one()
        assert (action.status.value, action.implemented_on) == ("implemented", today)


def test_a_cost_is_recorded_and_roles_are_checked(web: Web) -> None:
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in(MANAGER)
    today = web.clock.now().date()
    page = web.client.get(f"/cases/{reference}").text
    assert "/actions/cost" in page  # a manager may record a cost
    assert "/actions/lgsco-received" not in page  # the Ombudsman's records are the officers'
    path = f"/cases/{reference}/actions/cost"
    bad = post(web, path, {"kind": "compensation", "amount": "nothing", **day_fields("on", today)})
    assert bad.status_code == 400 and "amount" in bad.text  # type: ignore[attr-defined]
    # walkerB: £99,999,999,999 was taken (Slack's modal alone capped it at £100,000)
    huge = {"kind": "compensation", "amount": "99999999999", **day_fields("on", today)}
    errors_shown(post(web, path, huge), "amount", "The amount must be at most £100,000")
    done = post(web, path, {"kind": "compensation", "amount": "250.50",
                            "description": "Distress", **day_fields("on", today)})  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "Cost recorded: compensation, £250.50" in web.client.get(f"/cases/{reference}").text
    with read_scope(web.context.engine) as session:
        cost = session.exec(select(Cost)).one()
        assert (cost.kind.value, cost.amount_pence, cost.description) == (
            "compensation", 25050, "Distress",
        )  # fmt: skip
    refused = post(web, f"/cases/{reference}/actions/lgsco-decision",
                   {"finding": "not_upheld", **day_fields("on", today)})  # fmt: skip
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "complaints officer role" in refused.text  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        assert session.exec(select(col(AuditEntry.id)).where(AuditEntry.action == "cost")).all()


def test_a_stage_2_under_the_code_is_acknowledged_from_the_case_page(web: Web) -> None:
    from datetime import UTC, datetime

    web.clock.set(datetime(2026, 5, 11, 10, 0, tzinfo=UTC))  # after the Code came in
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    today = web.clock.now().date()
    changed = post(web, f"/cases/{reference}/actions/change-triage",
                   {"kind": "complaint", "route": "corporate", "why": "A school matter",
                    "confirm": "yes"})  # fmt: skip
    assert changed.status_code == 303  # type: ignore[attr-defined]
    # Each acknowledgement under the Code writes the answer's date to the complainant: the
    # letter shows first, and the form goes on "confirm".
    post(
        web,
        f"/cases/{reference}/actions/acknowledge",
        {**day_fields("on", today), "confirm": "yes"},
    )
    respond = f"/cases/{reference}/actions/respond"
    outcomes = {name: "not_upheld" for name in re.findall(r'name="(outcome-\d+)"',
                                                           web.client.get(respond).text)}  # fmt: skip
    findings = {name.replace("outcome", "finding"): "We read the file." for name in outcomes}
    post(web, respond, {**day_fields("on", today), **outcomes, **findings, "manager_contact": "no",
                        "confirm": "yes"})  # fmt: skip
    assert "/actions/acknowledge-stage" not in web.client.get(f"/cases/{reference}").text
    escalated = post(web, f"/cases/{reference}/actions/escalate",
                     {**day_fields("on", today), "confirm": "yes"})  # fmt: skip
    assert escalated.status_code == 303  # type: ignore[attr-defined]
    assert "/actions/acknowledge-stage" in web.client.get(f"/cases/{reference}").text
    # The case's own acknowledgement, opened by its address, points to the stage's.
    opened = " ".join(web.client.get(f"/cases/{reference}/actions/acknowledge").text.split())
    assert "This stage is acknowledged on its own" in opened
    shown = post(web, f"/cases/{reference}/actions/acknowledge-stage", day_fields("on", today))
    assert "We will send you our response by" in shown.text  # type: ignore[attr-defined]
    done = post(web, f"/cases/{reference}/actions/acknowledge-stage",
                {**day_fields("on", today), "confirm": "yes"})  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "/actions/acknowledge-stage" not in web.client.get(f"/cases/{reference}").text
    with read_scope(web.context.engine) as session:
        said = session.exec(
            select(AuditEntry.actor).where(AuditEntry.action == "stage_acknowledged")
        ).all()
        assert said == [f"web:{OFFICER}"]


def test_a_case_is_chosen_as_an_example_and_taken_out(web: Web) -> None:
    """Issue 24: the web's form over `heard case REF example`; the text opens pre-filled when
    chosen again; text that would identify someone is refused in the form; a manager may not
    choose (the complaints team does), and every change is audited."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in(MANAGER)
    assert "/actions/example" not in web.client.get(f"/cases/{reference}").text
    web.sign_in()
    today = web.clock.now().date()
    page = web.client.get(f"/cases/{reference}").text
    assert '/actions/example"' in page and "/actions/example-remove" not in page
    path = f"/cases/{reference}/actions/example"
    for text, why in [
        ("Mail to parent@example.org went unanswered.", "an email address"),
        (f"{reference} was answered late.", "the case reference"),
        ("", "Enter the example"),
    ]:
        refused = post(web, path, {"text": text, **day_fields("on", today)})
        assert refused.status_code == 400, text  # type: ignore[attr-defined]
        assert why in refused.text, (text, refused.text[-2000:])  # type: ignore[attr-defined]
    chosen = post(web, path, {"text": "A foster carer's allowance calls went unanswered.",
                              **day_fields("on", today)})  # fmt: skip
    assert chosen.status_code == 303  # type: ignore[attr-defined]
    assert "A foster carer&#39;s allowance calls went unanswered." in web.client.get(path).text
    assert "/actions/example-remove" in web.client.get(f"/cases/{reference}").text
    removed = post(web, f"/cases/{reference}/actions/example-remove", {})
    assert removed.status_code == 303  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        assert session.exec(select(CaseExample)).all() == []
        said = session.exec(
            select(AuditEntry.action, AuditEntry.actor).where(
                col(AuditEntry.action).like("example%")
            )
        ).all()
        assert said == [("example_chosen", f"web:{OFFICER}"), ("example_removed", f"web:{OFFICER}")]


def test_a_nul_typed_into_a_form_is_stored_as_a_visible_mark(web: Web) -> None:
    """PostgreSQL refuses a NUL in text: a form must not turn that into a server error (and a
    lost action); the store's one rule for text a database cannot hold applies, as in Slack."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    today = web.clock.now().date()
    done = post(web, f"/cases/{reference}/actions/learning",
                {"text": "Return calls\x00 within two days", "owner": "fostering",
                 **day_fields("on", today)})  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        assert (
            session.exec(select(LearningAction.text)).one() == "Return calls\ufffd within two days"
        )


def test_a_search_holding_a_nul_answers_with_a_page(web: Web) -> None:
    web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    found = web.client.get("/cases?q=allow%00ance")
    assert found.status_code == 200


def test_stage_2_is_extended_from_the_case_page_without_the_complainants_agreement(
    web: Web,
) -> None:
    """Statutory stage 2 may run to 65 working days with the reason the complainant reads,
    without their agreement: the form's agreement day is for when they did agree, not a
    required field that opened on today (which recorded an agreement nobody gave)."""
    from datetime import timedelta

    from cases.timescales import DeadlineRule
    from store.models import Deadline

    reference = web.new_case(body="I want to make a formal complaint: the social worker is rude.")
    web.sign_in()
    today = web.clock.now().date()
    respond = f"/cases/{reference}/actions/respond"
    outcomes = {name: "not_upheld" for name in re.findall(r'name="(outcome-\d+)"',
                                                           web.client.get(respond).text)}  # fmt: skip
    findings = {name.replace("outcome", "finding"): "We read the file." for name in outcomes}
    post(web, respond, {**day_fields("on", today), **outcomes, **findings, "manager_contact": "no",
                        "confirm": "yes"})  # fmt: skip
    escalated = post(web, f"/cases/{reference}/actions/escalate",
                     {**day_fields("on", today), "confirm": "yes"})  # fmt: skip
    assert escalated.status_code == 303  # type: ignore[attr-defined]
    extend = f"/cases/{reference}/actions/extend"
    assert f'name="agreed_on-day" value="{today.day}"' not in web.client.get(extend).text
    later = web.context.calendar.add_working_days(today, 40)
    typed = {**day_fields("to", later), "agreed_on-day": "", "agreed_on-month": "",
             "agreed_on-year": "", "reason": "Three teams to interview",
             "reason_for_complainant": "We need to speak to staff in three teams."}  # fmt: skip
    shown = post(web, extend, typed)
    assert "We need to speak to staff in three teams." in shown.text  # type: ignore[attr-defined]
    done = post(web, extend, {**typed, "confirm": "yes"})
    assert done.status_code == 303, done.text  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        stage_two = session.exec(
            select(Deadline).where(Deadline.rule == DeadlineRule.STATUTORY_2)
        ).one()
        assert stage_two.extended_to == later and stage_two.extension_agreed_on is None
    assert later > today + timedelta(days=30)
