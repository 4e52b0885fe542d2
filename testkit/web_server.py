"""The web view (or any ASGI app) served by uvicorn on a free local port, on an event loop of
its own in a thread: for browser tests and benchmarks that need a real socket."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from web.server import WebServer


@contextmanager
def served(app: Any) -> Iterator[str]:
    loop = asyncio.new_event_loop()
    server = WebServer(app, host="127.0.0.1", port=0)
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the web view did not start"
    try:
        yield server.url
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
