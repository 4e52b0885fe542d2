"""More harm told in words no rule listed, which only the model referred in batch 59: a child
gone since a named day, "how many would it take", an initiation that makes a girl "a proper
woman" (Sande, Bondo), alcohol bought for a child, a baby crying for hours, rotten front teeth,
a child not allowed home until the visitors go, a family sleeping in a car, a neck squeezed, a
threat to break an arm. Counted first, in dev and the spent sealed parts: each phrase fires on
concerns only (together 27 spent concerns). Each rule is `suggests`: the model still weighs it.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import quoted
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "rule_id", "words"),
    [
        (
            "My sister's boy has been gone since Tuesday.",
            "sg.missing_indirect",
            "gone since tuesday",
        ),
        (
            "How many of these tablets would it take?",
            "sg.suicide_indirect",
            "how many of these tablets would it take",
        ),
        (
            "Grandma says the Bondo will make her a proper woman.",
            "sg.forced_marriage_fgm_indirect",
            "bondo",
        ),
        (
            "The lads at the park buy her cider most weekends.",
            "sg.exploitation_indirect",
            "buy her cider",
        ),
        (
            "The baby at number 4 has been crying for hours again.",
            "sg.neglect_indirect",
            "crying for hours",
        ),
        ("His rotten front teeth hurt when he eats.", "sg.neglect_indirect", "rotten front teeth"),
        (
            "She is not allowed home till his friends leave.",
            "sg.neglect_indirect",
            "not allowed home till",
        ),
        (
            "Mum and the twins have been sleeping in the car since May.",
            "sg.neglect_indirect",
            "sleeping in the car",
        ),
        ("He squeezed her throat when she cried.", "sg.other_risk", "squeezed her throat"),
        ("He said he would break his arm if he told.", "sg.other_risk", "break his arm"),
    ],
)
def test_the_harm_is_weighed_and_quoted(
    rulebook: Rulebook, body: str, rule_id: str, words: str
) -> None:
    assert words in quoted(rulebook, body, rule_id)


@pytest.mark.parametrize(
    ("body", "rule_id"),
    [
        ("The boiler has been broken since Tuesday.", "sg.missing_indirect"),
        ("How many forms does it take to get a blue badge?", "sg.suicide_indirect"),
        ("We bought them lemonade at the fair.", "sg.exploitation_indirect"),
        ("I cried for ages at the film.", "sg.neglect_indirect"),
        ("We sat in the car until the rain stopped.", "sg.neglect_indirect"),
    ],
)
def test_their_look_alikes_do_not_fire(rulebook: Rulebook, body: str, rule_id: str) -> None:
    assert quoted(rulebook, body, rule_id) == []
