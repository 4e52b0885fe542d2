"""The accuracy targets of issue 15, on the held-aside test split of tests/triage_corpus
(the rules were never tuned on it), and the shape of the corpus itself."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.triage import TARGETS, accuracy, load_corpus
from triage.rulebook import Rulebook


@pytest.mark.parametrize("name", list(TARGETS))
def test_accuracy_targets_are_met_on_the_held_aside_split(rulebook: Rulebook, name: str) -> None:
    result = accuracy(rulebook, load_corpus("test"))
    assert result.figures[name] >= TARGETS[name], "\n".join(result.lines())


def test_the_corpus_covers_what_the_issue_asks() -> None:
    rows = load_corpus(None)
    assert len(rows) >= 400
    test = [row for row in rows if row["split"] == "test"]
    assert len(test) >= len(rows) // 5
    assert sum(bool(row["hard"]) for row in rows) >= len(rows) / 3
    reasons = {row["not_logged_reason"] for row in rows}
    assert {
        "court_related",
        "insufficient_interest",
        "alternative_process",
        "general_enquiry",
        "out_of_time",
        "out_of_jurisdiction",
        "consent_not_gained",
        "s47_child_protection",
        "safeguarding_referral",
        "other",
    } <= reasons
    kinds = Counter(row["record_kind"] for row in rows)
    assert len(kinds) == 7
    assert sum(bool(row["safeguarding"]) for row in rows) >= 100
