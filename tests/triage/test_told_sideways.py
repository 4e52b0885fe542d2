"""Present risk told sideways in words the rules refer on their own (the twelfth rule work,
written from dev's forward misses, never from a sealed part): a relapse named with its method,
a bedroom door barred at night, "it will not matter after this month", a child living for
weeks with a family not their own (private fostering), and a person who harmed the writer now
looking after a child. Their look-alikes do not fire the rule.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import decided
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            "My plan has not been reviewed since March. Also I have relapsed with the burning.",
            "relapsed with the burning",
        ),
        (
            "Our foster daughter has always slept with a chair under the door handle.",
            "slept with a chair under the door",
        ),
        (
            "Please close my complaint. It will not matter after this month.",
            "will not matter after this month",
        ),
        (
            "A boy in my class has been living with his coach's family for months; mum is abroad.",
            "living with his coachs family for months",
        ),
        (
            "He did it to me as a child and now he is babysitting my niece.",
            "did it to me as a child and now he is babysitting",
        ),
    ],
)
def test_present_risk_told_sideways_is_referred_with_its_words(
    rulebook: Rulebook, body: str, words: str
) -> None:
    decision = decided(rulebook, body)
    assert decision.safeguarding
    assert "sg.indirect_strong" in decision.rule_ids
    assert words in decision.safeguarding_words


@pytest.mark.parametrize(
    "body",
    [
        "The complaint will not matter after the hearing, so please close it.",
        "My son stayed with his friend's family for the weekend while we moved house.",
        "I relapsed with my smoking over Christmas but the foster panel still approved us.",
        "We put a chair against the door to keep the dog out of the kitchen.",
    ],
)
def test_their_look_alikes_do_not_fire_the_rule(rulebook: Rulebook, body: str) -> None:
    assert "sg.indirect_strong" not in decided(rulebook, body).rule_ids
