"""Clicking as a user does: find the button on the blocks heard actually posted to the Slack
stand-in, send the signed block_actions request a click sends (the element's own action_id and
value, the message it sits on), and fill in the modal heard opened with views.open."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import aiohttp
from sqlmodel import col, select

from bot.in_time import WORKING
from cases.enums import OutboxStatus
from store.db import session_scope
from store.models import OutboxMessage
from store.outbox import SLACK_KINDS
from testkit.slack_api import Recorded, view_in
from testkit.slack_signing import button, interaction, view_submission
from tests.bot.conftest import Slack


async def eventually(check: Callable[[], Any], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if await asyncio.to_thread(check):
            return
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


# The longest an update or thread reply waits for its card's post before the poster looks
# again (outbound/slack_poster._wait_for_card): such a row is still owed, a second or five away.
CARD_WAIT = timedelta(seconds=5)


async def drain(slack: Slack, *, timeout: float = 30.0) -> None:
    """Wait until every Slack call heard owes now has been made, then return.

    Draining until a pass claims nothing is not enough: the component's own poster runs beside
    the test, and a post it has claimed but not finished is invisible to a drain, as is an update
    put off for a second or five until its card is posted. So this drains and looks at the
    outbox until no Slack row is pending that is due, claimed, or waiting briefly for its card.
    A row backing off after Slack refused it (and the rest of its channel, held behind it) or a
    held-back cards' summary gathering for a minute is not owed now: a test that makes Slack fail
    moves those on itself."""
    deadline = time.monotonic() + timeout
    while True:
        claimed = await slack.component.poster.drain_once()
        owed = await asyncio.to_thread(_owed, slack)
        if not owed:
            return
        assert time.monotonic() < deadline, f"Slack calls still owed after {timeout} s: {owed}"
        if not claimed:
            await asyncio.sleep(0.05)


def _owed(slack: Slack) -> list[str]:
    """The pending Slack rows due, claimed or waiting for their card, as 'id purpose target'."""
    now = slack.context.clock.now()
    with session_scope(slack.context.engine) as session:
        pending = session.exec(
            select(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.PENDING,
                col(OutboxMessage.kind).in_(SLACK_KINDS),
            )
        ).all()
    held = {
        row.target
        for row in pending
        if row.attempts and row.claimed_until is None and row.next_attempt_at > now
    }
    return [
        f"{row.id} {row.purpose.value} {row.target}"
        for row in pending
        if row.target not in held
        and (
            row.claimed_until is not None
            or row.next_attempt_at <= now
            or (not row.attempts and row.next_attempt_at <= now + CARD_WAIT)
        )
    ]


def _blocks(call: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = call.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


async def card(slack: Slack, reference: str) -> list[dict[str, Any]]:
    """The case's card as the triage channel shows it now (first post, then its updates), once
    every Slack call heard owes has been made (`drain`)."""
    await drain(slack)
    ts = slack.case(reference).slack_ts
    assert ts, f"{reference} has no card"
    shown: list[dict[str, Any]] = []
    for call in slack.api.calls:
        body = call.body
        if (
            call.method == "chat.postMessage" and body.get("blocks") and reference in str(body)
        ) or (call.method == "chat.update" and body.get("ts") == ts):
            shown = _blocks(body)
    assert shown, f"no card for {reference}"
    return shown


def element(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block in blocks:
        for found in block.get("elements", []) if block.get("type") == "actions" else []:
            if found.get("action_id") == action_id:
                return dict(found)
    raise AssertionError(f"no {action_id} on the message; it has {action_ids(blocks)}")


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        found.get("action_id", "")
        for block in blocks
        if block.get("type") == "actions"
        for found in block.get("elements", [])
    ]


async def click(
    slack: Slack,
    blocks: list[dict[str, Any]],
    action_id: str,
    *,
    user: str = "UOFFICER",
    channel: str = "CTRIAGE",
    selected_user: str | None = None,
) -> aiohttp.ClientResponse:
    """Click the element `action_id` on a message with these blocks."""
    found = element(blocks, action_id)
    payload = button(action_id, found.get("value", ""), user=user, blocks=blocks, channel=channel)
    if found.get("type") == "users_select":
        payload["actions"] = [
            {
                "type": "users_select",
                "action_id": action_id,
                "block_id": "b",
                "selected_user": selected_user,
                "action_ts": f"{time.time():.6f}",
            }
        ]
    response = await slack.post(interaction(payload))
    assert response.status == 200, response.status
    return response


async def click_and_send(
    slack: Slack,
    blocks: list[dict[str, Any]],
    action_id: str,
    *,
    done: Callable[[], bool],
    user: str = "UOFFICER",
    channel: str = "CTRIAGE",
) -> dict[str, Any] | None:
    """Click a one-click button whose step may write to the complainant: until `done`, or
    until its letter opens (then Send is pressed, as the user would). Returns the letter's
    view, or None when the step was made at once."""
    opened = len(slack.api.received("views.open"))

    def letter() -> dict[str, Any] | None:
        views = opened_views(slack, after=opened)
        return next((v for v in views if v.get("callback_id", "").endswith("_preview_view")), None)

    await click(slack, blocks, action_id, user=user, channel=channel)
    await eventually(lambda: done() or letter() is not None)
    shown = letter()
    if shown is not None:
        answer = await (await _submit(slack, shown, {}, user=user)).text()
        late = await _answered(slack, pushed_view(answer))  # past Slack's budget: 'Done' after
        assert closed(answer) or (late is not None and late["title"]["text"] == "Done"), answer
        await eventually(done)
    return shown


def opened_views(slack: Slack, *, after: int = 0) -> list[dict[str, Any]]:
    """The modals heard opened with views.open (the `after`-th call onwards), each as it shows
    now: a click whose work ran past ACK_BUDGET opens a 'Working' placeholder first
    (bot/in_time.py), and the view heard put in its place with views.update stands for it."""
    opened = [call for call in slack.api.calls if call.method == "views.open"][after:]
    return [_in_place(slack, call) for call in opened]


def _in_place(slack: Slack, opened: Recorded) -> dict[str, Any]:
    view = view_in(opened.body)
    view_id = (opened.reply.get("view") or {}).get("id")
    if not is_placeholder(view) or not view_id:
        return view
    updates = [
        view_in(call.body)
        for call in slack.api.calls
        if call.method == "views.update" and call.body.get("view_id") == view_id
    ]
    return updates[-1] if updates else view


def is_placeholder(view: dict[str, Any]) -> bool:
    """heard's 'Working' view, shown while work runs past Slack's budget."""
    return "callback_id" not in view and WORKING in str(view)


def said_since(slack: Slack, *, told: int, opened: int) -> list[str]:
    """What heard said to a clicker: messages beside the card (the `told`-th onwards) or, when
    the click's work ran past Slack's budget, the notice in its placeholder (`opened_views`)."""
    beside = [str(body.get("text")) for body in slack.api.received("chat.postEphemeral")[told:]]
    notices = [
        str(block["text"]["text"])
        for view in opened_views(slack, after=opened)
        if "callback_id" not in view and not is_placeholder(view)
        for block in view.get("blocks", [])
        if block.get("type") == "section"
    ]
    return beside + notices


async def opened_view(slack: Slack, callback_id: str, *, after: int = 0) -> dict[str, Any]:
    """The modal heard opened with views.open (the `after`-th call onwards), or put in the
    place of the placeholder it opened (`opened_views`)."""

    def found() -> dict[str, Any] | None:
        views = opened_views(slack, after=after)
        return next((view for view in views if view.get("callback_id") == callback_id), None)

    await eventually(lambda: found() is not None)
    view = found()
    assert view is not None
    return view


async def submit(
    slack: Slack,
    view: dict[str, Any],
    answers: dict[str, Any],
    *,
    user: str = "UOFFICER",
    send: bool = True,
) -> aiohttp.ClientResponse:
    """Press the modal's Save: the view_submission with the view's own callback_id and
    private_metadata and the answers typed in. Returns the HTTP response (errors come in it).
    A form that shows its letter first answers with the letter's view pushed: `send` presses
    its Send too (and returns that answer); without it the preview's answer is returned."""
    response = await _submit(slack, view, answers, user=user)
    if not send:
        return response
    pushed = await _answered(slack, pushed_view(await response.text()))
    if pushed is not None and pushed.get("callback_id", "").endswith("_preview_view"):
        return await _submit(slack, pushed, {}, user=user)
    return response


def pushed_view(text: str) -> dict[str, Any] | None:
    """The view an answer pushed (`response_action: push`), if it did."""
    answer = json.loads(text) if text.strip().startswith("{") else {}
    return dict(answer["view"]) if answer.get("response_action") == "push" else None


async def _answered(slack: Slack, pushed: dict[str, Any] | None) -> dict[str, Any] | None:
    """The view pushed, or, for a 'Working' view pushed because the work ran past Slack's
    budget, the view heard put in its place (views.update by its external_id) once done."""
    if pushed is None or not is_placeholder(pushed):
        return pushed
    key = pushed.get("external_id")

    def update() -> dict[str, Any] | None:
        calls = slack.api.received("views.update")
        return next((view_in(c) for c in calls if c.get("external_id") == key), None)

    await eventually(lambda: update() is not None)
    return update()


def closed(text: str) -> bool:
    """The answer to a submission that was saved: empty, or every view closed."""
    answer = json.loads(text) if text.strip().startswith("{") else {}
    return not answer or answer.get("response_action") == "clear"


async def _submit(
    slack: Slack, view: dict[str, Any], answers: dict[str, Any], *, user: str
) -> aiohttp.ClientResponse:
    payload = view_submission(view, answers, user=user)
    return await slack.post(interaction(payload))


async def choose(
    slack: Slack,
    blocks: list[dict[str, Any]],
    item: str,
    *,
    menu: str = "case_more",
    user: str = "UOFFICER",
    channel: str = "CTRIAGE",
) -> aiohttp.ClientResponse:
    """Pick the option of the overflow `menu` whose value starts with the action id `item`:
    the block_actions an overflow sends (its own action_id, the option picked)."""
    found = element(blocks, menu)
    options = [o for o in found["options"] if o["value"].split(" ")[0] == item]
    assert options, f"no {item} in the {menu} menu: {[o['value'] for o in found['options']]}"
    payload = button(menu, "", user=user, blocks=blocks, channel=channel)
    payload["actions"] = [
        {
            "type": "overflow",
            "action_id": menu,
            "block_id": "b",
            "selected_option": options[0],
            "action_ts": f"{time.time():.6f}",
        }
    ]
    response = await slack.post(interaction(payload))
    assert response.status == 200, response.status
    return response


def menu_items(blocks: list[dict[str, Any]], menu: str = "case_more") -> list[str]:
    try:
        found = element(blocks, menu)
    except AssertionError:
        return []
    return [option["value"].split(" ")[0] for option in found["options"]]


async def click_in_view(
    slack: Slack,
    view: dict[str, Any],
    action_id: str,
    *,
    view_id: str = "V1",
    view_hash: str = "h1",
    user: str = "UOFFICER",
) -> aiohttp.ClientResponse:
    """Click a button inside an open modal: the block_actions Slack sends from a view (the
    container is the view, which comes with its id, hash and private_metadata)."""
    found = element(view["blocks"], action_id)
    payload = button(action_id, found.get("value", ""), user=user)
    payload.pop("channel")
    payload.pop("message")
    payload["container"] = {"type": "view", "view_id": view_id}
    payload["view"] = {
        "id": view_id,
        "hash": view_hash,
        "type": "modal",
        "callback_id": view["callback_id"],
        "private_metadata": view.get("private_metadata", ""),
        "blocks": view["blocks"],
        "state": {"values": {}},
    }
    response = await slack.post(interaction(payload))
    assert response.status == 200, response.status
    return response


async def updated_view(slack: Slack, *, after: int) -> dict[str, Any]:
    """The view heard sent with views.update (the `after`-th call onwards), with its target."""
    await eventually(lambda: len(slack.api.received("views.update")) > after)
    body = slack.api.received("views.update")[after]
    return {**view_in(body), "_view_id": body.get("view_id"), "_hash": body.get("hash")}


async def slash_command(slack: Slack, text: str, user: str = "UMANAGER") -> None:
    """`/complaint TEXT` typed by `user` in the triage channel, as Slack posts it."""
    body = (
        "command=%2Fcomplaint&text=" + text.replace(" ", "+") + f"&user_id={user}"
        "&team_id=T0001&channel_id=CTRIAGE&trigger_id=t1"
        f"&response_url=http%3A%2F%2F127.0.0.1%3A{slack.api.port}%2Fapi%2Fresponse"
    )
    response = await slack.post(body)
    assert response.status == 200
