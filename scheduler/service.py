"""The scheduler inside `heard serve`: APScheduler 3 as a clock only.

Due work lives in our tables, so APScheduler keeps no job store: a sweep every interval
(coalesced, never two at once, no misfire window that could silently skip a run) and the digest
on its cron in the council's time zone. At start a missed digest for this week is sent (once:
the outbox's dedupe key per recipient and week makes a second send impossible), but only by a
service that has sent a digest before: the first start of a fresh install (or the first with
HEARD_DIGEST_TO set) missed nothing, and a catch-up then (on a Sunday night, the week's digest
a day before the next) would be a backlog nobody asked for; the first digest goes on the cron.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.sweep import Sweeper
from store.outage import OutageLog

log = logging.getLogger("heard.scheduler")


@dataclass(frozen=True)
class SchedulePolicy:
    zone: ZoneInfo  # the council's time zone (HEARD_TIMEZONE)
    digest_cron: str  # HEARD_DIGEST_CRON, in that zone
    sweep_interval_seconds: int
    retention_cron: str = "30 2 * * *"  # the daily retention run, in that zone


class SchedulerService:
    def __init__(
        self,
        *,
        sweeper: Sweeper,
        send_digests: Callable[[datetime], int],
        digest_sent_before: Callable[[datetime], bool],
        policy: SchedulePolicy,
        apply_retention: Callable[[datetime], int] | None = None,
    ) -> None:
        """`send_digests(now)` queues this week's digests and says how many were new;
        `apply_retention(now)` removes the personal data the schedule no longer keeps and says
        of how many cases (run daily, and once at start so a stopped night is caught up);
        `digest_sent_before(now)` says whether any digest was queued before `now`."""
        self.sweeper = sweeper
        self.send_digests = send_digests
        self.digest_sent_before = digest_sent_before
        self.apply_retention = apply_retention
        self.policy = policy
        self._sweeps = OutageLog(log, "sweep")
        self.digest_trigger = CronTrigger.from_crontab(policy.digest_cron, timezone=policy.zone)
        self._running: set[asyncio.Task[None]] = set()
        self.scheduler = AsyncIOScheduler(
            timezone=policy.zone,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    async def start(self) -> None:
        self.scheduler.add_job(
            self._tracked(self.sweep),
            IntervalTrigger(seconds=self.policy.sweep_interval_seconds),
            id="sweep",
        )
        self.scheduler.add_job(self._tracked(self.digest), self.digest_trigger, id="digest")
        if self.apply_retention is not None:
            self.scheduler.add_job(
                self._tracked(self.retention),
                CronTrigger.from_crontab(self.policy.retention_cron, timezone=self.policy.zone),
                id="retention",
                next_run_time=self.sweeper.clock.now(),
            )
        self.scheduler.start()
        if self.digest_missed(self.sweeper.clock.now()):
            await self.digest()
        await self.sweep()

    async def stop(self) -> None:
        """Lets a run in progress finish before the scheduler goes: APScheduler's shutdown cancels
        a running coroutine job, which would log a cancelled retention run as a failure while
        its thread (which cannot be cancelled) went on writing anyway."""
        self.scheduler.pause()
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        self.scheduler.shutdown(wait=False)

    def _tracked(self, job: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        """The job as the scheduler runs it, remembered while it runs so `stop` can wait."""

        async def run() -> None:
            task = asyncio.current_task()
            assert task is not None  # APScheduler runs each coroutine job as its own task
            self._running.add(task)
            try:
                await job()
            finally:
                self._running.discard(task)

        return run

    async def sweep(self) -> None:
        try:
            result = await asyncio.to_thread(self.sweeper.sweep_all)
        except Exception as error:
            self._sweeps.failed(error)  # the next sweep retries
            return
        self._sweeps.passed()
        if result.sent:
            log.info("chasers queued: %d", result.sent)
        if result.unread_chased:
            log.info("chasers queued for contacts not yet read: %d", result.unread_chased)

    async def digest(self) -> None:
        try:
            queued = await asyncio.to_thread(self.send_digests, self.sweeper.clock.now())
        except Exception:
            log.exception("digest failed; it is retried at the next start or run")
            return
        log.info("weekly digests queued: %d", queued)

    async def retention(self) -> None:
        if self.apply_retention is None:
            return
        try:
            anonymised = await asyncio.to_thread(self.apply_retention, self.sweeper.clock.now())
        except Exception:
            log.exception("retention run failed; the next day's run retries")
            return
        log.info("retention: personal data removed from %d cases", anonymised)

    def digest_missed(self, now: datetime) -> bool:
        """True if this week's digest time has passed and a digest was sent before (none ever
        sent: a first start, nothing missed); send_digests is idempotent per week."""
        local = now.astimezone(self.policy.zone)
        week_start = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        fire = self.digest_trigger.get_next_fire_time(None, week_start)
        if fire is None or fire > local:
            return False
        return self.digest_sent_before(now)
