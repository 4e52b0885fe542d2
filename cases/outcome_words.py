"""An issue's outcome as a letter names it to the family, with what it means, so that no point
reads "Withdrawn" or "Not applicable" alone (walkerG read "2. Staff conduct/attitude: Withdrawn"
in a stage 3 response). The name is the label heard gives the outcome everywhere (Outcome.label:
the web view, Slack, the CLI), save where staff's word would puzzle a family: "Resolved early"
is just "Resolved" to them (the annual report's word too), and "Not applicable" is "No finding"."""

from __future__ import annotations

from collections.abc import Mapping

from cases.enums import Outcome

_NAMED_FOR_THE_FAMILY: Mapping[Outcome, str] = {
    Outcome.RESOLVED_EARLY: "Resolved",
    Outcome.NOT_APPLICABLE: "No finding",
}

MEANING: Mapping[Outcome, str] = {
    Outcome.UPHELD: "We agree with your complaint about this.",
    Outcome.PARTIALLY_UPHELD: "We agree with part of your complaint about this.",
    Outcome.NOT_UPHELD: "We do not agree with your complaint about this.",
    Outcome.INCONCLUSIVE: "We could not find enough evidence to say whether things went wrong.",
    Outcome.WITHDRAWN: "You withdrew this point, so we have not looked into it any further.",
    Outcome.RESOLVED_EARLY: "This has been sorted out with you.",
    Outcome.NOT_APPLICABLE: (
        "This is not a point we could uphold or not uphold, so we have made no finding on it."
    ),
}


def in_a_letter(outcome: Outcome) -> tuple[str, str]:
    """(the outcome's name, what it means) as a letter to the family gives them."""
    return _NAMED_FOR_THE_FAMILY.get(outcome, outcome.label), MEANING[outcome]
