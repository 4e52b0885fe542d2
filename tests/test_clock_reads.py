"""The settable Clock is the one way to read the time (issue 22): no `datetime.now`, `date.today`,
`time.time` or store.types.utcnow outside the clock (cases/clock.py) and the composition root
(heard/), so tests and `--on` can set it and every part agrees on what "now" is.

KNOWN lists the reads that still bypass the clock, file by file, like import-linter's
ignore_imports: a new read anywhere fails, and a file that stops reading the time directly
must come off the list (each is removed by the change that passes a clock there).
`time.monotonic` measures intervals (rate limits, caches), not the time of day: not counted."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "cli", "cases", "casework", "org", "triage", "store", "intake", "outbound", "bot", "web",
    "scheduler", "reports", "telemetry", "runtime",
)  # fmt: skip
ALLOWED = {"cases/clock.py"}  # heard/ (the root) is not scanned
OWNERS = {"datetime": {"now", "today", "utcnow"}, "date": {"today"}, "time": {"time"}}

KNOWN: dict[str, int] = {}


def clock_reads(source: str) -> int:
    found = 0
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "utcnow") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.attr in OWNERS.get(func.value.id, ())
        ):
            found += 1
    return found


def reads_by_file() -> dict[str, int]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED or "/migrations/" in name:
                continue
            count = clock_reads(path.read_text(encoding="utf-8"))
            if count:
                found[name] = count
    return found


def test_only_the_clock_reads_the_time() -> None:
    found = reads_by_file()
    new = {name: count for name, count in found.items() if count > KNOWN.get(name, 0)}
    assert not new, f"read the time through the Clock passed in, not directly: {new}"
    fixed = {name for name, count in KNOWN.items() if found.get(name, 0) < count}
    assert not fixed, f"fewer direct reads than KNOWN says: lower or remove {sorted(fixed)}"


def test_the_scan_finds_each_way_of_reading_the_time() -> None:
    source = (
        "from datetime import date, datetime\nimport time\n"
        "a = datetime.now()\nb = date.today()\nc = time.time()\nd = utcnow()\n"
        "e = datetime.utcnow()\nf = time.monotonic()\ng = clock.now()\n"
    )
    assert clock_reads(source) == 5
