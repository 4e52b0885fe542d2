"""The parts of one process as components, started in order and stopped in reverse.

heard/serve.py builds the components from the settings; this module only runs them, so the
order of start and stop, the banner saying what runs, and what SIGTERM, SIGINT and SIGHUP do
are the same whatever the parts are.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telemetry.probes import ask

log = logging.getLogger("heard.serve")


@dataclass
class Component:
    name: str
    describe: str  # one line for the start-up banner
    start: Callable[[], Awaitable[None]]
    stop: Callable[[], Awaitable[None]]
    # Asked once after start, for the banner: None if the service this part talks to answers,
    # else why not (Slack's Web API, the smarthost). /readyz asks the same.
    reachable: Callable[[], Awaitable[str | None]] | None = None
    unreachable_means: str = ""
    # Called after the rule file was reloaded and checked (SIGHUP).
    rules_reloaded: Callable[[], None] | None = None


def background(
    name: str, describe: str, run_until: Callable[[asyncio.Event], Coroutine[Any, Any, None]]
) -> Component:
    """A component that is one long-running task, stopped through an event."""
    stop = asyncio.Event()
    task: list[asyncio.Task[None]] = []

    async def start() -> None:
        task.append(asyncio.create_task(run_until(stop), name=name))

    async def halt() -> None:
        stop.set()
        if task:
            await asyncio.wait(task, timeout=10)

    return Component(name=name, describe=describe, start=start, stop=halt)


async def run_components(
    components: list[Component],
    stop_event: asyncio.Event,
    *,
    reload: Callable[[], Coroutine[Any, Any, bool]],
) -> None:
    """Start each component in turn, say what runs, wait for `stop_event`, stop them in reverse.

    SIGTERM while the parts start (a service manager stopping heard early, a test) stops them
    in order like any other stop, instead of killing the process and orphaning its reading
    children; SIGHUP runs `reload` (the rule file)."""
    _install_signal_handlers(stop_event, reload)
    started: list[Component] = []
    try:
        for component in components:
            if stop_event.is_set():
                break
            started.append(component)
            await component.start()
            problem = None if component.reachable is None else await ask(component.reachable)
            if problem:
                log.warning(
                    "running: %s; but NOT REACHABLE at start: %s; %s",
                    component.describe,
                    problem,
                    component.unreachable_means,
                )
            else:
                log.info("running: %s", component.describe)
        if not components:
            log.warning("nothing to run: every component is disabled")
        await stop_event.wait()
    finally:
        for component in reversed(started):
            with contextlib.suppress(Exception):
                await component.stop()
        log.info("heard stopped")


_reloads: set[asyncio.Task[bool]] = set()


def _install_signal_handlers(
    stop_event: asyncio.Event, reload: Callable[[], Coroutine[Any, Any, bool]]
) -> None:
    loop = asyncio.get_running_loop()

    def on_hangup() -> None:
        task = asyncio.create_task(reload())
        _reloads.add(task)  # held until done: the loop keeps only a weak reference
        task.add_done_callback(_reloads.discard)

    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop_event.set)
    with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
        loop.add_signal_handler(signal.SIGHUP, on_hangup)
