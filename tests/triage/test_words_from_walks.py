"""Wording staff met walking heard by hand (issue 23 item 4's session notes, not corpus text):
a visit not made for months and family time called off matched no category, and a 13-year-old
who said they were in care was read as a child in need, or, "in care since I was 9", as
writing about events four years old."""

from __future__ import annotations

import pytest

from cases.enums import Route
from tests.triage.conftest import decided
from triage.rulebook import Rulebook


def categories(rulebook: Rulebook, body: str) -> list[str]:
    return [category for category, _, _ in decided(rulebook, body).issues]


@pytest.mark.parametrize(
    "body",
    [
        "My son has not had a visit since January.",
        "My daughter hasn't had a visit from her social worker since January.",
        "We have had no visit from anyone for four months.",
        "His social worker never comes to see him.",
    ],
)
def test_a_visit_not_made_is_a_delayed_or_failed_service(rulebook: Rulebook, body: str) -> None:
    assert "delayed_or_failed_service" in categories(rulebook, body)


@pytest.mark.parametrize(
    "body",
    [
        "family time cancelled twice",
        "Our family time was cancelled twice and nobody said why.",
        "My contact sessions keep getting cancelled.",
    ],
)
def test_family_time_called_off_is_a_broken_promise(rulebook: Rulebook, body: str) -> None:
    assert "broken_promise" in categories(rulebook, body)


@pytest.mark.parametrize(
    "body",
    [
        "I'm 13 and in care. My social worker never comes to see me.",
        "im 13 and in care and my sw never visits",
        "I am 13, in care, and I want a new social worker.",
        "I'm 13 and I've been in care since I was 9. My social worker never rings me back.",
    ],
)
def test_a_child_who_says_they_are_in_care_is_looked_after(
    rulebook: Rulebook, body: str
) -> None:
    decision = decided(rulebook, body)
    assert decision.complainant_type == "looked_after_child", decision.fired
    assert decision.route == Route.STATUTORY
    assert not decision.out_of_time


def test_an_adult_in_care_since_childhood_still_writes_about_the_past(rulebook: Rulebook) -> None:
    decision = decided(rulebook, "I'm 24 now. I was in care since I was 9 and nobody helped me.")
    assert "time.age_then" in decision.rule_ids


@pytest.mark.parametrize(
    "body",
    [
        "My son is not safe",
        "my kids are not safe",
        "My daughter isn't safe.",
        "im not safe",
        "We were not safe with him.",
    ],
)
def test_a_child_said_to_be_not_safe_is_referred(rulebook: Rulebook, body: str) -> None:
    """walkerE sent "My son is not safe" to a running heard: nothing referred it, and the
    parent was acknowledged. When in doubt, refer."""
    decision = decided(rulebook, body)
    assert decision.safeguarding and decision.no_automatic_reply


@pytest.mark.parametrize(
    "body",
    [
        "The play area is not safe for my son.",
        "My son is safe now and settled.",
        "my son is safe",
        "my kids are safe",
        "my son is being kept safe",
    ],
)
def test_a_place_not_safe_or_a_child_safe_is_not(rulebook: Rulebook, body: str) -> None:
    assert not decided(rulebook, body).safeguarding
