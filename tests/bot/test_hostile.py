"""Hostile Slack requests over real HTTP (issue 13, item 7): roles on every action, every form
value checked on the server, malformed requests answered 4xx with one log line, replays
without a second effect."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import pytest
from sqlmodel import col, select

from bot import ids
from outbound import chaser_ids
from store.db import session_scope
from store.models import AuditEntry, Case, Remedy, Reminder, Stage
from testkit.slack_signing import button, interaction, signed_headers
from tests.bot.clicking import (
    card,
    click,
    eventually,
    is_placeholder,
    opened_view,
    opened_views,
    submit,
)
from tests.bot.conftest import Slack

TODAY_ANSWERS = {
    "outcome_1": "upheld",
    "finding_1": "We read the records for issue 1.",
    "remedies": ["apology"],
    "manager_contact": "yes",
}


def refusals(slack: Slack) -> list[AuditEntry]:
    with session_scope(slack.context.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == "refused")))


def cases(slack: Slack) -> int:
    with session_scope(slack.context.engine) as session:
        return len(session.exec(select(Case)).all())


async def test_snooze_needs_a_role(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    payload = button(chaser_ids.SNOOZE, reference, user="USTRANGER", channel="DSTRANGER")
    await slack.post(interaction(payload))
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    answer = slack.api.received("chat.postEphemeral")[0]["text"]
    assert "role" in answer and reference not in answer
    with session_scope(slack.context.engine) as session:
        assert not session.exec(
            select(Reminder).where(col(Reminder.dedupe_key).startswith("snooze:"))
        ).all()
    assert refusals(slack)[0].actor == "slack:USTRANGER"


@pytest.mark.parametrize(
    "action_id",
    [
        ids.ACKNOWLEDGE,
        ids.CONFIRM_TRIAGE,
        ids.CHANGE_TRIAGE,
        ids.EXTEND,
        ids.RESPOND,
        ids.WITHDRAW,
        ids.VIEW_DETAILS,
        chaser_ids.REASON_FOR_DELAY,
        chaser_ids.OPEN_CASE,
        chaser_ids.ACKNOWLEDGE,
    ],
)
async def test_every_button_checks_the_role(slack: Slack, action_id: str) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    version = slack.case(reference).version
    await slack.post(interaction(button(action_id, reference, user="USTRANGER")))
    await eventually(lambda: bool(refusals(slack)))
    await asyncio.sleep(0.2)
    assert slack.case(reference).version == version
    # A click whose work ran past Slack's budget opens a 'Working' placeholder first: it may
    # say the refusal, never show the form.
    await eventually(lambda: not any(map(is_placeholder, opened_views(slack))))
    assert not [view for view in opened_views(slack) if "callback_id" in view]
    assert all("role" in e["text"] for e in slack.api.received("chat.postEphemeral"))


async def test_a_submission_from_someone_without_a_role_changes_nothing(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await click(slack, await card(slack, reference), ids.RESPOND, user="UMANAGER")
    view = await opened_view(slack, ids.RESPOND_VIEW)
    today = slack.context.calendar.local_date(slack.context.clock.now()).isoformat()
    response = await submit(slack, view, {**TODAY_ANSWERS, "responded_on": today}, user="USTRANGER")
    assert response.status == 200
    await eventually(lambda: bool(refusals(slack)))
    assert slack.case(reference).status.value == "open"


async def errors_of(response: Any) -> dict[str, str]:
    assert response.status == 200
    answer = json.loads(await response.text())
    assert answer["response_action"] == "errors", answer
    return dict(answer["errors"])


@pytest.mark.parametrize("sum_", ["-500", "inf", "1e20", "NaN", "12.345", "ten"])
async def test_compensation_out_of_range_is_a_form_error(slack: Slack, sum_: str) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await click(slack, await card(slack, reference), ids.RESPOND, user="UMANAGER")
    view = await opened_view(slack, ids.RESPOND_VIEW)
    today = slack.context.calendar.local_date(slack.context.clock.now()).isoformat()
    answers = {
        **TODAY_ANSWERS,
        "responded_on": today,
        "remedies": ["financial"],
        "financial_amount": sum_,
        "cost_compensation": sum_,
    }
    errors = await errors_of(await submit(slack, view, answers, user="UMANAGER"))
    assert set(errors) == {"financial_amount", "cost_compensation"}
    assert "pounds" in errors["financial_amount"] and "pounds" in errors["cost_compensation"]
    await asyncio.sleep(0.2)
    assert slack.case(reference).status.value == "open"
    with session_scope(slack.context.engine) as session:
        assert not session.exec(select(Remedy)).all()


async def test_dates_before_receipt_or_in_the_future_are_form_errors(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    await click(slack, blocks, ids.RESPOND, user="UMANAGER")
    respond = await opened_view(slack, ids.RESPOND_VIEW)
    for day in ("1900-01-01", "2099-01-01", "2026-02-30", "yesterday"):
        answers = {**TODAY_ANSWERS, "responded_on": day}
        errors = await errors_of(await submit(slack, respond, answers, user="UMANAGER"))
        assert set(errors) == {"responded_on"}, (day, errors)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.EXTEND, user="UMANAGER")
    extend = await opened_view(slack, ids.EXTEND_VIEW, after=opened)
    today = slack.context.calendar.local_date(slack.context.clock.now())
    answers = {"new_due": today.isoformat(), "reason": "ill"}
    errors = await errors_of(
        await submit(slack, extend, {**answers, "agreed_on": "2099-01-01"}, user="UMANAGER")
    )
    assert set(errors) == {"agreed_on"}
    for day in ("1900-01-01", "2099-01-01"):  # in the past; past the statutory maximum
        errors = await errors_of(
            await submit(slack, extend, {**answers, "new_due": day}, user="UMANAGER")
        )
        assert set(errors) == {"new_due"}
    with session_scope(slack.context.engine) as session:
        assert not session.exec(select(AuditEntry).where(AuditEntry.action == "extend")).all()


async def test_texts_longer_than_the_modal_allows_are_form_errors(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await click(slack, await card(slack, reference), ids.RESPOND, user="UMANAGER")
    view = await opened_view(slack, ids.RESPOND_VIEW)
    today = slack.context.calendar.local_date(slack.context.clock.now()).isoformat()
    big = "x" * 100_000
    answers = {**TODAY_ANSWERS, "responded_on": today, "learning": big}
    errors = await errors_of(await submit(slack, view, answers, user="UMANAGER"))
    assert set(errors) == {"learning"} and "2,000" in errors["learning"]

    opened = len(slack.api.received("views.open"))
    await click(slack, [_chaser(reference)], chaser_ids.REASON_FOR_DELAY, user="UMANAGER")
    delay = await opened_view(slack, ids.REASON_FOR_DELAY_VIEW, after=opened)
    errors = await errors_of(await submit(slack, delay, {"reason": big}, user="UMANAGER"))
    assert set(errors) == {"reason"}
    with session_scope(slack.context.engine) as session:
        assert session.exec(select(Stage)).one().reason_for_delay is None


def _chaser(reference: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": chaser_ids.REASON_FOR_DELAY, "value": reference}
        ],
    }


async def test_a_forged_option_or_contact_is_a_form_error(slack: Slack) -> None:
    from bot.modals.log_contact import log_contact_modal

    view = log_contact_modal()
    answers = {
        "channel": "email",  # not offered: email arrives by email
        "kind": "complaint",
        "name": "A" * 201,
        "contact": "not a phone",
        "text": "Said things",
    }
    errors = await errors_of(await submit(slack, view, answers))
    assert set(errors) == {"channel", "name", "contact"}
    assert cases(slack) == 0


async def test_malformed_requests_get_4xx_and_one_log_line(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bad_json = "payload=%7Bnot+json"
    unsigned = await slack.post(
        bad_json, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    signed = await slack.post(bad_json)
    headers = {**signed_headers(bad_json), "X-Slack-Request-Timestamp": "abc"}
    stamp = await slack.post(bad_json, headers=headers)
    array = await slack.post("payload=%5B1%5D")  # signed, JSON but not an object
    statuses = [unsigned.status, signed.status, stamp.status, array.status]
    assert all(400 <= status < 500 for status in statuses), statuses
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
    refused = [r for r in caplog.records if "slack request refused" in r.getMessage()]
    assert len(refused) == 4


async def test_a_replayed_submission_has_no_second_effect(slack: Slack) -> None:
    from bot.modals.log_contact import log_contact_modal

    answers = {
        "channel": "telephone",
        "kind": "complaint",
        "name": "Test Caller",
        "text": "Nobody calls me back.",
    }
    from testkit.slack_signing import view_state

    payload = {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": "UOFFICER"},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "t-replay",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": ids.LOG_CONTACT_VIEW,
            "private_metadata": "",
            "state": {"values": view_state(log_contact_modal(), answers)},
        },
    }
    body = interaction(payload)
    headers = signed_headers(body)
    started = time.monotonic()
    statuses = [(await slack.post(body, headers=headers)).status for _ in range(3)]
    # Three answers, none waiting for the case's work (0.26-0.31 s at load ~12): a replay is
    # refused at once, and the shared check gives up after its DATABASE_BUDGET.
    assert time.monotonic() - started < 5
    assert statuses == [200, 409, 409]
    await eventually(lambda: cases(slack) == 1)
    await slack.component.stop()  # every listener finished: no second case is on its way
    assert cases(slack) == 1
