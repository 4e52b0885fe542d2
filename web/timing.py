"""How long the web view takes to answer, for /metrics: by method and status class only (a
path or query can hold a name someone searched for, so neither is ever a label)."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from telemetry import WEB_REQUEST_SECONDS, status_class

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, note_status)
        finally:
            method = scope.get("method", "")
            WEB_REQUEST_SECONDS.labels(
                method=method if method in _METHODS else "other", status=status_class(status)
            ).observe(time.perf_counter() - started)
