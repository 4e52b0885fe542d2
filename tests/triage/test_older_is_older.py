"""The words "older boys" and "an older boyfriend" are signs of exploitation; "a 14-year-old boy" and "a
40 year old man" are ages. The phrase matcher reads a word as written and as its dictionary form,
and "older"'s is "old", so the two phrases matched every age (dev-3924: a gym's 14-year-old boy
asking about protein shakes was weighed as exploitation). Both now match "older" as written."""

from __future__ import annotations

import pytest

from tests.triage.conftest import quoted
from triage.rulebook import Rulebook

RULES = ("sg.exploitation_indirect", "sg.sexual_harm")


@pytest.mark.parametrize(
    "body",
    [
        "A 14-year-old boy asked whether he could lift heavy weights.",
        "My son is a 15 year old boy who loves football.",
        "He is a 40 year old man with no criminal record.",
        "She still talks to her old boyfriend from primary school.",
    ],
)
def test_an_age_is_not_an_older_boy(rulebook: Rulebook, body: str) -> None:
    assert quoted(rulebook, body, *RULES) == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("She hangs around with older boys from the estate.", "older boys"),
        ("He is out every night with older lads in cars.", "older lads"),
        ("My daughter (14) has an older boyfriend who picks her up.", "older boyfriend"),
    ],
)
def test_older_boys_still_are(rulebook: Rulebook, body: str, words: str) -> None:
    assert words in quoted(rulebook, body, *RULES)
