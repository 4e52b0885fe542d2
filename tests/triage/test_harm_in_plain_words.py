"""Harm told in plain words no rule listed, which only the model referred in dev: a child shut
in a (dog) crate or cage, a baby shaken to stop its crying, beheading videos, fertiliser bought
for a plan, a child's sexuality to be "prayed out" (dev 8, spent 12 concerns); then, from batch 60
once it was scored, acid thrown, a swollen wrist or eye, a girl to be "made pure", a crossbow
bought (not a target club's), a cold shower or bath (dev 13, spent 24 concerns). Counted first,
in dev and the eighteen spent sealed parts (aggregates): each phrase fires on concerns only, but
for two dev look-alikes (a crossbow target club's, now set aside; a cold shower for want of hot
water, which the model referred already). Last, love bites and a parent who has not woken up or
cannot be woken (dev 6, spent 9 concerns, no other text; "won't wake up" left out, a teenager's
lie-in). Each rule is
`suggests`: the model still weighs it. The texts are written for this test, not taken from the
safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import quoted
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "rule_id", "words"),
    [
        (
            "Her stepdad puts her in the dog crate when she wets.",
            "sg.cruel_punishment",
            "her in the dog crate",
        ),
        ("They shut him into a cage in the garage.", "sg.cruel_punishment", "him into a cage"),
        (
            "He shakes the baby until she goes quiet.",
            "sg.cruel_punishment",
            "shakes the baby until",
        ),
        ("My cousin watches beheading clips every night.", "sg.radicalisation", "beheading"),
        ("He has been buying fertiliser and wires online.", "sg.radicalisation", "fertiliser"),
        ("The pastor will pray it out of him on Sunday.", "sg.emotional_harm", "pray it out"),
        ("They said they would throw acid at her.", "sg.other_risk", "throw acid"),
        ("He came to school with a swollen wrist again.", "sg.other_risk", "swollen wrist"),
        (
            "Grandma says the girls will be made pure in Cairo.",
            "sg.forced_marriage_fgm_indirect",
            "made pure",
        ),
        ("He ordered a crossbow and talks about the mosque.", "sg.radicalisation", "crossbow"),
        ("She puts him under a cold shower when he wets.", "sg.cruel_punishment", "cold shower"),
        (
            "She had love bites on her neck after the party.",
            "sg.sexual_harm_indirect",
            "love bites",
        ),
        ("Mum hasnt woken up since last night.", "sg.neglect_indirect", "hasnt woken up"),
        ("I couldnt wake mummy this morning.", "sg.neglect_indirect", "couldnt wake mummy"),
    ],
)
def test_the_harm_is_weighed_and_quoted(
    rulebook: Rulebook, body: str, rule_id: str, words: str
) -> None:
    assert words in quoted(rulebook, body, rule_id)


@pytest.mark.parametrize(
    ("body", "rule_id"),
    [
        ("The rabbit lives in a cage in the garden.", "sg.cruel_punishment"),
        ("He shook his head when I asked.", "sg.cruel_punishment"),
        ("We pray for her every night.", "sg.emotional_harm"),
        ("He won a medal at his crossbow target club.", "sg.radicalisation"),
        ("Her glands are swollen and she has a temperature.", "sg.other_risk"),
        ("My son wont wake up for school on Mondays.", "sg.neglect_indirect"),
    ],
)
def test_their_look_alikes_do_not_fire(rulebook: Rulebook, body: str, rule_id: str) -> None:
    assert quoted(rulebook, body, rule_id) == []
