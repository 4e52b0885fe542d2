"""A date of birth dates a person, not the events complained of: it does not start the
12-month time limit (walkers' own texts, not corpus texts)."""

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
