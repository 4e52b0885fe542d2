"""Words of harm that children and parents use of an ordinary day (a bruise from football, a
door locked, a knife in food tech, a pet gone missing, "the gang from year 9") are weighed by
the safeguarding model with the whole text, as a `suggests` rule's are, not referred outright;
the same words in a disclosure still refer. Each spent sealed part held out: 216 -> 195 false
alarms of 1349, the same 1138 of 1149 concerns (the corpus README, the tenth rule work). The
texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import SAFEGUARDING_NOT_NEW, Contact, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "body",
    [
        "I got a bruise on my knee at football and my carer put ice on it. When is my review?",
        "the contact centre locked us out in the rain for ten minutes because the worker was"
        " late. not good enough",
        "we made pizzas in food tech and the teacher said to be careful with the knives. can i"
        " do cooking club",
        "Our tortoise went missing from the garden and my daughter is very upset. Does the"
        " council have a lost pets number?",
        "me and the gang from year 9 are going bowling on saturday, do i need to ask my social"
        " worker",
    ],
)
def test_an_ordinary_day_told_in_words_of_harm_is_not_referred(
    rulebook: Rulebook, body: str
) -> None:
    """Not referred, and staff are asked to read it (every contact is in the reading queue)."""
    decision = triage(Contact(subject="", body=body), rulebook, today=TODAY)
    assert not decision.safeguarding, decision.fired
    assert SAFEGUARDING_NOT_NEW in decision.rule_ids


@pytest.mark.parametrize(
    "body",
    [
        "he said he will kill me",
        "my stepdad said he would kill me if i told",
        "my stepdad wont let me leave the house",
        "she has bruises on her face and says her dad did it",
        "the baby has a bruise on his cheek",
        "the kids are left home alone all night",
        "im home alone again, theres not enough food",
        "my brother is in a gang and they make me hold knives",
        "he brought a knife to my house",
        "she went missing on friday and hasnt come back",
    ],
)
def test_the_same_words_in_a_disclosure_refer(rulebook: Rulebook, body: str) -> None:
    decision = triage(Contact(subject="", body=body), rulebook, today=TODAY)
    assert decision.safeguarding, decision.fired
