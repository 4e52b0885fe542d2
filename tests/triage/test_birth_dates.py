"""A date of birth dates a person, and the year in a law's name dates the law, not the events
complained of: neither starts the 12-month time limit (walkers' own texts, not corpus texts)."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 3, 2)


def time_keys(rulebook: Rulebook, body: str) -> list[str]:
    decision = triage(Contact(subject="", body=body), rulebook, today=TODAY)
    return [key for key, _ in decision.fired if key.startswith("time.")]


@pytest.mark.parametrize(
    "body",
    [
        "My daughter was born 3 March 2015. The social worker has not visited since January.",
        "Child: Amy Reed, DOB 03/03/2015. The social worker has not visited.",
        "Date of birth: 2015. The social worker has not visited.",
        "My son (d.o.b. 12.1.2012) was not seen by the social worker last month.",
    ],
)
def test_a_date_of_birth_is_not_an_event_date(rulebook: Rulebook, body: str) -> None:
    assert "time.years_mentioned" not in time_keys(rulebook, body)


def test_a_past_year_of_events_still_counts(rulebook: Rulebook) -> None:
    body = "My son was born in 2015. In 2019 the social worker lied in a report about us."
    assert "time.years_mentioned" in time_keys(rulebook, body)


@pytest.mark.parametrize(
    "body",
    [
        "You did not assess my children under section 17 of the Children Act 1989 when we were "
        "made homeless.",
        "Please deal with this under the Children Act 1989 Representations Procedure (England) "
        "Regulations 2006: the social worker has not visited.",
        "Under the Data Protection Act 2018 I want to know why my son's social worker shared his "
        "school report.",
    ],
)
def test_the_year_in_a_laws_name_is_not_an_event_date(rulebook: Rulebook, body: str) -> None:
    """A route corpus text (routedev) asking for the statutory procedure under "the Children
    Act 1989" was proposed out of time, the law's year read as when it happened."""
    assert "time.years_mentioned" not in time_keys(rulebook, body)


def test_ages_ago_is_not_over_a_year_by_itself(rulebook: Rulebook) -> None:
    """Asking "ages ago" for what is still not done is a delay that goes on, not a year-old
    event (two routedev16 texts about late EHC plans were proposed out of time)."""
    body = "I asked for an EHC needs assessment ages ago and the council has been so slow."
    assert "time.over_a_year" not in time_keys(rulebook, body)
