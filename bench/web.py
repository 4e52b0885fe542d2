"""bench.web: the staff web view's case list, a search and a case page over 100k and 1M cases,
p50/p95 over real HTTP, against a bare Starlette handler returning the same bytes in the same
run (alternating rounds, so both see the same machine).

    uv run python -m bench.web                 # 100k on SQLite and PostgreSQL, 1M on PostgreSQL
    uv run python -m bench.web 100000 sqlite   # one size, one engine

Targets at 1M on PostgreSQL: list p95 <= 150 ms, full-text search p95 <= 300 ms, case page
p95 <= 100 ms. PostgreSQL comes from HEARD_BENCH_POSTGRES_URL (default the tests' server); each
run makes a database of its own and drops it after, unless HEARD_BENCH_WEB_KEEP names one: then
that database is filled on the first run (a million cases take 15-25 minutes), kept, and read
again (migrated to head) by the next runs of the same size.

"search" repeats five words (warm: their index entries and rows were read moments before);
"search, new word" searches a word no request of the run searched before, each time.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.web_data import fill, vocabulary_of
from cases.clock import SettableClock

ROUNDS = 5
REQUESTS_PER_ROUND = 40
TARGETS_MS = {"list": 150.0, "search": 300.0, "search, new word": 300.0, "case page": 100.0}
POSTGRES = os.environ.get("HEARD_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def database(engine_name: str, work: Path) -> Iterator[str]:
    if engine_name == "sqlite":
        yield f"sqlite:///{work / 'bench-web.db'}"
        return
    import psycopg

    kept = os.environ.get("HEARD_BENCH_WEB_KEEP", "")
    if kept:
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", kept):
            raise SystemExit("HEARD_BENCH_WEB_KEEP: a database name of a-z, 0-9 and _")
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [kept]).fetchone():
                admin.execute(f'CREATE DATABASE "{kept}"')
        yield POSTGRES.rsplit("/", 1)[0] + f"/{kept}"
        return
    name = f"heard_bench_web_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def filled(engine: Engine, *, size: int, teams: list[str]) -> list[str]:
    """Fill the database, or read a kept one's words (it must hold `size` cases already)."""
    with engine.connect() as connection:
        held = connection.execute(sa.text("SELECT count(*) FROM cases")).scalar_one()
    if held == 0:
        return fill(engine, size=size, teams=teams)
    if held != size:
        raise SystemExit(f"the kept database holds {held:,} cases, not {size:,}")
    return vocabulary_of()


def run_one(size: int, engine_name: str) -> dict[str, tuple[float, float, float, float]]:
    from datetime import UTC, datetime

    from heard.context import build_context
    from heard.settings import DEFAULT_RULES_PATH, load_settings
    from heard.web_wiring import web_deps
    from store.db import make_engine
    from store.migrate import upgrade
    from testkit.role_rules import write_rules
    from testkit.web_rules import OFFICER, WEB_ROLES
    from testkit.web_server import served
    from web.app import build_app

    with tempfile.TemporaryDirectory() as directory, database(engine_name, Path(directory)) as url:
        work = Path(directory)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        rules = write_rules(DEFAULT_RULES_PATH, work / "rules.yaml", roles=WEB_ROLES)
        settings = load_settings(database_url=url, rules_path=rules, web_port=0)
        context = build_context(
            settings, clock=SettableClock(datetime(2026, 12, 1, 10, tzinfo=UTC))
        )
        teams = [team.id for team in context.organisation.teams]
        started = time.monotonic()
        words = filled(context.engine, size=size, teams=teams)
        print(f"  {size:,} cases on {engine_name} ready in {time.monotonic() - started:.0f} s")
        app = build_app(web_deps(context))
        rng = random.Random(7)
        with served(app) as heard_url, httpx2.Client(base_url=heard_url, timeout=60) as client:
            sign_in(client, context, OFFICER)
            requests = request_makers(size, words, rng)
            results = {}
            for kind, make in requests.items():
                sample_page = client.get(make())
                assert sample_page.status_code == 200, (kind, sample_page.status_code)
                with (
                    served(bare_app(sample_page.content)) as bare_url,
                    httpx2.Client(base_url=bare_url, timeout=60) as bare,
                ):
                    heard_times, bare_times = [], []
                    for _ in range(ROUNDS):
                        heard_times += timed(lambda: client.get(make()), REQUESTS_PER_ROUND)  # noqa: B023
                        bare_times += timed(lambda: bare.get("/"), REQUESTS_PER_ROUND)
                results[kind] = (*percentiles(heard_times), *percentiles(bare_times))
        context.engine.dispose()
    return results


def request_makers(size: int, words: list[str], rng: random.Random) -> dict[str, Callable[[], str]]:
    """The case list's first page (and a team's), a search (a word in almost every message, in
    a third, in 4%, in 0.4% and in 0.1%, in turn), a search for a word not searched before (of
    every frequency but the five) and a random case's page."""
    searches = [words[0], words[10], words[100], words[1000], words[4000]]
    fresh = [word for word in words if word not in searches]
    rng.shuffle(fresh)
    lists = ["/cases", "/cases?team=fostering", "/cases?show=overdue"]

    def case_page() -> str:
        number = rng.randint(1, size)
        year = reference_year(number, size)
        return f"/cases/BEN-{year}-{number:07d}"

    def search() -> str:
        return "/cases?q=" + rng.choice(searches)

    def new_word() -> str:
        return "/cases?q=" + fresh.pop()

    return {
        "list": lambda: rng.choice(lists),
        "search": search,
        "search, new word": new_word,
        "case page": case_page,
    }


def reference_year(number: int, size: int) -> int:
    from datetime import UTC, datetime, timedelta

    start = datetime(2019, 4, 1, 9, tzinfo=UTC)
    span = (datetime(2026, 11, 30, tzinfo=UTC) - start).total_seconds()
    return (start + timedelta(seconds=span * number / size)).year


def sign_in(client: httpx2.Client, context: object, email: str) -> None:
    import secrets
    from datetime import timedelta

    from store import web_sessions
    from store.db import session_scope

    token = secrets.token_urlsafe(32)
    now = context.clock.now()  # type: ignore[attr-defined]
    with session_scope(context.engine) as session:  # type: ignore[attr-defined]
        web_sessions.create_link(
            session, token=token, email=email, now=now, expires_at=now + timedelta(minutes=15)
        )
    page = client.get(f"/auth/link/{token}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf, page.text[:200]
    answer = client.post(f"/auth/link/{token}", data={"csrf_token": csrf.group(1)})
    assert answer.status_code == 303, answer.text[:200]


def bare_app(body: bytes) -> Starlette:
    async def page(request: Request) -> Response:
        return Response(body, media_type="text/html; charset=utf-8")

    return Starlette(routes=[Route("/", page)])


def timed(call: Callable[[], object], count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18]


def main() -> None:
    args = sys.argv[1:]
    sizes = [int(a) for a in args if a.isdigit()]
    engines = [a for a in args if a in ("sqlite", "postgresql")]
    plan = [(size, engine) for size in sizes for engine in engines or ("sqlite", "postgresql")]
    if not sizes:
        plan = [(100_000, "sqlite"), (100_000, "postgresql"), (1_000_000, "postgresql")]
    for size, engine_name in plan:
        results = run_one(size, engine_name)
        for kind, (p50, p95, bare50, bare95) in results.items():
            target = (
                f" (target {TARGETS_MS[kind]:.0f})"
                if size >= 1_000_000 and engine_name == "postgresql"
                else ""
            )
            print(
                f"  {engine_name} {size:,} {kind:<16}: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms{target}"
                f"  | bare Starlette, same bytes: p50 {bare50:5.1f} ms, p95 {bare95:5.1f} ms"
            )


if __name__ == "__main__":
    main()
