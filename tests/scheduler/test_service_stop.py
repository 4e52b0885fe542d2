"""Stopping `heard serve` while the start-up retention run is in its thread: the stop waits for
the run instead of cancelling it (a cancelled job was logged as a failure with a traceback)."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from heard.context import AppContext
from scheduler.service import SchedulePolicy, SchedulerService
from tests.scheduler.conftest import sweeper


async def test_stop_waits_for_a_retention_run_in_progress(
    app: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    started, release = threading.Event(), threading.Event()
    finished: list[datetime] = []

    def retention(now: datetime) -> int:
        started.set()
        release.wait(timeout=30)
        finished.append(now)
        return 0

    service = SchedulerService(
        sweeper=sweeper(app),
        send_digests=lambda now: 0,
        digest_sent_before=lambda now: False,
        policy=SchedulePolicy(
            zone=ZoneInfo("Europe/London"), digest_cron="0 8 * * 1", sweep_interval_seconds=60
        ),
        apply_retention=retention,
    )
    caplog.set_level(logging.INFO)
    await service.start()
    assert await asyncio.to_thread(started.wait, 30)
    stopping = asyncio.ensure_future(service.stop())
    await asyncio.sleep(0)
    assert not stopping.done()  # still waiting for the run in its thread
    release.set()
    await asyncio.wait_for(stopping, 30)

    assert len(finished) == 1
    assert "retention: personal data removed from 0 cases" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
