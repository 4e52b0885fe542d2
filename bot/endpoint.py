"""The HTTP endpoint Slack posts to (/slack/events), in front of bolt.

bolt verifies signatures, but a request it cannot parse (a payload that is not JSON, a timestamp
that is not a number) raised inside it and came back as 500 with a traceback in the log. Here
every request is checked first: a malformed or unsigned one gets 400 or 401 and one log line.
A correctly signed request seen before (same signature and timestamp: a replay) gets 409 and
has no second effect. Slack signs each request afresh, so only a copy is ever refused. Seen
signatures are kept in the database for the 5-minute window (store/slack_requests.py), so a
copy replayed after a restart, or to a second process, is refused too; a database slower than
DATABASE_BUDGET seconds (or away) does not hold the acknowledgement: the copy kept in this
process decides then.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from telemetry import SLACK_REQUEST_SECONDS

log = logging.getLogger("heard.slack")
MAX_AGE = 300  # seconds: Slack's own limit for a request's timestamp, either way
MAX_BODY = 1024 * 1024
DATABASE_BUDGET = 0.5  # seconds the shared replay check may take before the ack goes anyway


class ReplayGuard:
    """Signatures seen in the last MAX_AGE seconds (older ones fail verification anyway)."""

    def __init__(self, window: float = MAX_AGE) -> None:
        self.window = window
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, signature: str, timestamp: str) -> bool:
        now = time.monotonic()
        while self._seen and next(iter(self._seen.values())) < now - 2 * self.window:
            self._seen.popitem(last=False)
        key = f"{timestamp}:{signature}"
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


def problem(body: str, content_type: str) -> str | None:
    """Why bolt could not read this body, or None."""
    if content_type == "application/json":
        try:
            json.loads(body)
        except ValueError:
            return "the body is not JSON"
        return None
    form = parse_qs(body, keep_blank_values=True)
    payload = form.get("payload")
    if payload is not None:
        try:
            parsed = json.loads(payload[0])
        except ValueError:
            return "the payload is not JSON"
        if not isinstance(parsed, dict):
            return "the payload is not a JSON object"
    return None


# What a GET on the endpoint answers: heard's own words, for `heard config check`.
IDENTITY = "heard: Slack POSTs its events here\n"


def web_app(
    app: AsyncApp,
    *,
    signing_secret: str,
    path: str = "/slack/events",
    first_time: Callable[[str], bool] | None = None,
) -> web.Application:
    """`first_time(key)`: records a request's key where every process sees it (the database),
    True if none saw it before; None keeps the check to this process."""
    verifier = SignatureVerifier(signing_secret)
    replays = ReplayGuard()
    # Checks past DATABASE_BUDGET go on in their thread after the ack; the app's cleanup waits
    # for them, so no transaction ends after heard has disposed the engine (its connection
    # would stay open until the garbage collector found it).
    checking: set[asyncio.Future[bool]] = set()

    async def seen_elsewhere(key: str) -> bool:
        if first_time is None:
            return False
        check = asyncio.ensure_future(asyncio.to_thread(first_time, key))
        checking.add(check)
        check.add_done_callback(_finished_check(checking))
        try:
            return not await asyncio.wait_for(asyncio.shield(check), DATABASE_BUDGET)
        except Exception as error:  # slow or away: this process's copy has decided
            log.warning("slack replay check skipped (%s)", type(error).__name__)
            return False

    async def checks_finished(_: web.Application) -> None:
        if checking:
            await asyncio.wait(set(checking))

    async def handle(request: web.Request) -> web.Response:
        started = time.perf_counter()
        response = await answer(request)
        SLACK_REQUEST_SECONDS.labels(status=str(response.status)).observe(
            time.perf_counter() - started
        )
        return response

    async def answer(request: web.Request) -> web.Response:
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not stamp.isdigit() or len(stamp) > 12 or not signature:
            log.warning("slack request refused: missing or malformed signature headers")
            return web.Response(status=401, text="invalid request")
        try:
            raw = await request.read()
            body = raw.decode("utf-8")
        except (UnicodeDecodeError, web.HTTPException):
            log.warning("slack request refused: the body is not UTF-8 or too large")
            return web.Response(status=400, text="invalid request")
        if not verifier.is_valid(body=body, timestamp=stamp, signature=signature):
            log.warning("slack request refused: bad or stale signature")
            return web.Response(status=401, text="invalid request")
        why = problem(body, request.content_type)
        if why:
            log.warning("slack request refused: %s", why)
            return web.Response(status=400, text="invalid request")
        if not replays.first_time(signature, stamp) or await seen_elsewhere(
            f"{stamp}:{signature}"
        ):
            log.warning("slack request refused: a replay of a request already handled")
            return web.Response(status=409, text="already handled")
        bolt_request = AsyncBoltRequest(
            body=body, query=request.query_string, headers=dict(request.headers)
        )
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def who(request: web.Request) -> web.Response:
        """A GET says this is heard's Slack endpoint, unlogged: `heard config check` on a live
        host asks it (an unsigned POST would put a refusal warning in the running log)."""
        return web.Response(status=405, text=IDENTITY, headers={"Allow": "POST"})

    application = web.Application(client_max_size=MAX_BODY)
    application.router.add_post(path, handle)
    application.router.add_get(path, who)
    application.on_cleanup.append(checks_finished)
    return application


def _finished_check(checking: set[asyncio.Future[bool]]) -> Callable[[asyncio.Future[bool]], None]:
    def finished(check: asyncio.Future[bool]) -> None:
        checking.discard(check)
        if not check.cancelled():
            check.exception()  # retrieved: a late check's failure no longer matters

    return finished
