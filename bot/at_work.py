"""The listeners still at work, so that stopping Slack waits for them.

bolt acknowledges Slack first and then runs the listener as an asyncio task of its own, which
nothing awaits: a listener could still be at work (opening a modal, then recording that the case
was read, in a worker thread) when SlackComponent.stop returned and heard disposed the engine.
Its transaction then handed its connection back to the pool after the dispose, where it stayed
open until the garbage collector found it (psycopg's 'connection ... was deleted while still
open', raised in whichever test ran then: seen after View details, in tests/bot/test_app).
bolt calls a start and a completion handler around every listener it runs this way; counting
between the two tells stop when the last one has finished.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler


class ListenersAtWork:
    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def watch(self, app: AsyncApp) -> None:
        """Count every listener `app` runs from now on (bolt sets its own error handler on the
        same runner the same way)."""
        runner = app.listener_runner
        runner.listener_start_handler = _Started(self)
        runner.listener_completion_handler = _Completed(self)

    def started(self) -> None:
        self._running += 1
        self._idle.clear()

    def completed(self) -> None:
        self._running -= 1
        if self._running == 0:
            self._idle.set()

    async def finished(self, timeout: float) -> bool:
        """Whether every listener has finished, waiting up to `timeout` seconds for them."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class _Started(AsyncListenerStartHandler):
    def __init__(self, counter: ListenersAtWork) -> None:
        self.counter = counter

    async def handle(self, request: Any, response: Any) -> None:
        self.counter.started()


class _Completed(AsyncListenerCompletionHandler):
    def __init__(self, counter: ListenersAtWork) -> None:
        self.counter = counter

    async def handle(self, request: Any, response: Any) -> None:
        self.counter.completed()
