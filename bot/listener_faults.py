"""A listener that fails still answers the person who clicked, and says so in one log line.

bolt's own handler for a listener that raises logs "Failed to run listener function" with the
whole traceback, and tells nobody: walking heard with PostgreSQL's connections terminated under
it (walkerD), a Confirm triage click whose query lost its connection left the card as it was,
no message for the officer, and sixty lines of traceback for each click. A lost or unreachable
database (store.outage.database_away) is a fault a minute cures, so it is logged in one line
naming the button or form and the error's class, and the person is told to look at the card
and try again; any other failure keeps its (redacted) traceback for the team that runs heard.
A form's Save that had not been answered yet is answered with the same words in a view, so
Slack does not show its own "trouble connecting".
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.in_time import notice
from bot.kit import Kit, user_of
from store.outage import database_away, outage_cause

log = logging.getLogger("heard.slack")

DATABASE_AWAY = (
    "heard could not reach its database just now, so this may not have been recorded. Look at "
    "the card, and if it does not show the change, try again in a minute."
)
FAILED = (
    "heard could not finish this (an error on heard's side, logged for the people who run it). "
    "Look at the card to see whether it was recorded."
)
# What names the listener in the log: heard's own ids only, never text a person typed.
_ID = re.compile(r"[A-Za-z0-9_:./-]{1,80}")


def listener_failed(kit: Kit) -> Any:
    """bolt's global error handler (AsyncApp.error) for every listener `kit` serves."""

    async def failed(
        error: Exception,
        body: dict[str, Any],
        client: AsyncWebClient,
        response: BoltResponse | None,
    ) -> BoltResponse | None:
        what = _listener(body)
        away = database_away(error)
        if away:
            log.warning(
                "slack %s failed: %s (%s); the person was asked to try again",
                what,
                outage_cause(error),
                type(error).__name__,
            )
        else:
            log.error("slack %s failed", what, exc_info=error)
        said = DATABASE_AWAY if away else FAILED
        if response is not None and body.get("type") == "view_submission":
            # not answered yet: the form shows it, where Slack would say "trouble connecting"
            view = notice(said, title="Not recorded", close="Close")
            return BoltResponse(
                status=200,
                body=json.dumps({"response_action": "push", "view": view}),
                headers={"content-type": ["application/json;charset=utf-8"]},
            )
        if user_of(body):
            await kit.ephemeral(client, body, said)
        return None

    return failed


def _listener(body: dict[str, Any]) -> str:
    """The button, form, command or shortcut that failed, by heard's id for it."""
    actions = body.get("actions") or [{}]
    found = (
        (actions[0] or {}).get("action_id")
        or (body.get("view") or {}).get("callback_id")
        or body.get("command")
        or body.get("callback_id")
        or (body.get("event") or {}).get("type")
        or body.get("type")
    )
    text = str(found or "")
    return text if _ID.fullmatch(text) else "request"
