"""The Change triage modal: opened from the card with the council's lists, submitted with a
changed complainant type, issues and stage; each change is recorded against its rule."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlmodel import select

from bot import ids
from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from casework.trail import trail_line
from store.db import session_scope
from store.models import AuditEntry, Issue, TriageCorrection
from tests.bot.clicking import action_ids, card, drain, pushed_view
from tests.bot.conftest import Slack
from tests.bot.test_app import button, eventually, interaction, submission


def chosen(value: str) -> dict:  # type: ignore[type-arg]
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


def typed(value: str) -> dict:  # type: ignore[type-arg]
    return {"value": {"type": "plain_text_input", "value": value}}


async def test_the_modal_offers_the_councils_lists_and_opens_on_what_the_case_holds(
    slack: Slack,
) -> None:
    """Staff change only what is wrong: kind, route, complainant, issues and stage are filled
    in as triage (or the last change) left them."""
    reference = await asyncio.to_thread(slack.new_case)
    await slack.post(interaction(button(ids.CHANGE_TRIAGE, reference, user="UOFFICER")))
    await eventually(lambda: bool(slack.api.received("views.open")), timeout=30)
    view = slack.api.received("views.open")[0]["view"]
    assert "grandparent" in json.dumps(view) and "Issues" in json.dumps(view)
    elements = {block["block_id"]: block["element"] for block in view["blocks"]}
    case = slack.case(reference)
    assert elements["kind"]["initial_option"]["value"] == case.record_kind.value
    assert elements["route"]["initial_option"]["value"] == case.route.value
    assert elements["complainant"]["initial_option"]["value"] == case.complainant_type
    assert elements["stage"]["initial_option"]["value"] == "1"
    assert "initial_option" not in elements["not_logged"]  # a logged complaint has no reason
    with session_scope(slack.context.engine) as session:
        issues = [f"{i.category}:{i.team_id}" for i in session.exec(select(Issue))]
    assert issues and elements["issues"]["initial_value"].splitlines() == issues
    assert "initial_value" not in elements["why"]  # the reason is always the officer's own


async def test_changing_type_and_issues_is_applied_and_counted(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    values = {
        "kind": chosen("complaint"),
        "route": chosen("statutory"),
        "complainant": chosen("grandparent"),
        "issues": typed("communication:children_in_care\nlack_of_support"),
        "why": typed("Written by the grandmother about two matters"),
    }
    saved = await slack.post(submission(ids.CHANGE_TRIAGE_VIEW, reference, values))
    # no letter has gone to this complainant yet: the one for staff's decision is shown first
    letter = pushed_view(await saved.text())
    assert letter is not None and letter["callback_id"] == ids.CHANGE_TRIAGE_PREVIEW_VIEW
    assert slack.case(reference).triage_confirmed_at is None  # nothing changed before Send
    await slack.post(submission(ids.CHANGE_TRIAGE_PREVIEW_VIEW, letter["private_metadata"], {}))
    await eventually(lambda: slack.case(reference).triage_confirmed_at is not None, timeout=30)
    case = slack.case(reference)
    assert case.complainant_type == "grandparent"
    with session_scope(slack.context.engine) as session:
        issues = {(i.category, i.team_id) for i in session.exec(select(Issue))}
        assert issues == {("communication", "children_in_care"), ("lack_of_support", "complaints")}
        rows = session.exec(select(TriageCorrection)).all()
        assert ("complainant_type", "who.parent") in {(r.what, r.rule_id) for r in rows}
        assert all(r.actor == "slack:UOFFICER" for r in rows)
    # the thread says a person changed it, not that heard proposed it (walkerJ)
    await drain(slack)
    said = [p["text"] for p in slack.api.received("chat.postMessage") if p.get("thread_ts")]
    assert "<@UOFFICER> changed the triage" in said, said
    assert not any("UOFFICER> proposed" in line for line in said), said
    with session_scope(slack.context.engine) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.case_id == case.id)).all()
        entries = [{"at": r.at, "actor": r.actor, "action": r.action, "reason": None} for r in rows]
    trail = [trail_line(entry, organisation=slack.context.organisation) for entry in entries]
    said_of_triage = {"proposed the triage", "changed the triage"}
    assert [line.what for line in trail if line.what in said_of_triage] == [
        "proposed the triage",  # heard's own run, when the mail came
        "changed the triage",
    ]


async def test_an_unknown_category_is_a_field_error(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    values = {
        "kind": chosen("complaint"),
        "route": chosen("statutory"),
        "issues": typed("astrology:fostering"),
        "why": typed("x"),
    }
    response = await slack.post(submission(ids.CHANGE_TRIAGE_VIEW, reference, values))
    body = json.loads(await response.text())
    assert body["response_action"] == "errors" and "astrology" in body["errors"]["issues"]
    assert slack.case(reference).triage_confirmed_at is None


async def test_the_card_offers_change_triage_until_a_stage_is_answered(slack: Slack) -> None:
    """Triage may change, confirmed or not, until a stage is answered (casework.triage). Walking
    it (walker3): once staff confirmed a contact not logged, its card lost Change triage, so
    its reply showing it could be logged could not be acted on; and a complaint at stage 3
    whose triage nobody had confirmed still offered Change triage, which the store refuses."""
    court = "I want to complain about the report the social worker wrote for the family court."
    refused = await asyncio.to_thread(slack.new_case, court)
    assert slack.case(refused).route.value == "not_logged"
    await slack.post(interaction(button(ids.CONFIRM_TRIAGE, refused, user="UOFFICER")))
    await eventually(lambda: bool(slack.api.received("views.open")), timeout=30)
    letter = slack.api.received("views.open")[-1]["view"]  # the refusal, to be sent
    await slack.post(submission(letter["callback_id"], letter["private_metadata"], {}))
    await eventually(lambda: slack.case(refused).triage_confirmed_at is not None, timeout=30)
    buttons = action_ids(await card(slack, refused))
    assert ids.CHANGE_TRIAGE in buttons and ids.CONFIRM_TRIAGE not in buttons

    answered = await asyncio.to_thread(slack.new_case, days_ago=7)
    officer = Actor.staff(Via.SLACK, "UOFFICER")
    today = slack.context.clock.now().date()
    with session_scope(slack.context.engine) as session:
        case = slack.case(answered)
        case = session.merge(case)
        outcomes = {1: Outcome.NOT_UPHELD}
        record_response(slack.component.deps.cases, session, case=case, actor=officer,
                        today=today, response=ResponseInput(
                            responded_on=today - timedelta(days=1), issue_outcomes=outcomes,
                            findings={n: "We read the file." for n in outcomes}))  # fmt: skip
        escalate(slack.component.deps.cases, session, case=case, requested_on=today,
                 actor=officer, today=today)  # fmt: skip
    assert slack.case(answered).triage_confirmed_at is None
    buttons = action_ids(await card(slack, answered))
    assert ids.CONFIRM_TRIAGE in buttons and ids.CHANGE_TRIAGE not in buttons
