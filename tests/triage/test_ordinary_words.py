"""A harm word whose own words say it is ordinary (a `refers` rule's `ordinary` phrases: "a
bruise from netball", "my cat has gone missing") is weighed by the safeguarding model, not
referred outright; the rule's other matches in the same sentence, and every plain disclosure
(tests/triage/test_plain_disclosures), still refer. The texts are written for this test, not
taken from the safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from bench.safeguarding_model import rules_match
from triage.engine import Contact, triage
from triage.rulebook import Rulebook


def referred(rulebook: Rulebook, body: str) -> bool:
    return triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2)).safeguarding


@pytest.mark.parametrize(
    "body",
    [
        "i got a bruise on my leg playing netball, can i still go on the trip",
        "our cat went missing last week and my carer said to ask you what to do",
        "my social worker is gonna kill me cos i lost my bus pass again",
        "we used the sharp knives in food tech today and made a curry",
        "our coach made us run suicides at hockey and im aching",
        "i cant go on the geography trip because nobody signed my consent form",
        "the new reviewing officer is nice and im not frightened of her. can my review be at school",
    ],
)
def test_an_ordinary_use_of_a_harm_word_is_weighed_not_referred_outright(
    rulebook: Rulebook, body: str
) -> None:
    refers, weighed, _ = rules_match(body, rulebook)
    assert weighed and not refers
    decision = triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
    assert not decision.safeguarding
    # staff are asked to read it, and told why in words that fit an ordinary use
    assert any("past, settled or ordinary matter" in why for why in decision.uncertain)


@pytest.mark.parametrize(
    "body",
    [
        "she has a bruise from netball and a black eye from her dad",  # another match: refers
        "my stepdad is gonna kill me cos i told my teacher",  # telling is no mishap
        "he said he will kill me if i tell anyone",
        "my son and the dog went missing last night",  # weighed, and the model refers it
        "i want to do suicide",  # only the drill's plural is ordinary
        "the gang from school beat me up",
        "i cant go on like this",  # not a trip
        "im scared of him, he hits me",
    ],
)
def test_a_disclosure_beside_ordinary_words_still_refers(rulebook: Rulebook, body: str) -> None:
    assert referred(rulebook, body)


def test_one_more_time_and_i_will_kill_him_is_weighed_not_referred_outright(
    rulebook: Rulebook,
) -> None:
    """A sibling's idiom is weighed, and the model decides on the rest of the text; a threat
    beside a disclosure still refers (above: "he said he will kill me if i tell anyone")."""
    refers, weighed, _ = rules_match(
        "if my sister reads my diary one more time im going to kill her", rulebook
    )
    assert weighed and not refers
