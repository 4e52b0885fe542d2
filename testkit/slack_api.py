"""A real HTTP server on a free port that stands in for Slack's Web API (after bolt-python's
tests/mock_web_api_server): canned JSON per method, every request recorded, and failures
(429 with Retry-After, 500, slowness) on demand."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web


@dataclass
class Recorded:
    method: str
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    reply: dict[str, Any] = field(default_factory=dict)  # once answered (a view's id)


@dataclass
class SlackStub:
    port: int = 0
    calls: list[Recorded] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    delay: float = 0.0
    counter: int = 0
    posted: list[dict[str, Any]] = field(default_factory=list)
    drop_reply_once: bool = False  # post, then never answer: the client times out
    # Socket Mode: apps.connections.open hands out ws://…/link; `drop_socket_mode` closes
    # every connection and refuses new ones (Slack's end gone), `restore_socket_mode` undoes it
    socket_mode_open: bool = True
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    # As Slack does: a post or update to a channel sooner than `pace` seconds after the last
    # one it took there gets 429 with Retry-After (Slack allows about one a second).
    pace: float = 0.0
    _last_taken: dict[str, float] = field(default_factory=dict)
    # `hold()`: every call is recorded and then answered only after `release()` (a Slack as slow
    # as it gets, without a test waiting on a clock)
    _held: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def fail_next(
        self, method: str, status: int, *, times: int = 1, headers: dict[str, str] | None = None
    ) -> None:
        self.failures.setdefault(method, []).extend([(status, headers or {})] * times)

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode connection: Slack's hello, then whatever the app sends is read."""
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        if not self.socket_mode_open:
            await ws.close()
            return ws
        self.sockets.append(ws)
        await ws.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
        )
        async for _ in ws:
            pass
        return ws

    async def drop_socket_mode(self) -> None:
        self.socket_mode_open = False
        for ws in self.sockets:
            await ws.close()
        self.sockets.clear()

    def restore_socket_mode(self) -> None:
        self.socket_mode_open = True

    def hold(self) -> None:
        self._held = asyncio.Event()

    def release(self) -> None:
        if self._held is not None:
            self._held.set()
        self._held = None

    def received(self, method: str) -> list[dict[str, Any]]:
        return [call.body for call in self.calls if call.method == method]

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.method == "GET":
            body = dict(request.query)
        elif request.content_type == "application/json":
            body = json.loads(raw or "{}")
        else:
            body = dict(parse_qsl(raw))
        recorded = Recorded(method, body)
        self.calls.append(recorded)
        if self._held is not None:
            await self._held.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        if method == "chat.postMessage" and self.drop_reply_once:
            self.drop_reply_once = False
            self.answer(method, body)  # it is posted...
            await asyncio.sleep(3)  # ...but the answer comes after the client gave up
        channel = str(body.get("channel") or "")
        if self.pace and method in ("chat.postMessage", "chat.update") and channel:
            now = time.monotonic()
            if now - self._last_taken.get(channel, -self.pace) < self.pace:
                refused = {"ok": False, "error": "ratelimited"}
                return web.json_response(refused, status=429, headers={"Retry-After": "1"})
            self._last_taken[channel] = now
        queued = self.failures.get(method)
        if queued:
            status, headers = queued.pop(0)
            error = "ratelimited" if status == 429 else "internal_error"
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        recorded.reply = self.answer(method, body)
        return web.json_response(recorded.reply)

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        self.counter += 1
        ts = f"{int(time.time())}.{self.counter:06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://heard-test.slack.com/",
                "team": "Test",
                "user": "heard",
                "team_id": "T0001",
                "user_id": "UBOT",
                "bot_id": "B0001",
            }
        if method == "chat.postMessage":
            self.posted.append({**body, "ts": ts})
        if method == "conversations.history":
            return {
                "ok": True,
                "messages": [
                    {
                        "ts": post["ts"],
                        "text": post.get("text", ""),
                        "metadata": post.get("metadata"),
                    }
                    for post in reversed(self.posted)
                    if post.get("channel") == body.get("channel")
                ],
            }
        if method in ("chat.postMessage", "chat.update"):
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": body.get("ts") or ts,
                "message": {"text": body.get("text", ""), "ts": ts},
            }
        if method == "usergroups.list":
            return {
                "ok": True,
                "usergroups": [
                    {"id": "SMANAGERS", "users": ["UGROUPED"]},
                    {"id": "SOTHER", "users": ["USTRANGER"]},
                ],
            }
        if method == "apps.connections.open":
            if not self.socket_mode_open:
                return {"ok": False, "error": "internal_error"}
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": f"V{self.counter}"}}
        return {"ok": True}


def view_in(body: dict[str, Any]) -> dict[str, Any]:
    """The view a recorded views.* call carries: a dict when the app posted JSON, JSON text
    when it posted a form."""
    view = body.get("view") or {}
    return json.loads(view) if isinstance(view, str) else dict(view)


async def start_stub() -> tuple[SlackStub, web.AppRunner]:
    """Serve a new stand-in on a free port; clean up with `await runner.cleanup()`."""
    stub = SlackStub()
    application = web.Application()
    application.router.add_post("/api/{method}", stub.handle)
    application.router.add_get("/api/{method}", stub.handle)
    application.router.add_get("/link", stub.socket)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    sockets: tuple[Any, ...] = tuple(getattr(site._server, "sockets", None) or ())
    stub.port = int(sockets[0].getsockname()[1])
    return stub, runner
