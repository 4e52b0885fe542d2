"""A settled or past matter (a disputed record, a finding closed, training) weighs down only
the safeguarding words near it: new harm told later in a long letter about records, or in a
postscript, is referred outright, as the corpus's postscripts need. The texts are written for
this test, not taken from the safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import SAFEGUARDING_NOT_NEW, Contact, Decision, settled_rules, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 3, 2)

RECORDS_COMPLAINT = (
    "I am complaining about the chronology on my daughter's file. "
    "It lists the wrong school for two years running. "
    "It gives her father's surname as mine. "
    "It says we missed a meeting in May that was cancelled by your office. "
    "The review in June was never written up. "
    "I have asked three times for this to be corrected and nobody replies. "
    "I want an apology and a corrected copy."
)


def decide(rulebook: Rulebook, body: str) -> Decision:
    return triage(Contact(subject="", body=body), rulebook, today=TODAY)


@pytest.mark.parametrize(
    "postscript",
    [
        "\n\nP.S. Her stepdad punched her in the face on Sunday and she is scared to go home.",
        "\n\nOne more thing. My son has been cutting his arms again since the weekend.",
    ],
)
def test_new_harm_after_a_records_complaint_is_referred(
    rulebook: Rulebook, postscript: str
) -> None:
    decision = decide(rulebook, RECORDS_COMPLAINT + postscript)
    assert decision.safeguarding
    assert SAFEGUARDING_NOT_NEW not in decision.rule_ids


def test_harm_inside_the_disputed_record_is_weighed_not_referred_outright(
    rulebook: Rulebook,
) -> None:
    """The words of harm sit in the sentence that disputes them: the model weighs them out,
    and a person is asked to read the contact."""
    decision = decide(
        rulebook,
        "The 2020 assessment says I hit my son with a belt. That is untrue and the police "
        "closed it the same week. I want the assessment corrected.",
    )
    assert not decision.safeguarding
    assert SAFEGUARDING_NOT_NEW in decision.rule_ids
    assert decision.uncertain


def test_the_words_for_the_mash_are_the_disclosure_not_the_complaint(
    rulebook: Rulebook,
) -> None:
    """Seen walking a records complaint with a postscript through `heard serve`: the
    referral quoted "missed" (a missed meeting) as a sign of a missing child, and the model's
    word beginnings repeated words the rules had quoted already."""
    decision = decide(rulebook, RECORDS_COMPLAINT + "\n\nP.S. Her stepdad punched her on Sunday.")
    assert decision.safeguarding
    assert "missed" not in decision.safeguarding_words
    assert "sg.missing_indirect" not in decision.rule_ids
    child = decide(
        rulebook, "made a playlist for my funeral lol. nearly time. friday doesnt matter anymore"
    )
    assert "doesnt matter anymore" in child.safeguarding_words
    assert not {"anymore", "anymo…", "doesnt", "doesn…"} & set(child.safeguarding_words)


@pytest.mark.parametrize(
    "marker", ["ps", "P.S.", "One more thing.", "There is something else.", "Separately,"]
)
def test_a_postscript_ends_a_short_texts_settled_matter(rulebook: Rulebook, marker: str) -> None:
    """A text of a few sentences is one matter, a settled one wherever its settled words
    are, but only up to a postscript: a short complaint whose plan "says" something, with a
    barred father's question after "ps", was weighed as a settled matter."""
    scanned = rulebook.scan(
        "\nThe plan says there should be a visit every six weeks. "
        f"{marker} her dad keeps asking where she goes to school now, he is not allowed contact."
    )
    matched = [rule for rule in rulebook.safeguarding if rule.fires(scanned)]
    assert matched
    assert settled_rules(scanned, rulebook, matched) == []
    without = rulebook.scan(
        "\nThe plan says there should be a visit every six weeks. "
        "Her dad keeps asking where she goes to school now, he is not allowed contact."
    )
    assert settled_rules(without, rulebook, [r for r in rulebook.safeguarding if r.fires(without)])


@pytest.mark.parametrize(
    "body",
    [
        "Complaint\nI want to kill myself\nA:D:E",  # found by test_properties' random text
        "About the school transport, e.g. the taxi. My son has been cutting his arms again.",
        "Complaint about the foster allowance e.g. the late payments. The foster dad punched him.",
    ],
)
def test_a_lone_letter_e_is_not_training(rulebook: Rulebook, body: str) -> None:
    """settled.not_a_case listed "e-learning" in a run of single words, which read as the word
    "e": "e.g." or a stray "e" made a disclosure beside it a settled matter, weighed out."""
    decision = decide(rulebook, body)
    assert decision.safeguarding
    assert SAFEGUARDING_NOT_NEW not in decision.rule_ids
