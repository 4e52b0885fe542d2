"""A child kept confined at home (kept indoors or in one room, not let out, windows screwed
shut) and children calling to passers-by for food are weighed as concerns and, when referred,
quote their words: no rule listed either, and a neighbour's note telling both in plain words
(dev-2602) was missed, the model alone just under its bar. Counted before writing: the
confinement phrases fire on 3 dev and 4 spent sealed parts' concerns and on no text that is not
a concern. Ordinary staying in (the rain, chickenpox, a detention) does not fire the rule.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import decided
from triage.rulebook import Rulebook


def fired(rulebook: Rulebook, body: str, rule_id: str) -> list[str]:
    scanned = rulebook.scan(f"\n{body}")
    return [
        word
        for rule in rulebook.safeguarding
        if rule.spec.id == rule_id and rule.fires(scanned)
        for word in rule.quote(scanned)
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("The two little ones upstairs have been kept indoors for a month now.", "kept indoors"),
        ("My niece is kept in her room whenever visitors come.", "kept in her room"),
        ("Their bedroom windows are nailed shut and the kids look so pale.", "windows are nailed shut"),
        ("He is not allowed out except to go to school.", "not allowed out except"),
    ],
)
def test_a_child_kept_in_is_weighed_with_its_words(
    rulebook: Rulebook, body: str, words: str
) -> None:
    assert words in fired(rulebook, body, "sg.kept_in")


def test_children_calling_to_passers_by_for_food_are_weighed_as_neglect(
    rulebook: Rulebook,
) -> None:
    body = "The boys at number 9 shout to people walking past for biscuits most days."
    assert fired(rulebook, body, "sg.neglect_indirect")


def test_both_told_together_are_referred_with_their_words(rulebook: Rulebook) -> None:
    decision = decided(
        rulebook,
        "the children at the end flat have been kept indoors since the health visitor came."
        " the windows are screwed shut. they call out to people passing for food.",
    )
    assert decision.safeguarding
    assert {"sg.kept_in", "sg.neglect_indirect"} <= set(decision.rule_ids)
    assert "kept indoors" in decision.safeguarding_words


@pytest.mark.parametrize(
    "body",
    [
        "We were kept inside at break because of the rain and it was boring.",
        "My son was kept indoors all week with chickenpox so he missed the trip.",
        "I got kept in at lunch for a detention I did not deserve.",
        "The empty house next door has had its windows boarded up for a year.",
        "I am not allowed out after nine on a school night, which is fair.",
    ],
)
def test_ordinary_staying_in_does_not_fire_the_rule(rulebook: Rulebook, body: str) -> None:
    assert fired(rulebook, body, "sg.kept_in") == []
