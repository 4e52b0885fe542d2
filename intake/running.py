"""Mail in, running: the order its parts start and stop in `heard serve`.

The worker reading stored mail starts before the listener, so mail left waiting by a crash is
read as soon as heard is back; on stop the mailbox reader stops first, then mail in flight is
finished (stored, answered 250) before the reading worker and its child processes stop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from intake.graph_source import GraphIntake
from intake.pipeline import IntakePipeline
from intake.smtp_server import ListenerSettings, drain, start_listener
from runtime.components import background


class MailIn:
    """The SMTP listener (if `listener`) and the Microsoft 365 mailbox reader (if `graph`),
    both storing through `pipeline` and read after storing by its one worker."""

    def __init__(
        self,
        pipeline: IntakePipeline,
        *,
        listener: ListenerSettings | None,
        graph: GraphIntake | None,
    ) -> None:
        self.pipeline = pipeline
        self.listener = listener
        self.servers: list[asyncio.AbstractServer] = []  # what /readyz's listener probe asks
        self._sessions: set[Any] = set()  # open SMTP connections, drained on stop
        self._reader = background("intake-read", "", pipeline.processing.run)
        self._graph = background("graph-read", "", graph.run) if graph is not None else None

    async def start(self) -> None:
        await self._reader.start()
        if self.listener is not None:
            self.servers.append(
                await start_listener(
                    self.pipeline.handler, settings=self.listener, sessions=self._sessions
                )
            )
        if self._graph is not None:
            await self._graph.start()

    async def stop(self) -> None:
        if self._graph is not None:
            await self._graph.stop()
        await drain(self.servers, self._sessions)
        await self._reader.stop()
        self.pipeline.close()
