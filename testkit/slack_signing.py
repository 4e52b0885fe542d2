"""Signing requests to the app exactly as Slack does (v0, HMAC-SHA256 over v0:ts:body)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

SECRET = "test-signing-secret"


def signed_headers(
    body: str,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
        "Content-Type": content_type,
    }


def interaction(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


_clicks = itertools.count(1)


def button(
    action_id: str,
    value: str,
    *,
    user: str = "UOFFICER",
    blocks: list[dict[str, Any]] | None = None,
    channel: str = "CTRIAGE",
) -> dict[str, Any]:
    """What Slack sends when `user` clicks a button: each click has its own trigger id and
    action_ts, so two clicks never make the same signed body."""
    click = next(_clicks)
    return {
        "type": "block_actions",
        "team": {"id": "T0001"},
        "user": {"id": user},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": f"trigger-{click}",
        "channel": {"id": channel},
        "container": {"type": "message"},
        "message": {"ts": "1.000001", "blocks": blocks or []},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "value": value,
                "block_id": "b",
                "action_ts": f"{time.time():.6f}{click}",
            }
        ],
    }


def view_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The view's state as Slack submits it: each input block's element, with the answer typed
    in (a list for checkboxes and multi-selects; a datepicker left alone sends the day it opened
    on). A choice the view offers is sent as Slack sends it, the whole option (its text and
    value); one it does not offer goes as a bare value, as only a forged request (or a test of
    heard's defence against one) could send it: `not_offered` names them."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element, answer = block["element"], answers.get(block["block_id"])
        kind = element["type"]
        state: dict[str, Any]
        if kind in ("static_select", "radio_buttons"):
            state = {"selected_option": _option(element, answer) if answer else None}
        elif kind == "datepicker":
            state = {"selected_date": answer or element.get("initial_date")}
        elif kind in MULTIPLE:
            if isinstance(answer, str):
                raise TypeError(f"{block['block_id']}: several choices are a list, not {answer!r}")
            state = {"selected_options": [_option(element, value) for value in answer or []]}
        elif kind == "users_select":
            state = {"selected_user": answer}
        else:
            state = {"value": answer}
        values[block["block_id"]] = {element["action_id"]: {"type": kind, **state}}
    return values


MULTIPLE = ("checkboxes", "multi_static_select")  # several choices, sent as a list
CHOICES = ("static_select", "radio_buttons", *MULTIPLE)


def options_of(element: dict[str, Any]) -> list[dict[str, Any]]:
    """Every option a select, radio group or checkbox group shows (option groups too)."""
    grouped = [item for group in element.get("option_groups", []) for item in group["options"]]
    return [*element.get("options", []), *grouped]


def not_offered(view: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The choices in `answers` that the view does not offer, as "block_id: value": Slack's
    modal cannot send them."""
    found = []
    for block in view["blocks"]:
        element = block.get("element") or {}
        answer = answers.get(block.get("block_id", ""))
        if block.get("type") != "input" or element.get("type") not in CHOICES or not answer:
            continue
        shown = {option.get("value") for option in options_of(element)}
        chosen = answer if isinstance(answer, list) else [answer]
        found += [f"{block['block_id']}: {value!r}" for value in chosen if value not in shown]
    return found


def _option(element: dict[str, Any], value: object) -> dict[str, Any]:
    for option in options_of(element):
        if option.get("value") == value:
            return dict(option)
    return {"value": value}


def view_submission(view: dict[str, Any], answers: dict[str, Any], *, user: str) -> dict[str, Any]:
    """What Slack sends when `user` presses the modal's Save: the view's own callback_id and
    private_metadata, and the answers typed in."""
    return {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": user},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": f"t{time.time()}",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view.get("private_metadata", ""),
            "state": {"values": view_state(view, answers)},
        },
    }
