"""The annual report over generated databases (default 100k and 1M cases), on SQLite and
PostgreSQL, and `heard import cases` of the generated sheet.

Targets (issue 16): the report over 1M cases <= 10 s on SQLite and <= 5 s on PostgreSQL with
peak RSS < 500 MB; import of 100k rows <= 30 s. The baseline, measured in the same run on the
same database, is one full scan of what the report must read at least once (stages joined to
their cases): the report's time is printed as a multiple of it. The report runs in a child
process so its peak RSS is its own.

Run: uv run python -m bench.report [--sqlite | --postgres] [sizes…]
The README's example: uv run python -m bench.report --example docs/example

HEARD_BENCH_REPORT_KEEP=NAME keeps what a run imports: the PostgreSQL database NAME_SIZE and the
SQLite file NAME_SIZE.db in the temporary directory are filled on the first run (a million cases
take many minutes) and read again, migrated to head, by the next runs of the same size, so
measuring the report again takes seconds. Drop them by hand when done.
HEARD_BENCH_REPORT_PROFILE=1 lists the report's costliest statements (bench.query_costs).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bench.postgres import SERVER, temporary_database
from bench.query_costs import QueryCosts
from bench.synthetic_cases import write_csv
from cases.calendar import WorkingCalendar
from cases.timescales import TimescalePolicy
from reports.case_rows import CouncilLists
from reports.importing import import_cases
from store.db import make_engine
from store.migrate import upgrade

if TYPE_CHECKING:
    from reports.building import ReportOptions
    from triage.rulebook import Rulebook

YEAR = 2025
TARGETS = {"sqlite": 10.0, "postgresql": 5.0}
IMPORT_TARGET_100K = 30.0
RSS_TARGET_MB = 500
KEEP = "HEARD_BENCH_REPORT_KEEP"
PROFILE = "HEARD_BENCH_REPORT_PROFILE"  # set: the costliest statements are listed too


def default_lists() -> CouncilLists:
    """The shipped rule file's categories and complainant types, as `heard import` passes them."""
    from cli.import_ import council_lists
    from heard.settings import DEFAULT_RULES_PATH
    from triage.rulebook import load_rulebook

    return council_lists(load_rulebook(DEFAULT_RULES_PATH))


def child(url: str, out: str) -> None:
    """Build and write the annual report; print wall and CPU seconds and peak RSS as JSON."""
    from reports.annual import build_report
    from reports.periods import financial_year
    from reports.render import write_all

    started, cpu = time.monotonic(), time.process_time()
    engine = make_engine(url)
    costs = QueryCosts()
    costs.attach(engine)
    report, figures = build_report(engine, financial_year(YEAR), today=date(YEAR + 1, 5, 1))
    built = time.monotonic() - started
    write_all(report, figures, Path(out))
    server_cpu = costs.server_cpu()
    if os.environ.get(PROFILE):
        print(costs.table(), file=sys.stderr)
    print(
        json.dumps(
            {
                "wall": time.monotonic() - started,
                "build": built,
                "cpu": time.process_time() - cpu + children_cpu(),
                "server_cpu": server_cpu,
                "queries": len(costs.statements),
                "rss_mb": peak_rss_mb(),
                # a forked writer's peak counts the pages it shares with this process too
                "writer_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "stage1_received": figures.get("stage1.received"),
            }
        )
    )


def children_cpu() -> float:
    """CPU of the child processes that wrote some of the files (reports.forked)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM, not getrusage's maxrss, which Linux carries over an exec
    from the parent that forked it (the bench's, swollen by an import)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(url: str) -> tuple[float, float]:
    """The full scan's wall seconds and CPU seconds (PostgreSQL's backend, or this process)."""
    engine = make_engine(url)
    costs = QueryCosts()
    costs.attach(engine)
    with engine.connect() as connection:
        connection.execute(
            sa.text(
                "SELECT count(*), max(s.responded_on) FROM stage s JOIN cases c ON c.id = s.case_id"
            )
        ).one()
    scan = costs.statements[-1]
    engine.dispose()
    return scan.wall, scan.server_cpu if scan.server_cpu is not None else scan.thread_cpu


def kept_name() -> str:
    """HEARD_BENCH_REPORT_KEEP's name, or "" when nothing is kept."""
    name = os.environ.get(KEEP, "")
    if name and not re.fullmatch(r"[a-z][a-z0-9_]{0,50}", name):
        raise SystemExit(f"{KEEP}: a name of a-z, 0-9 and _ (at most 51 characters)")
    return name


@contextmanager
def postgres_database(size: int) -> Iterator[str]:
    """A temporary database, or the kept one of this size (created when missing)."""
    name = kept_name()
    if not name:
        with temporary_database() as url:
            yield url
        return
    import psycopg

    name = f"{name}_{size}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    yield SERVER.rsplit("/", 1)[0] + f"/{name}"


def sqlite_url(size: int, work: Path) -> str:
    name = kept_name()
    folder = Path(tempfile.gettempdir()) if name else work
    file = folder / f"{name or 'bench'}-{size}.db"
    return f"sqlite:///{file}"


def ratio(cost: float, scan: float) -> str:
    # /proc counts CPU in ticks (10 ms): a scan of a small database may show none.
    return f"{cost / scan:.0f}x" if scan >= 0.05 else "(too short to compare with)"


def run_one(url: str, engine_name: str, sheet: Callable[[], Path], size: int, work: Path) -> None:
    engine = make_engine(url)
    upgrade(engine)  # a new database, or a kept one written by an earlier heard
    with engine.connect() as connection:
        held = connection.execute(sa.text("SELECT count(*) FROM cases")).scalar_one()
    if held == 0:
        lists = default_lists()
        started, cpu = time.monotonic(), time.process_time()
        result = import_cases(
            engine, sheet(), calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
        )
        took, took_cpu = time.monotonic() - started, time.process_time() - cpu
        target = f" (target for 100k: <= {IMPORT_TARGET_100K:.0f} s)" if size == 100_000 else ""
        print(
            f"  import {size:,} rows: {took:.1f} s wall, {took_cpu:.1f} s CPU here, "
            f"{size / took:,.0f} rows/s, {len(result.rejected)} rejected{target}"
        )
    elif held == size:
        print(f"  the kept database already holds {size:,} cases: not imported again")
    else:
        raise SystemExit(f"the kept database {url} holds {held:,} cases, not {size:,}")
    engine.dispose()
    base, base_cpu = baseline(url)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.report",
            "--child",
            url,
            str(work / f"out-{engine_name}-{size}"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    # The counting side: SQLite counts in the report process, PostgreSQL in its backends.
    cpu = figures["cpu"] if figures["server_cpu"] is None else figures["server_cpu"]
    server = (
        "" if figures["server_cpu"] is None else f", {figures['server_cpu']:.2f} s in PostgreSQL"
    )
    print(
        f"  annual report: {figures['wall']:.2f} s wall ({figures['build']:.2f} s counting, "
        f"{figures['queries']} statements; CPU {figures['cpu']:.2f} s in the report process{server}) "
        f"= {figures['wall'] / base:.0f}x the baseline scan's wall ({base:.3f} s); the counting "
        f"side's CPU {ratio(cpu, base_cpu)} the scan's ({base_cpu:.2f} s); "
        f"peak RSS {figures['rss_mb']:.0f} MB (a writer process's {figures['writer_rss_mb']:.0f} MB) "
        f"(targets at 1M: <= {TARGETS[engine_name]:.0f} s, < {RSS_TARGET_MB} MB); "
        f"stage1.received {figures['stage1_received']:,}"
    )


def example_options(rulebook: Rulebook, title: str) -> ReportOptions:
    """Example Borough Council's, with the rule file's words for its categories and
    complainant types as `heard report` prints them, so the example reads as its output."""
    from reports.building import ReportOptions

    return ReportOptions(
        title=f"Example Borough Council: {title[0].lower()}{title[1:]}",
        council="Example Borough Council",
        category_labels={key: spec.label for key, spec in rulebook.category_specs.items()},
        complainant_labels={
            key: spec.label for key, spec in rulebook.complainant_type_specs.items()
        },
    )


def example(out: Path, *, size: int = 12_000) -> None:
    """The example committed under docs/: a report over `heard demo seed`'s made-up cases
    (five years up to 1 May 2026, so 2025/26 is whole and the first year only partly covered),
    and a PNG of its first screen taken with headless Chromium."""
    from datetime import date

    from cli.demo_data import seed_demo
    from heard.settings import DEFAULT_RULES_PATH
    from reports.annual import build_report
    from reports.periods import financial_year
    from reports.render import write_all
    from store.db import session_scope
    from store.organisation import sync_organisation
    from triage.rulebook import load_rulebook

    today = date(2026, 5, 1)
    with tempfile.TemporaryDirectory(prefix="heard-example-") as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'example.db'}")
        upgrade(engine)
        rulebook = load_rulebook(DEFAULT_RULES_PATH)
        directorates, teams = rulebook.organisation.rows()
        with session_scope(engine) as session:
            sync_organisation(session, directorates=directorates, teams=teams)
        seed_demo(
            engine,
            cases=size,
            years=5,
            today=today,
            seed=7,
            categories=list(rulebook.category_specs),
        )
        report, figures = build_report(
            engine,
            financial_year(YEAR),
            today=today,
            options=example_options(rulebook, "Children's social care complaints annual report"),
        )
        engine.dispose()
    for path in write_all(report, figures, out):
        print(f"wrote {path}")
    png = out / "report-first-page.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,1400",
            f"--screenshot={png.resolve()}",
            (out / "report.html").resolve().as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    print(f"wrote {png}")


def example_code(out: Path, *, size: int = 8_000) -> None:
    """The Complaint Handling Code's report committed under docs/: `heard report code` over
    `heard demo seed`'s made-up cases for two years up to 1 May 2027, so that 2026/27, the
    Code's first year for corporate complaints, is whole."""
    from datetime import date

    from cli.demo_data import seed_demo
    from heard.settings import DEFAULT_RULES_PATH
    from reports.code_report import TITLE, build_code_report
    from reports.periods import financial_year
    from reports.render import write_all
    from store.db import session_scope
    from store.organisation import sync_organisation
    from triage.rulebook import load_rulebook

    today = date(2027, 5, 1)
    with tempfile.TemporaryDirectory(prefix="heard-example-code-") as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'example.db'}")
        upgrade(engine)
        rulebook = load_rulebook(DEFAULT_RULES_PATH)
        directorates, teams = rulebook.organisation.rows()
        with session_scope(engine) as session:
            sync_organisation(session, directorates=directorates, teams=teams)
        seed_demo(
            engine,
            cases=size,
            years=2,
            today=today,
            seed=7,
            categories=list(rulebook.category_specs),
        )
        report, figures = build_code_report(
            engine,
            financial_year(2026),
            today=today,
            options=example_options(rulebook, TITLE),
        )
        engine.dispose()
    for path in write_all(report, figures, out):
        print(f"wrote {path}")


USAGE = (
    "usage: uv run python -m bench.report [--sqlite | --postgres] [SIZE ...]\n"
    "       uv run python -m bench.report --example FOLDER"
)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return
    if args[:1] == ["--child"] and len(args) == 3:
        child(args[1], args[2])
        return
    if args[:1] == ["--example"] and len(args) == 2:
        example(Path(args[1]))
        example_code(Path(args[1]) / "code")
        return
    wrong = [a for a in args if a not in ("--sqlite", "--postgres") and not a.isdigit()]
    if wrong or any(a.isdigit() and int(a) < 1 for a in args):
        print(USAGE if not wrong else f"bench.report: unknown argument {wrong[0]!r}\n{USAGE}")
        raise SystemExit(2)
    engines = ["sqlite", "postgresql"]
    if "--sqlite" in args:
        engines = ["sqlite"]
    if "--postgres" in args:
        engines = ["postgresql"]
    sizes = [int(a) for a in args if a.isdigit()] or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory(prefix="heard-bench-report-") as directory:
        work = Path(directory)
        for size in sizes:
            sheet = work / f"cases-{size}.csv"

            def written(sheet: Path = sheet, size: int = size) -> Path:
                """The sheet, written the first time an import needs it."""
                if not sheet.exists():
                    started = time.monotonic()
                    write_csv(sheet, size)
                    print(
                        f"  {size:,} synthetic cases written in {time.monotonic() - started:.1f} s"
                    )
                return sheet

            print(f"{size:,} cases")
            for engine_name in engines:
                print(f" {engine_name}:")
                if engine_name == "sqlite":
                    run_one(sqlite_url(size, work), engine_name, written, size, work)
                else:
                    with postgres_database(size) as url:
                        run_one(url, engine_name, written, size, work)
            sheet.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
