"""Triage latency for a 2 KB complaint (default rules and a 200-rule file), and triage
accuracy on the held-aside test split of tests/triage_corpus (never used to tune the rules).

Baseline (same run): normalising the text and splitting it into words, the least work any
word-matching rule engine must do. Target: median <= 1 ms with 200 rules.
Run: uv run python -m bench.triage (all benchmarks: uv run python -m bench)
"""

from __future__ import annotations

import functools
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from heard.settings import DEFAULT_RULES_PATH
from triage.engine import Contact, triage
from triage.patterns import normalise, words
from triage.rulebook import RULE_SECTIONS, Rulebook, load_rulebook, parse_rulebook

COMPLAINT = (
    "I am writing to make a formal complaint about the service my son has received. "
    "His social worker has not returned my calls for three weeks and nobody told me that the "
    "contact sessions with his father had been cancelled. When I finally spoke to the team "
    "manager she was rude and said it was not her problem. The foster carer was promised the "
    "allowance in January and it still has not been paid. The assessment is wrong about our "
    "family and I disagree with the decision to stop the short breaks. "
) * 4
ROUNDS = 2000


def big_rulebook() -> Rulebook:
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text())
    teams = [team["id"] for team in data["teams"]]
    extra: list[dict[str, object]] = []
    index = 0
    while (
        sum(
            len(data[s])
            for s in (
                "routing",
                "categories",
                "safeguarding",
                "record_kinds",
                "complainant_types",
                "not_logged",
            )
        )
        + len(extra)
        < 200
    ):
        extra.append(
            {
                "id": f"route.generated_{index}",
                "description": "generated",
                "reason": "generated",
                "team": teams[index % len(teams)],
                "patterns": [
                    f"generated phrase {index} {word}" for word in ("alpha", "beta", "gamma")
                ],
            }
        )
        index += 1
    data["routing"] = data["routing"] + extra
    return parse_rulebook(yaml.safe_dump(data), source="generated-200")


def measure(call: Callable[[], object]) -> tuple[float, float, float]:
    """(median, 99th percentile) wall time and median CPU time of the calling thread, in ms.
    On a shared machine the wall time includes waiting for a core; the thread's CPU time does
    not, so the two together tell a slow engine from a busy machine."""
    for _ in range(200):
        call()
    samples = []
    cpu = []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        call()
        cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)], statistics.median(cpu)


def rule_count(rulebook: Rulebook) -> int:
    spec = rulebook.spec
    return sum(len(getattr(spec, section)) for section in RULE_SECTIONS)


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "triage_corpus" / "corpus.jsonl"
TARGETS = {
    "safeguarding recall": 0.97,
    "safeguarding precision": 0.85,
    "route accuracy": 0.9,
    "record kind accuracy": 0.9,
    "complainant type accuracy": 0.85,
}


@dataclass(frozen=True)
class Accuracy:
    figures: dict[str, float]
    confusion: dict[tuple[bool, bool], int]  # (labelled, flagged) -> count
    count: int
    misses: list[tuple[str, str, str, str]]  # (what, expected, got, text)
    split: str = "test"

    def lines(self) -> list[str]:
        out = [f"accuracy on {self.count} texts of the corpus split {self.split!r}:"]
        for name, value in self.figures.items():
            target = TARGETS.get(name)
            verdict = (
                f" (target >= {target}: {'met' if value >= target else 'NOT met'})"
                if target
                else ""
            )
            out.append(f"  {name}: {value:.3f}{verdict}")
        c = self.confusion
        out += [
            "  safeguarding confusion (rows: labelled, columns: flagged):",
            "                  flagged  not flagged",
            f"    concern       {c[(True, True)]:7d}  {c[(True, False)]:11d}",
            f"    no concern    {c[(False, True)]:7d}  {c[(False, False)]:11d}",
        ]
        return out


def load_corpus(split: str | None = "test") -> list[dict[str, object]]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if split is None or row["split"] == split]


def accuracy(
    rulebook: Rulebook, rows: Iterable[dict[str, object]], *, split: str = "test"
) -> Accuracy:
    today = date(2026, 3, 2)
    confusion = {(a, b): 0 for a in (True, False) for b in (True, False)}
    right = {"route": 0, "kind": 0, "who": 0, "advocacy": 0}
    per_category: dict[str, list[int]] = {}  # category -> [tp, fp, fn]
    misses: list[tuple[str, str, str, str]] = []
    count = 0
    for row in rows:
        count += 1
        text = str(row["text"])
        decision = triage(Contact(subject="", body=text), rulebook, today=today)
        confusion[(bool(row["safeguarding"]), decision.safeguarding)] += 1
        if bool(row["safeguarding"]) != decision.safeguarding:
            misses.append(
                ("safeguarding", str(row["safeguarding"]), str(decision.safeguarding), text)
            )
        expected_route = (row["route"], row["not_logged_reason"])
        got_route = (
            decision.route.value,
            decision.not_logged_reason and decision.not_logged_reason.value,
        )
        for name, expected, got in (
            ("route", expected_route, got_route),
            ("kind", row["record_kind"], decision.record_kind.value),
            ("who", row["complainant_type"], decision.complainant_type),
            ("advocacy", row["advocacy"], decision.advocacy_offer),
        ):
            if expected == got:
                right[name] += 1
            else:
                misses.append((name, str(expected), str(got), text))
        expected_categories = {str(category) for category in row["categories"]}  # type: ignore[attr-defined]
        got_categories = {category for category, _, _ in decision.issues} - {"other"}
        for category in expected_categories | got_categories:
            tally = per_category.setdefault(category, [0, 0, 0])
            if category in expected_categories and category in got_categories:
                tally[0] += 1
            elif category in got_categories:
                tally[1] += 1
            else:
                tally[2] += 1
    tp, fn, fp = confusion[(True, True)], confusion[(True, False)], confusion[(False, True)]
    f1s = [(2 * t / (2 * t + f + n)) if t + f + n else 1.0 for t, f, n in per_category.values()]
    figures = {
        "safeguarding recall": tp / (tp + fn) if tp + fn else 1.0,
        "safeguarding precision": tp / (tp + fp) if tp + fp else 1.0,
        "route accuracy": right["route"] / count,
        "record kind accuracy": right["kind"] / count,
        "complainant type accuracy": right["who"] / count,
        "advocacy offer accuracy": right["advocacy"] / count,
        "macro-F1 over categories": statistics.mean(f1s) if f1s else 1.0,
    }
    return Accuracy(figures, confusion, count, misses, split)


def main() -> None:
    contact = Contact(subject="Formal complaint", body=COMPLAINT)
    today = date(2026, 3, 2)
    base_median, base_p99, _ = measure(lambda: words(normalise(COMPLAINT)))
    print(f"text: {len(COMPLAINT.encode())} bytes; {ROUNDS} rounds each")
    print(
        f"baseline (normalise + split into words): median {base_median:.4f} ms, p99 {base_p99:.4f} ms"
    )
    for label, rulebook in (
        ("default rules", load_rulebook(DEFAULT_RULES_PATH)),
        ("200-rule file", big_rulebook()),
    ):
        median, p99, cpu = measure(functools.partial(triage, contact, rulebook, today=today))
        print(
            f"{label} ({rule_count(rulebook)} rules): median {median:.3f} ms, p99 {p99:.3f} ms,"
            f" {median / base_median:.1f}x baseline; median CPU time {cpu:.3f} ms; target median"
            f" <= 1 ms: {'met' if median <= 1.0 else 'NOT met'} (wall),"
            f" {'met' if cpu <= 1.0 else 'NOT met'} (CPU)"
        )
    for line in accuracy(load_rulebook(DEFAULT_RULES_PATH), load_corpus("test")).lines():
        print(line)


if __name__ == "__main__":
    main()
