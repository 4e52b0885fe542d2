"""The memory a triaging process holds for the rules' phrase index, and the time to read the
index and to scan with it: the index as triage/patterns.py keeps it (each distinct node once)
against the baseline of the same index as a plain trie (a node per path, as it was kept before),
unshared in the same run. Each is measured in a fresh process of its own: RSS after reading
the rules, after reading the index, after the first triage; CPU to read the index from its
file; CPU of one triage (median of 300, after the first) and of scanning every text of the
safeguarding corpus's dev part once.

Run: uv run python -m bench.phrase_memory
"""

from __future__ import annotations

import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.triage import COMPLAINT
from heard.settings import DEFAULT_RULES_PATH
from tests.safeguarding_corpus.check import Part, parse, read_lines
from triage.engine import Contact, triage
from triage.patterns import PhraseIndex, _Node
from triage.phrase_cache import collector_paused
from triage.rulebook import load_rulebook

ROUNDS = 300


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def plain(index: PhraseIndex) -> PhraseIndex:
    """The same index with a node of its own for every path (the baseline)."""
    copied = pickle.loads(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    stack = [copied._root]
    while stack:
        node = stack.pop()
        node.edges = {word: _copy(child) for word, child in node.edges.items()}
        node.any = _copy(node.any) if node.any is not None else None
        node.gap = _copy(node.gap) if node.gap is not None else None
        stack.extend(node.edges.values())
        stack.extend(follower for follower in (node.any, node.gap) if follower is not None)
    return copied


def _copy(node: _Node) -> _Node:
    copied = _Node()
    copied.edges, copied.any, copied.gap = dict(node.edges), node.any, node.gap
    copied.keys = list(node.keys)
    return copied


class _Held:
    """Stands in for the rulebook's index-on-first-use with an index read here."""

    def __init__(self, index: PhraseIndex) -> None:
        self._index = index

    def get(self) -> PhraseIndex:
        return self._index


def measure(path: Path) -> dict[str, float]:
    """In this (fresh) process: the figures for the index pickled at `path`."""
    texts = [item.text for item in parse(Part.DEV, read_lines(Part.DEV.path), [])]
    figures = {"start": _rss_mb()}
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    figures["rules"] = _rss_mb()
    started = time.process_time()
    with path.open("rb") as file, collector_paused():  # as triage/phrase_cache.py reads it
        index = pickle.load(file)
    figures["read_cpu"] = time.process_time() - started
    figures["index"] = _rss_mb()
    rulebook._index = _Held(index)  # type: ignore[assignment]
    contact = Contact(subject="Formal complaint", body=COMPLAINT)
    today = date(2026, 3, 2)
    started = time.process_time()
    triage(contact, rulebook, today=today)
    figures["first_triage_cpu"] = time.process_time() - started
    figures["first_triage"] = _rss_mb()
    samples = []
    for _ in range(ROUNDS):
        started = time.process_time()
        triage(contact, rulebook, today=today)
        samples.append(time.process_time() - started)
    figures["triage_ms"] = 1000 * statistics.median(samples)
    started = time.process_time()
    for text in texts:
        index.scan(text)
    figures["scan_dev_cpu"] = time.process_time() - started
    figures["after_scans"] = _rss_mb()
    return figures


def _in_fresh_process(path: Path) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, "-m", "bench.phrase_memory", "--measure", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(found.stdout.splitlines()[-1])
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    index = load_rulebook(DEFAULT_RULES_PATH).index
    with tempfile.TemporaryDirectory(prefix="heard-bench-") as folder:
        shared_path, plain_path = Path(folder) / "shared.pickle", Path(folder) / "plain.pickle"
        shared_path.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        plain_path.write_bytes(pickle.dumps(plain(index), protocol=pickle.HIGHEST_PROTOCOL))
        sizes = {"shared": shared_path.stat().st_size, "plain": plain_path.stat().st_size}
        found: dict[str, Any] = {
            "plain": _in_fresh_process(plain_path),
            "shared": _in_fresh_process(shared_path),
        }
    shared, baseline = found["shared"], found["plain"]
    rows = [
        ("cache file (MB)", sizes["shared"] / 1e6, sizes["plain"] / 1e6),
        ("RSS with the rules read (MB)", shared["rules"], baseline["rules"]),
        ("RSS with the index read (MB)", shared["index"], baseline["index"]),
        ("RSS after the first triage (MB)", shared["first_triage"], baseline["first_triage"]),
        ("RSS after scanning the dev part (MB)", shared["after_scans"], baseline["after_scans"]),
        (
            "index growth after first triage (MB)",
            *(figures["first_triage"] - figures["rules"] for figures in (shared, baseline)),
        ),
        ("reading the index (s CPU)", shared["read_cpu"], baseline["read_cpu"]),
        ("first triage (s CPU)", shared["first_triage_cpu"], baseline["first_triage_cpu"]),
        (f"one triage, median of {ROUNDS} (ms CPU)", shared["triage_ms"], baseline["triage_ms"]),
        ("scanning the dev part once (s CPU)", shared["scan_dev_cpu"], baseline["scan_dev_cpu"]),
    ]
    print(f"{'':40} {'shared':>10} {'plain trie':>11} {'ratio':>7}")
    for name, now, before in rows:
        ratio = now / before if before else float("nan")
        print(f"{name:40} {now:10.2f} {before:11.2f} {ratio:7.3f}")


if __name__ == "__main__":
    main()
