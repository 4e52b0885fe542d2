"""A service that "has been cut" (short breaks, respite nights, hours) is not FGM's "be cut", and
a team that "deals with" complaints is not drug dealing: neither phrase rule fires on them, so a
parent's complaint about a cut to a disabled child's short breaks is not referred for the
words alone. FGM's "cut" and a child "dealing" for older boys still are. The texts are written
for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import decided
from triage.rulebook import Rulebook

FGM_INDIRECT = "sg.forced_marriage_fgm_indirect"
EXPLOITATION_INDIRECT = "sg.exploitation_indirect"


@pytest.mark.parametrize(
    "body",
    [
        "I want to complain that my son's respite nights were cut from four a month to two in"
        " September without anyone assessing him. He is 9 and autistic and the nights away are"
        " what keep our family going.",
        "Her support hours have been cut again and nobody has told us why.",
    ],
)
def test_a_service_cut_is_not_fgm(rulebook: Rulebook, body: str) -> None:
    assert FGM_INDIRECT not in decided(rulebook, body).rule_ids


def test_a_complaint_about_cut_respite_is_not_referred(rulebook: Rulebook) -> None:
    """The model alone may still weigh "cut" with other words; this letter it does not."""
    body = (
        "I want to complain that my son's respite nights were cut from four a month to two in"
        " September without anyone assessing him. He is 9 and autistic and the nights away are"
        " what keep our family going."
    )
    assert not decided(rulebook, body).safeguarding


@pytest.mark.parametrize(
    "body",
    [
        "My niece is going to be cut when they take her to Sudan this summer.",
        "My neighbour's girls have been told they will be cut on the trip home in August.",
    ],
)
def test_fgm_cut_still_refers(rulebook: Rulebook, body: str) -> None:
    decision = decided(rulebook, body)
    assert FGM_INDIRECT in decision.rule_ids and decision.safeguarding


def test_a_team_that_deals_with_complaints_is_not_dealing(rulebook: Rulebook) -> None:
    body = "The family next door keep leaving their bins across my drive and I want to know who deals with it."
    decision = decided(rulebook, body)
    assert EXPLOITATION_INDIRECT not in decision.rule_ids and not decision.safeguarding


def test_a_child_dealing_for_older_boys_still_refers(rulebook: Rulebook) -> None:
    body = "My son is 14 and older boys have him dealing for them after school, he comes home with cash."
    decision = decided(rulebook, body)
    assert EXPLOITATION_INDIRECT in decision.rule_ids and decision.safeguarding
