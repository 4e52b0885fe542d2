"""Scheduler sweep and digest over 100k and 1M cases (demo data), 1% of cases with a reminder
due now. One sweep claims and sends one batch (200) of due reminders; it reads only due rows
through the partial index, so its time should not grow with the table: target
time(1M)/time(100k) <= 2, one sweep over 1M <= 1 s on PostgreSQL; digest over 1M <= 5 s.
Run: uv run python -m bench.sweep [--sqlite] [sizes…]   (default sizes: 100000 1000000)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench.postgres import temporary_database
from cases.calendar import WorkingCalendar
from cases.clock import SettableClock
from cli.demo_data import seed_demo
from heard.context import build_context
from heard.settings import load_settings
from heard.wiring import messenger
from scheduler.digest import build_digest
from scheduler.sweep import Sweeper
from store.models import Reminder
from store.types import table_of

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday, in working hours


def add_reminders(engine: sa.Engine, cases: int) -> int:
    """Done reminders for history, 1% due now, 2% due later; due ones point at open deadlines."""
    rng = random.Random(5)
    with engine.begin() as connection:
        open_deadlines = [
            row[0]
            for row in connection.execute(
                sa.text("SELECT id FROM deadline WHERE met_on IS NULL AND NOT cancelled")
            )
        ] or [None]
        case_ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM cases"))]
        rows = []
        due_now = 0
        for case_id in case_ids:
            roll = rng.random()
            if roll < 0.01:
                due_at, done_at = NOW - timedelta(minutes=rng.randint(1, 600)), None
                due_now += 1
            elif roll < 0.03:
                due_at, done_at = NOW + timedelta(days=rng.randint(1, 30)), None
            else:
                due_at, done_at = NOW - timedelta(days=rng.randint(1, 700)), NOW
            rows.append(
                {
                    "case_id": case_id,
                    "deadline_id": rng.choice(open_deadlines),
                    "kind": "overdue",
                    "recipient": "team_manager",
                    "dedupe_key": f"bench:{case_id}",
                    "due_at": due_at,
                    "done_at": done_at,
                    "created_at": NOW,
                    "details": None,
                }
            )
            if len(rows) == 10_000:
                connection.execute(sa.insert(table_of(Reminder)), rows)
                rows = []
        if rows:
            connection.execute(sa.insert(table_of(Reminder)), rows)
    return due_now


def measure(url: str, cases: int) -> tuple[float, float, float]:
    settings = load_settings(database_url=url)
    context = build_context(settings)
    started = time.perf_counter()
    seed_demo(
        context.engine,
        cases=cases,
        years=5,
        today=NOW.date(),
        categories=list(context.rulebook.category_specs),
    )
    due = add_reminders(context.engine, cases)
    print(
        f"  {cases:,} cases seeded with {due:,} reminders due now "
        f"({time.perf_counter() - started:.0f} s)"
    )
    with context.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
    sweeper = Sweeper(
        engine=context.engine,
        messenger=messenger(settings),
        clock=SettableClock(NOW),
        calendar=context.calendar,
        organisation=context.organisation,
        batch=200,
    )
    sweeper.sweep_once()  # warm caches (needs 1% of cases >= 4 batches: 80,000 cases or more)
    timings = []
    for _ in range(3):  # only full batches count: an empty sweep would flatter the figure
        started = time.perf_counter()
        result = sweeper.sweep_once()
        if result.claimed == sweeper.batch:
            timings.append(time.perf_counter() - started)
    sweep = min(timings) if timings else float("nan")
    started = time.perf_counter()
    with context.engine.connect() as connection:
        build_digest(
            connection,
            organisation=context.organisation,
            calendar=WorkingCalendar(),
            today=NOW.date(),
            past=False,
        )
    digest = time.perf_counter() - started
    context.engine.dispose()
    return sweep, digest, due


def main() -> None:
    arguments = [arg for arg in sys.argv[1:] if arg != "--sqlite"]
    use_sqlite = "--sqlite" in sys.argv
    sizes = [int(arg) for arg in arguments if arg.isdigit()] or [100_000, 1_000_000]
    results = {}
    for size in sizes:
        if use_sqlite:
            with tempfile.TemporaryDirectory() as folder:
                results[size] = measure(f"sqlite:///{folder}/bench.db", size)
        else:
            with temporary_database() as url:
                results[size] = measure(url, size)
        sweep, digest, _ = results[size]
        print(
            f"{size:,} cases ({'SQLite' if use_sqlite else 'PostgreSQL'}): one sweep (batch of "
            f"200) {sweep * 1000:.0f} ms; digest {digest * 1000:.0f} ms"
        )
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(
            f"ratio sweep({sizes[-1]:,})/sweep({sizes[0]:,}) = {large[0] / small[0]:.2f} "
            f"(target <= 2); digest over {sizes[-1]:,}: {large[1]:.2f} s (target <= 5 s)"
        )


if __name__ == "__main__":
    main()
