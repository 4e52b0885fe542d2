"""Wall time of `heard --help` and `heard cases list` over 5,000 demo cases (issue 12).

Targets: `heard --help` <= 0.5 s and `heard cases list` <= 1 s. Each command runs as staff run
it, a fresh `heard` process, several times; the median and the fastest are printed, with the
same figures for the baseline `python -c pass` measured in the same run (the interpreter's own
start, which no change in heard can remove), so a busy machine shows as a slow baseline.

Bytecode matters: on a machine that sets PYTHONDONTWRITEBYTECODE nothing caches the compiled
modules, and every run compiles heard's packages again. The commands are timed as found, then
(if heard's own packages had no bytecode) again after `compileall`, and both are printed.

Run: uv run python -m bench.cli [runs]
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "heard",
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


def wall(command: list[str], *, env: dict[str, str], cwd: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def ours_compiled() -> bool:
    """Whether heard's packages have up-to-date bytecode (checked on the CLI's own module)."""
    source = ROOT / "heard" / "cli.py"
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
        times = wall(command, env=env, cwd=cwd, runs=runs)
        median, best = statistics.median(times), min(times)
        if not baseline:
            baseline = median
            print(f"{name:<18} median {median:.3f} s  fastest {best:.3f} s  (baseline)")
            continue
        target = TARGETS[name]
        verdict = "meets" if median <= target else "MISSES"
        print(
            f"{name:<18} median {median:.3f} s  fastest {best:.3f} s  "
            f"= {median / baseline:.0f}x baseline; target {target} s: {verdict}"
        )


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
