"""Two sweepers on one database: every reminder exactly once, also when one dies mid-batch."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from cases.clock import SettableClock
from heard.context import AppContext
from heard.wiring import messenger
from scheduler.sweep import Sweeper
from store.db import make_engine
from tests.scheduler.conftest import new_complaint

LATER = datetime(2026, 4, 30, 10, 0, tzinfo=UTC)  # a Thursday after every chaser is due


def own_sweeper(app: AppContext, worker: str, clock: SettableClock, batch: int) -> Sweeper:
    return Sweeper(
        engine=make_engine(app.settings.database_url),
        messenger=messenger(app.settings),
        clock=clock,
        calendar=app.calendar,
        organisation=app.organisation,
        worker=worker,
        batch=batch,
    )


def test_two_sweepers_send_each_reminder_exactly_once(app: AppContext) -> None:
    for _ in range(25):
        new_complaint(app)
    with app.engine.connect() as connection:
        due = connection.execute(sa.text("SELECT count(*) FROM reminder")).scalar_one()
        # by LATER the days they name have gone: taken once, sent never (scheduler.sweep)
        gone = connection.execute(
            sa.text("SELECT count(*) FROM reminder WHERE kind IN ('due_soon', 'due_today')")
        ).scalar_one()
    clock = SettableClock(LATER)
    workers = [own_sweeper(app, f"w{n}", clock, batch=7) for n in range(2)]

    def run(worker: Sweeper) -> tuple[int, int]:
        sent = skipped = 0
        while True:
            result = worker.sweep_once()
            sent, skipped = sent + result.sent, skipped + result.skipped
            if result.claimed == 0:
                return sent, skipped

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, workers))
    assert sum(sent for sent, _ in results) == due - gone
    assert sum(skipped for _, skipped in results) == gone
    with app.engine.connect() as connection:
        assert (
            connection.execute(
                sa.text("SELECT count(*) FROM reminder WHERE done_at IS NULL")
            ).scalar_one()
            == 0
        )
        per_worker = dict(
            connection.execute(
                sa.text("SELECT claimed_by, count(*) FROM reminder GROUP BY claimed_by")
            ).all()
        )
    assert sum(per_worker.values()) == due
    for worker in workers:
        worker.engine.dispose()


def test_a_killed_worker_leaves_its_rows_to_another_after_the_lease(app: AppContext) -> None:
    new_complaint(app)
    clock = SettableClock(LATER)
    dying = own_sweeper(app, "dying", clock, batch=3)
    survivor = own_sweeper(app, "survivor", clock, batch=100)
    claimed = dying.claim(clock.now())  # claims, commits the lease, then "dies"
    assert len(claimed) == 3
    first = survivor.sweep_once()
    assert first.claimed > 0 and set(claimed).isdisjoint(_done_by(app, "survivor"))
    clock.advance(timedelta(seconds=app.settings.reminder_lease_seconds + 1))
    second = survivor.sweep_once()
    assert second.claimed == 3 and second.sent + second.skipped == 3
    assert all(not dying.finish(reminder_id, clock.now()) for reminder_id in claimed)
    with app.engine.connect() as connection:
        assert (
            connection.execute(
                sa.text("SELECT count(*) FROM reminder WHERE done_at IS NULL")
            ).scalar_one()
            == 0
        )
    dying.engine.dispose()
    survivor.engine.dispose()


def _done_by(app: AppContext, worker: str) -> set[int]:
    with app.engine.connect() as connection:
        return {
            row[0]
            for row in connection.execute(
                sa.text("SELECT id FROM reminder WHERE claimed_by = :w AND done_at IS NOT NULL"),
                {"w": worker},
            )
        }
