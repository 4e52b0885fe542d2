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
