"""A child writing a formal letter that names no age, school, carer or family member reads as
a child by all its words (the young-voice model), so no automatic mail goes to them; adults
whose words place them (a parent, a solicitor's client) are acknowledged as before, and a rule
file may turn the model off. The texts are written for this test, not taken from the
safeguarding corpus."""

from __future__ import annotations

import pytest

import bench.young_voice_model as training
from tests.safeguarding_corpus.check import SPENT_PARTS, Item, Part
from tests.triage.conftest import decided
from triage.engine import YOUNG_VOICE
from triage.rulebook import Rulebook

CHILD = "a child is writing"

FORMAL_CHILDREN = [
    "Dear Sir or Madam,\n\nI would like to complain about the way my request for a new bike was"
    " dealt with. I asked in September and was told I would hear back, but nobody has replied"
    " and I have had to borrow one to get to practice.\n\nYours faithfully,\nLeon Baptiste",
    "To whom it may concern,\n\nI was promised that I could choose the colour of my room when I"
    " moved in, and I still have not been allowed to. I have asked politely three times. I would"
    " like a date for when this will happen.\n\nThank you,\nKeira",
    "Hello,\n\nI am writing to ask why I am not allowed to go to the cinema with my friends on a"
    " Saturday without an adult. Everyone else is allowed and I feel left out. Please could"
    " someone explain the rule to me.\n\nMaisie",
]


@pytest.mark.parametrize("body", FORMAL_CHILDREN)
def test_a_child_writing_formally_naming_nothing_gets_no_automatic_mail(
    rulebook: Rulebook, body: str
) -> None:
    decision = decided(rulebook, body)
    assert CHILD in decision.no_automatic_reply
    assert YOUNG_VOICE in decision.rule_ids


@pytest.mark.parametrize(
    "body",
    [
        "To whom it may concern,\n\nI want to make a formal complaint about the social worker who"
        " visited on Tuesday. She arrived an hour late and left after ten minutes without"
        " speaking to my son.\n\nKind regards,\nPaul Ellis",
        "Hello,\n\nI am writing on behalf of my client regarding the delay in the assessment."
        " Please treat this as a stage 1 complaint.\n\nRegards,\nAnna Price",
        "Dear Sir or Madam,\n\nPlease can you tell me who I should speak to about the contact"
        " centre's opening hours? The visits are always on weekdays and I work.\n\nThanks,\nCarl",
    ],
)
def test_an_adults_formal_letter_is_acknowledged_as_usual(rulebook: Rulebook, body: str) -> None:
    assert CHILD not in decided(rulebook, body).no_automatic_reply


def test_a_rule_file_may_turn_the_model_off(rulebook: Rulebook) -> None:
    without = Rulebook(
        rulebook.spec.model_copy(update={"young_voice_model": False}), source=rulebook.source
    )
    assert without.young_voice_model is None
    assert CHILD not in decided(without, FORMAL_CHILDREN[0]).no_automatic_reply


def test_the_model_is_fitted_on_dev_and_the_spent_parts_only(
    rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is read here: the part loader notes which parts were asked for."""
    read: list[Part] = []

    def load_part(part: Part) -> list[Item]:
        read.append(part)
        return []

    monkeypatch.setattr(training, "load_part", load_part)
    training.read_parts(rulebook)
    assert read == [Part.DEV, *SPENT_PARTS]
