"""Bad input in the Record response, Escalate and Ombudsman modals, sent as Slack sends it
(opened from the card's button, saved with a view_submission): every problem comes back as a
form error next to its field and nothing changes."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot import ids
from bot.modals.stage_three import PANEL_HELD, step_modal
from cases.actor import Actor, Via
from casework import triage
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case, Cost, LgscoCase, Remedy, Stage
from testkit.slack_signing import button, interaction
from tests.bot.clicking import action_ids, card, click, closed, eventually, opened_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_clicks import add_issue


def confirm_triage(slack: Slack, reference: str) -> None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        triage.confirm_triage(
            slack.component.deps.cases,
            session, case=case, actor=Actor.staff(Via.SLACK, "UOFFICER"), now=slack.context.clock.now()
        )


async def open_modal(
    slack: Slack, reference: str, action_id: str, view_id: str, user: str
) -> dict[str, Any]:
    opened = len(slack.api.received("views.open"))
    await click(slack, await card(slack, reference), action_id, user=user)
    return await opened_view(slack, view_id, after=opened)


async def errors_of(
    slack: Slack, view: dict[str, Any], answers: dict[str, Any], user: str = "UOFFICER"
) -> dict[str, str]:
    response = await submit(slack, view, answers, user=user)
    assert response.status == 200
    answer = json.loads(await response.text())
    assert answer["response_action"] == "errors", answer
    return dict(answer["errors"])


def changes(slack: Slack) -> list[str]:
    with session_scope(slack.context.engine) as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))
        return [entry.action for entry in entries if entry.action not in ("created", "refused")]


async def test_bad_dates_and_amounts_are_form_errors_and_change_nothing(slack: Slack) -> None:
    # received 45 days ago (the receipt day may be a few days later: the next working day)
    reference = await asyncio.to_thread(slack.new_case, days_ago=45)
    await asyncio.to_thread(add_issue, slack, reference)
    await asyncio.to_thread(confirm_triage, slack, reference)
    received = slack.context.calendar.local_date(slack.case(reference).received_at)
    today = slack.context.calendar.local_date(slack.context.clock.now())

    def day(n: int) -> str:
        return (received + timedelta(days=n)).isoformat()

    assert ids.ESCALATE in action_ids(await card(slack, reference))  # stage 1 is overdue
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    good = {
        "responded_on": day(1),
        "outcome_1": "upheld", "finding_1": "We read the records for issue 1.",
        "outcome_2": "not_upheld", "finding_2": "We read the records for issue 2.",
        "remedies": ["apology", "financial"],
        "financial_amount": "150",
    }
    before = changes(slack)
    bad: list[tuple[dict[str, Any], str, str]] = [
        ({"responded_on": (today + timedelta(days=1)).isoformat()}, "responded_on", "today"),
        ({"responded_on": day(-1)}, "responded_on", f"Not before {received:%-d %B %Y}"),
        ({"financial_amount": None}, "financial_amount", "amount"),
        ({"financial_amount": "-20"}, "financial_amount", "pounds"),
        ({"financial_amount": "0"}, "financial_amount", "more than £0"),
        ({"remedies": ["apology"], "financial_amount": "20"}, "financial_amount", "Tick"),
        ({"cost_compensation": "-5"}, "cost_compensation", "pounds"),
        ({"outcome_2": None}, "outcome_2", "issue 2"),
        ({"outcome_1": "resolved"}, "outcome_1", "options offered"),  # the value: resolved_early
        (
            {"remedies": ["no_remedy_required", "apology"], "financial_amount": None},
            "remedies",
            "cannot go with",
        ),
        # an upheld issue owes what will put it right (cases.procedure.remedies_refusal)
        ({"remedies": [], "financial_amount": None}, "remedies", "Issue 1 is upheld: choose"),
        (
            {"remedies": ["no_remedy_required"], "financial_amount": None},
            "remedies",
            "put it right",
        ),
        # due about day 14: late needs staff's reason and the one the complainant will read
        (
            {"responded_on": day(30), "delay_reason_for_complainant": "The manager was away."},
            "reason_for_delay",
            "late",
        ),
        (
            {"responded_on": day(30), "reason_for_delay": "SW off sick"},
            "delay_reason_for_complainant",
            "as the complainant will read it",
        ),
    ]
    for change, field, words in bad:
        errors = await errors_of(slack, view, {**good, **change}, "UMANAGER")
        assert set(errors) == {field} and words in errors[field], (change, errors)
    assert changes(slack) == before
    with session_scope(slack.context.engine) as session:
        assert session.exec(select(Stage)).one().responded_on is None
        assert not session.exec(select(Remedy)).all() and not session.exec(select(Cost)).all()

    # answered on day 1: stage 2 could be asked for until about day 29
    response = await submit(slack, view, good, user="UMANAGER")
    assert response.status == 200 and closed(await response.text())
    await eventually(lambda: slack.case(reference).status.value == "responded")

    view = await open_modal(slack, reference, ids.ESCALATE, ids.ESCALATE_VIEW, "UOFFICER")
    before = changes(slack)
    for answers, field, words in [
        ({"requested_on": (today + timedelta(days=1)).isoformat()}, "requested_on", "today"),
        ({"requested_on": day(0)}, "requested_on", "response was sent"),
        ({"requested_on": day(39)}, "reason", "discretion"),
    ]:
        errors = await errors_of(slack, view, answers)
        assert set(errors) == {field} and words in errors[field], (answers, errors)
    late = {"requested_on": day(39), "reason": "The complainant was in hospital"}
    stranger = await submit(slack, view, late, user="USTRANGER")
    assert stranger.status == 200 and closed(await stranger.text())
    assert changes(slack) == before and slack.case(reference).stage.value == "statutory_1"
    response = await submit(slack, view, late, user="UOFFICER")
    assert response.status == 200 and closed(await response.text())
    await eventually(lambda: slack.case(reference).stage.value == "statutory_2")
    with session_scope(slack.context.engine) as session:
        stage = session.exec(select(Stage).order_by(col(Stage.id).desc())).first()
        assert stage.request_late and stage.requested_on.isoformat() == day(39)
        assert "in hospital" in (stage.open_reason or "")

    # what only the store can refuse comes back next to the field too: no panel at stage 2
    panel = step_modal(PANEL_HELD, reference, today=today)
    errors = await errors_of(slack, panel, {"on": day(39)})
    assert set(errors) == {"on"} and "stage 3" in errors["on"].lower()

    view = await open_modal(
        slack, reference, ids.LGSCO_RECEIVED, ids.LGSCO_RECEIVED_VIEW, "UOFFICER"
    )
    before = changes(slack)
    for answers, field in [
        ({"lgsco_reference": None}, "lgsco_reference"),
        ({"lgsco_reference": "<@U123> hi"}, "lgsco_reference"),
        ({"lgsco_reference": "23/001/234"}, "lgsco_reference"),  # not the Ombudsman's shape
        ({"lgsco_reference": "24 012 345", "received_on": "2099-01-01"}, "received_on"),
        ({"lgsco_reference": "24 012 345", "received_on": day(-3)}, "received_on"),
    ]:
        assert set(await errors_of(slack, view, answers)) == {field}, answers
    assert changes(slack) == before
    with session_scope(slack.context.engine) as session:
        assert not session.exec(select(LgscoCase)).all()


async def test_the_dated_buttons_open_nothing_for_someone_without_a_role(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    buttons = [ids.RESPOND, ids.ESCALATE, ids.PANEL_HELD, ids.CHAIR_REPORT, ids.LGSCO_RECEIVED]
    for number, action_id in enumerate(buttons, start=1):
        await slack.post(interaction(button(action_id, reference, user="USTRANGER")))
        await eventually(lambda n=number: len(slack.api.received("chat.postEphemeral")) == n)
        assert "role" in slack.api.received("chat.postEphemeral")[-1]["text"]
    with session_scope(slack.context.engine) as session:
        refused = audit_entries(session, select(AuditEntry).where(AuditEntry.action == "refused"))
        # said as the trail says the action, not the button's id (walkerJ: "case_view_details")
        words = ["respond", "escalate", "panel held", "chair report", "lgsco received"]
        assert [entry.reason for entry in refused] == [f"{w}: no role" for w in words]
    assert not slack.api.received("views.open")
