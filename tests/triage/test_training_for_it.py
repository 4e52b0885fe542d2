"""sg.radicalisation set aside any sentence with "training" in it, meant for staff training on
Prevent; but "training for when it kicks off" is itself a sign (batch 59's dev-3947, a cousin's
"replaced" videos, referred by the model alone). Only training named as a course, a session
or staff's is set aside now. Counted first: the change refers nothing new and drops nothing
in dev or the spent sealed parts. The texts are written for this test."""

from __future__ import annotations

import pytest

from tests.triage.conftest import quoted
from triage.rulebook import Rulebook


def test_training_for_a_fight_does_not_set_the_words_aside(rulebook: Rulebook) -> None:
    body = "He says white people are being replaced and we are training for the race war."
    assert "race war" in quoted(rulebook, body, "sg.radicalisation")


@pytest.mark.parametrize(
    "body",
    [
        "Our Prevent training covered extremist groups online.",
        "The training session on extremism was cancelled twice.",
    ],
)
def test_staff_training_still_sets_them_aside(rulebook: Rulebook, body: str) -> None:
    assert quoted(rulebook, body, "sg.radicalisation") == []
