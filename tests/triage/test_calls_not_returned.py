"""Calls nobody returns are a communication complaint, however the resident puts it.

Triage missed "Nobody returned my five calls": the communication rule knew a call not returned
only when the verb was negated ("has not called me back"), not when the one who should have
called is ("nobody", "no one"), when the calls are ("none of my calls"), or when the call back
itself is what is missing ("still waiting for a call back"). The sentences below were written
for this test, each a way a resident says the same thing; the near misses beside them use the
same words for something else and stay out of communication. A bare "nobody replied" is left
out: the triage corpus labels "we asked for an assessment ... and nobody has replied" as the
service not given, not communication, so the rule wants a reply to someone or something.
"""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook

RECEIVED = date(2026, 12, 7)

NOT_CALLED_BACK = [
    "Nobody returned my five calls.",
    "No one has called me back.",
    "I rang six times and nobody got back to me.",
    "My calls are never returned.",
    "I am still waiting for a call back.",
    "Nobody has rung me back since the meeting.",
    "No-one returned my calls about the contact arrangements.",
    "I left three messages and nobody called back.",
    "Nobody ever returns my calls.",
    "No one from the assessment team has ever phoned me back.",
    "None of my calls have been returned.",
    "None of our emails were answered.",
    "We are still waiting for a callback from the team manager.",
    "I have not had a call back from anyone.",
    "I emailed the team twice and nobody replied to either email.",
    "A police officer said someone would be in touch but nobody has contacted us since.",
    "I am waiting for someone to ring me back about my son's plan.",
    "Noone answers the phone at the front door team.",
]

NEAR_MISSES = [
    "The social worker called me back the same afternoon, which I was grateful for.",
    "Nobody answered the door when the social worker visited, so she left a card.",
    "Nobody called the police when my son was hurt at the contact centre.",
    "My son has asked for his social worker to be changed and nobody has done it.",
    "No one was hurt, but the placement ended that night.",
    "I got a call back within an hour and the visit went ahead.",
]


def categories(rulebook: Rulebook, sentence: str) -> set[str]:
    decision = triage(Contact(subject="", body=sentence), rulebook, today=RECEIVED)
    return {category for category, _, _ in decision.issues}


@pytest.mark.parametrize("sentence", NOT_CALLED_BACK)
def test_a_call_not_returned_is_communication(rulebook: Rulebook, sentence: str) -> None:
    assert "communication" in categories(rulebook, sentence)


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_the_same_words_about_something_else_are_not(rulebook: Rulebook, sentence: str) -> None:
    assert "communication" not in categories(rulebook, sentence)
