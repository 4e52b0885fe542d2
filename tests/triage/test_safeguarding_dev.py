"""The safeguarding tripwire's figures on the dev part of tests/safeguarding_corpus, as a
regression test: the rules and the model were written and trained on this part, so these
figures are not evidence of how heard does on new mail (the sealed part's aggregate, in the
corpus README, is). A change that loses a dev concern, or adds false alarms, fails here.
The sealed part is never read by a test."""

from __future__ import annotations

import pytest

from bench.safeguarding import Scored, load_part, score, tally
from tests.safeguarding_corpus.check import Kind, Part
from triage.rulebook import Rulebook


@pytest.fixture(scope="module")
def dev(rulebook: Rulebook) -> list[Scored]:
    return score(load_part(Part.DEV), rulebook)


def test_every_dev_concern_is_referred_with_few_false_alarms(dev: list[Scored]) -> None:
    whole = tally(dev)
    missed = [s.item.id for s in dev if s.item.concern and not s.referred]
    assert missed == []
    assert whole.precision >= 0.85, whole.line()


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_of_concern_is_referred_with_the_words_that_led_to_it(
    dev: list[Scored], kind: Kind
) -> None:
    group = [s for s in dev if kind in s.item.kinds]
    assert group
    for scored in group:
        assert scored.referred and scored.decision.safeguarding_words, scored.item.id


def test_no_automatic_mail_when_a_concern_or_a_plea_for_secrecy_is_found(
    dev: list[Scored],
) -> None:
    """A concern is held by its referral; a plea for secrecy by the secrecy rules (a child's
    own writing is held too, when triage can tell a child is writing)."""
    unheld = [
        s.item.id
        for s in dev
        if (s.item.concern or (s.item.secrecy and s.item.child_writer)) and not s.held
    ]
    assert unheld == []
