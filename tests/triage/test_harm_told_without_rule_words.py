"""Harm told in words no rule listed, which only the model referred when batch 59 arrived
(dev-3931..4070, scored first): cruel punishments (kneeling on rice or peas, standing in a
corner all night, cold water poured over a child), "wishes she'd never had her" (the
apostrophe dropped, "shed", missed the rule's "she had"), a child made to eat on the floor or
told they were never wanted, a hot tool pressed on the writer's own skin, cuts or scars on a
wrist, thigh or forearm. Counted first, in dev and the spent sealed parts: each phrase fires on
concerns only. A referral now quotes the words of the harm, not only the model's words.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import decided, quoted
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "rule_id", "words"),
    [
        (
            "If I read a word wrong my uncle makes me kneel on rice.",
            "sg.cruel_punishment",
            "kneel on rice",
        ),
        (
            "Her stepdad made her stand in the corner all night.",
            "sg.cruel_punishment",
            "stand in the corner all night",
        ),
        (
            "When he nods off she throws icy water over him.",
            "sg.cruel_punishment",
            "icy water over him",
        ),
        ("He tells her he wishes he'd never had her.", "sg.emotional_harm", "wishes hed never"),
        (
            "My brother and I eat on the floor in the utility room.",
            "sg.emotional_harm",
            "eat on the floor",
        ),
        ("Nan says I was never wanted.", "sg.emotional_harm", "was never wanted"),
        (
            "I pressed my curling tongs against my ankle again.",
            "sg.self_harm_indirect",
            "pressed my curling tongs against my",
        ),
        ("There are scars on both wrists now.", "sg.self_harm_indirect", "scars on both wrists"),
    ],
)
def test_the_harm_is_weighed_and_quoted(
    rulebook: Rulebook, body: str, rule_id: str, words: str
) -> None:
    assert words in quoted(rulebook, body, rule_id)


def test_a_cruel_punishment_is_referred_with_its_words(rulebook: Rulebook) -> None:
    decision = decided(
        rulebook,
        "im 9. dad makes me kneel on dried lentils in the hall when i forget my reading book",
    )
    assert decision.safeguarding
    assert "sg.cruel_punishment" in decision.rule_ids
    assert "kneel on dried lentils" in decision.safeguarding_words


@pytest.mark.parametrize(
    "body",
    [
        "We soaked the lentils overnight and the rice was lovely.",
        "In PE the teacher made us stand in a line for ages in the cold.",
        "I knelt on the gravel drive to fix my bike chain and grazed my knee.",
        "My little brother calls me the mistake because I was born on April Fool's Day.",
    ],
)
def test_their_look_alikes_do_not_fire(rulebook: Rulebook, body: str) -> None:
    for rule_id in ("sg.cruel_punishment", "sg.emotional_harm", "sg.self_harm_indirect"):
        assert quoted(rulebook, body, rule_id) == [], rule_id
