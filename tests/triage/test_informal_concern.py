"""The informal-concern rule (kind.informal): a quick fix a manager can make at first contact is
a pre-complaint, whatever else the writer mentions in passing.

Its `unless` phrases are judged over the whole text, as every kind rule's are, so a mere
mention of a formal complaint, or "week" anywhere (a visit next week, a call back two weeks
late), used to make it a formal complaint (issue 23's leftovers)."""

from __future__ import annotations

from datetime import date

import pytest

from cases.enums import RecordKind
from triage.engine import Contact, triage
from triage.rulebook import Rulebook


def kind_of(rulebook: Rulebook, body: str) -> RecordKind:
    contact = Contact(subject="Call back", body=body, mailbox_kind=RecordKind.COMPLAINT)
    return triage(contact, rulebook, today=date(2026, 12, 7)).record_kind


@pytest.mark.parametrize(
    "body",
    [
        "I don't want to make a formal complaint, I just need someone to call me back about my "
        "son's contact.",
        "Before I make a formal complaint, can someone call me back about my daughter's review?",
        "This is not a formal complaint. Can someone ring me about my son's visit?",
        "If nobody calls me back by Friday I will make a formal complaint. Can someone ring me?",
        "I have not had a call back for two weeks about my son's contact session, could someone "
        "ring me?",
        "I have been waiting a week for a call back, please can someone call me.",
        "Please can someone call me back about my daughter's visit next week.",
        "Nobody has called me back about contact for the last 3 weeks, can someone ring me please.",
        "Can someone ring me about my son's review next month?",
    ],
)
def test_a_quick_fix_stays_informal_whatever_it_mentions(rulebook: Rulebook, body: str) -> None:
    assert kind_of(rulebook, body) == RecordKind.PRE_COMPLAINT


@pytest.mark.parametrize(
    "body",
    [
        "I wish to make a formal complaint, nobody has called me back about my son's review.",
        "I'd like to make a formal complaint. Nobody has called me back about my son's review.",
        "We would like to make a formal complaint. No one has called me back about the review.",
        "Please treat this as a formal complaint: nobody has called me back about my son's review.",
        "This is a formal complaint. Nobody has called me back about my son's review.",
        "I want this to go to stage 1. Nobody has called me back about my son's review.",
        "I have been waiting months for a call back about my son's review, can someone ring me.",
        "I have asked again and again for a call back. Can someone ring me?",
        "The social worker was rude to me. Can someone ring me?",
    ],
)
def test_asking_for_a_formal_complaint_or_a_long_running_matter_is_not_informal(
    rulebook: Rulebook, body: str
) -> None:
    assert kind_of(rulebook, body) == RecordKind.COMPLAINT
