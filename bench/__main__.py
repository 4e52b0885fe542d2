"""Run every benchmark in turn: `uv run python -m bench` (or one: `uv run python -m bench.triage`)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "bench.triage",
    "bench.safeguarding",
    "bench.smtp_intake",
    "bench.slack_actions",
    "bench.sweep",
    "bench.report",
    "bench.cli",
    "bench.route",
    "bench.web",
    "bench.phrase_memory",
]


def main() -> None:
    chosen = sys.argv[1:] or BENCHMARKS
    for name in chosen:
        print(f"== {name}")
        importlib.import_module(name if name.startswith("bench.") else f"bench.{name}").main()


if __name__ == "__main__":
    main()
