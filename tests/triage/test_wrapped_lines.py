"""Mail hard-wrapped at a fixed width breaks lines inside sentences. A phrase already runs
across a line break, but a rule's `unless` words are judged in the same sentence, and a line
break ended a sentence: "a false allegation ... that I used to" on one line and "slap the kids"
on the next fired sg.physical_harm, as one line it did not. The texts are written for this
test."""

from __future__ import annotations

from triage.patterns import normalise
from triage.rulebook import Rulebook

DISPUTE = (
    "The record repeats a false allegation from my ex that I used to{}slap the kids when I was "
    "tired."
)


def fired(rulebook: Rulebook, text: str) -> tuple[int, list[str]]:
    scanned = rulebook.scan(f"\n{text}")
    rules = [rule.spec.id for rule in rulebook.safeguarding if rule.fires(scanned)]
    return len(scanned.sentence_starts), rules


def test_a_hard_wrapped_sentence_is_read_as_one(rulebook: Rulebook) -> None:
    assert fired(rulebook, DISPUTE.format("\n")) == fired(rulebook, DISPUTE.format(" "))
    assert fired(rulebook, DISPUTE.format("\r\n")) == (1, [])


def test_short_lines_and_lines_that_end_a_sentence_keep_their_break() -> None:
    form = "Name: Dawn Priestley\nRelationship to child: Mother\nYour complaint: late visits"
    assert normalise(form).count("\n") == 2
    letter = "I want to go home from this placement because nobody listens to me.\nthanks"
    assert "\n" in normalise(letter)
    signed = "i want to go home from this placement because nobody listens to me\nJayden, 12"
    assert normalise(signed).endswith("\njayden, 12")
