"""Triage latency for a 2 KB complaint: default rules and a 200-rule file.

Baseline (same run): normalising the text and one regex search over it, the least work any
rule engine must do. Target: median <= 1 ms with 200 rules.
Run: uv run python -m bench.triage (all benchmarks: uv run python -m bench)
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date

import yaml

from heard.settings import DEFAULT_RULES_PATH
from triage.engine import Contact, triage
from triage.patterns import normalise
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
    extra = []
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


def measure(call) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    for _ in range(200):
        call()
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def rule_count(rulebook: Rulebook) -> int:
    spec = rulebook.spec
    return sum(len(getattr(spec, section)) for section in RULE_SECTIONS)


def main() -> None:
    contact = Contact(subject="Formal complaint", body=COMPLAINT)
    today = date(2026, 3, 2)
    word = re.compile(r"\bcomplaint\b")
    base_median, base_p99 = measure(lambda: word.search(normalise(COMPLAINT)))
    print(f"text: {len(COMPLAINT.encode())} bytes; {ROUNDS} rounds each")
    print(f"baseline (normalise + one regex): median {base_median:.4f} ms, p99 {base_p99:.4f} ms")
    for label, rulebook in (
        ("default rules", load_rulebook(DEFAULT_RULES_PATH)),
        ("200-rule file", big_rulebook()),
    ):
        median, p99 = measure(lambda rb=rulebook: triage(contact, rb, today=today))
        print(
            f"{label} ({rule_count(rulebook)} rules): median {median:.3f} ms, p99 {p99:.3f} ms,"
            f" {median / base_median:.1f}x baseline; target median <= 1 ms: "
            f"{'met' if median <= 1.0 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
