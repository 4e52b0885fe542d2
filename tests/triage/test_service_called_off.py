"""A service the child relies on, called off by the council or a provider, is a failed service.

Walking a SEND transport complaint, triage gave "The SEND transport team cancelled her taxi" no
category at all: the failed-service rule knew a service late or not done, the broken-promise rule
a visit or meeting cancelled, and none knew a taxi, an escort, short breaks or a care package
cancelled. The triage corpus labels "The school transport for my boy was cancelled" a delayed or
failed service, so that is the category (a service stopped or cut stays a withdrawal). The
sentences below were written for this test, each a way a resident says it; the near misses use
the same words for something else. Also here: the SEND transport team is the SEND team's, and
"the cut to our short breaks" is a withdrawal (the rule's "cut back|cuts to" read as "cut
(back|cuts) to", a choice of one word, and matched neither).
"""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook

RECEIVED = date(2026, 12, 7)
FAILED = "delayed_or_failed_service"

CALLED_OFF = [
    "The SEND transport team cancelled her taxi.",
    "They cancelled my son's school taxi without any warning.",
    "The school transport for my boy was cancelled and nobody told us.",
    "Her short breaks have been cancelled.",
    "The council has cancelled all of her respite over the summer.",
    "My son's taxi keeps getting cancelled.",
    "The provider cancelled the care package the day before it was due to start.",
    "Her passenger assistant was cancelled so she could not travel to school.",
    "The escort has been cancelled twice this week.",
]

NEAR_MISSES = [
    "We asked for the short breaks to be cancelled over Christmas.",
    "I cancelled the respite myself because she was ill.",
    "The taxi driver was rude to my daughter.",
    "Transport was arranged quickly and has been brilliant.",
    "The social worker cancelled the visit again.",
]


def issues(rulebook: Rulebook, sentence: str) -> list[tuple[str, str | None]]:
    decision = triage(Contact(subject="", body=sentence), rulebook, today=RECEIVED)
    return [(category, team) for category, team, _ in decision.issues]


@pytest.mark.parametrize("sentence", CALLED_OFF)
def test_a_service_called_off_is_a_failed_service(rulebook: Rulebook, sentence: str) -> None:
    assert FAILED in {category for category, _ in issues(rulebook, sentence)}


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_the_same_words_about_something_else_are_not(rulebook: Rulebook, sentence: str) -> None:
    assert FAILED not in {category for category, _ in issues(rulebook, sentence)}


def test_the_send_transport_team_is_the_send_teams(rulebook: Rulebook) -> None:
    assert issues(rulebook, "The SEND transport team cancelled her taxi.") == [(FAILED, "send")]


def test_a_cut_to_short_breaks_is_a_withdrawal(rulebook: Rulebook) -> None:
    found = issues(rulebook, "The cut to our short breaks hit us hard.")
    assert "denial_or_withdrawal_of_service" in {category for category, _ in found}
