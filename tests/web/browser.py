"""A real Chromium (Debian's package, driven by Playwright) against the web view served by
uvicorn over a real socket, and axe-core (npm) run in the page for WCAG 2.2 A/AA.

Playwright's own browser download cannot be reached here, so Chromium is Debian's
(`executable_path`); .ci/run installs it and axe-core. Locally a missing one skips with one
line; in CI it fails, as PostgreSQL does.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.reports.accessibility import AXE, IN_CI, chromium
from web.server import WebServer

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require_browser() -> str:
    browser = chromium()
    missing = [name for name, ok in (("chromium", browser), ("axe-core", AXE.is_file())) if not ok]
    if missing:
        message = f"{' and '.join(missing)} not installed (see .ci/run)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert browser is not None
    return browser


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app on a free local port, on an event loop of its own in a thread."""
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


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target)}));
        }""",
        WCAG_TAGS,
    )
    return found
