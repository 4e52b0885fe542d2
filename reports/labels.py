"""The words a report prints for the stable values stored in the database."""

from __future__ import annotations

from functools import cache

from cases import enums

# The kind of contact each not-logged reason covers (the third seed's "example" column).
NOT_LOGGED_EXAMPLES = {
    "court_related": "Care decisions under the family court's jurisdiction",
    "insufficient_interest": "A friend or family member with no standing",
    "alternative_process": "A legal, corporate, data protection or FOI route applies",
    "general_enquiry": "Anonymous enquiries, requests for data, questions",
    "out_of_time": "More than 12 months after the event, with no reason to accept it later",
    "out_of_jurisdiction": "Another council or organisation is responsible",
    "consent_not_gained": "A representative without the child's consent",
    "s47_child_protection": "Child protection enquiries are outside the procedure",
    "safeguarding_referral": "A concern for a child's safety, passed to the MASH",
    "other": "Not engaging with the process, or not enough detail to act on",
}
_OVERRIDES = {
    "informal": "Pre-complaint",
    "not_recorded": "Not recorded",
    "resolved_early": "Resolved",
    "not_applicable": "N/A",
    "stage": "Stage not recorded",
    "ombudsman": "LGSCO",
    "statutory": "Statutory",
    "corporate": "Corporate",
    "not_investigated": "Not investigated (other reason)",
    "discretion_not_to_investigate": "Discretion not to investigate",
    "closed_after_initial_enquiries": "Closed after initial enquiries",
    "premature": "Premature: referred back to the council",
    "out_of_jurisdiction": "Out of jurisdiction",
    "lgsco_remedy": "LGSCO remedies",
    "independent_investigator": "Independent investigators (stage 2)",
    "independent_person": "Independent persons (stage 2)",
    "panel_members": "Review panel members (stage 3)",
}


@cache
def _known() -> dict[str, str]:
    found: dict[str, str] = {}
    for value in vars(enums).values():
        if (
            isinstance(value, type)
            and issubclass(value, enums.Labelled)
            and value is not enums.Labelled
        ):
            for member in value:
                found.setdefault(member.value, member.label)
    return found | _OVERRIDES


def label(value: str) -> str:
    return _known().get(value) or value.replace("_", " ").capitalize()
