"""Wall time of `heard --help` and `heard cases list` over 5,000 demo cases (issue 12).

Targets: `heard --help` <= 0.5 s and `heard cases list` <= 1 s. Each command runs as staff run
it, a fresh `heard` process, several times; the median and the fastest are printed, with the
same figures for the baseline `python -c pass` measured in the same run (the interpreter's own
start, which no change in heard can remove), so a busy machine shows as a slow baseline. The
CPU seconds (user + system) each run used are printed too: on a machine shared with other
work they are what the command costs, where the wall time is also the wait for a core.

Bytecode matters: on a machine that sets PYTHONDONTWRITEBYTECODE nothing caches the compiled
modules, and every run compiles heard's packages again. The commands are timed as found, then
(if heard's own packages had no bytecode) again after `compileall`, and both are printed.

Run: uv run python -m bench.cli [runs]
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "heard",
    "cli",
    "cases",
    "store",
    "triage",
    "intake",
    "outbound",
    "bot",
    "scheduler",
    "reports",
)
DEMO_CASES = 5_000
TARGETS = {"heard --help": 0.5, "heard cases list": 1.0}


def timed(
    command: list[str], *, env: dict[str, str], cwd: str, runs: int
) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run of `command` in a fresh process."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def ours_compiled() -> bool:
    """Whether heard's packages have up-to-date bytecode (checked on the CLI's own module)."""
    source = ROOT / "cli" / "main.py"
    cached = Path(importlib.util.cache_from_source(str(source)))
    return cached.exists() and cached.stat().st_mtime >= source.stat().st_mtime


def measure(label: str, *, env: dict[str, str], cwd: str, runs: int) -> None:
    heard = str(Path(sys.executable).parent / "heard")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "heard --help": [heard, "--help"],
        "heard cases list": [heard, "cases", "list"],
    }
    print(f"-- {label}")
    baseline = 0.0
    for name, command in commands.items():
        walls, cpus = timed(command, env=env, cwd=cwd, runs=runs)
        median, best, cpu = statistics.median(walls), min(walls), statistics.median(cpus)
        figures = f"{name:<18} wall median {median:.3f} s, fastest {best:.3f} s; CPU {cpu:.3f} s"
        if not baseline:
            baseline = median
            print(f"{figures}  (baseline)")
            continue
        target = TARGETS[name]
        verdict = "meets" if median <= target else "MISSES"
        print(f"{figures}  = {median / baseline:.0f}x baseline; target {target} s: {verdict}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 7
    with tempfile.TemporaryDirectory(prefix="heard-bench-cli-") as directory:
        env = {**os.environ, "HEARD_DATABASE_URL": f"sqlite:///{Path(directory) / 'heard.db'}"}
        heard = str(Path(sys.executable).parent / "heard")
        seed = [heard, "demo", "seed", "--cases", str(DEMO_CASES)]
        subprocess.run(seed, env=env, cwd=directory, check=True, stdout=subprocess.DEVNULL)
        print(f"{DEMO_CASES:,} demo cases; {runs} runs of each command")
        if ours_compiled():
            measure("heard's packages compiled", env=env, cwd=directory, runs=runs)
            return
        measure("heard's packages not compiled (as found)", env=env, cwd=directory, runs=runs)
        for package in PACKAGES:
            compileall.compile_dir(str(ROOT / package), quiet=1)
        measure("after compileall of heard's packages", env=env, cwd=directory, runs=runs)


if __name__ == "__main__":
    main()
