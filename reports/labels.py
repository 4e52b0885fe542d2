"""The words a report prints for the stable values stored in the database."""

from __future__ import annotations

from functools import cache

from cases import enums

_OVERRIDES = {
    "informal": "Pre-complaint",
    "not_recorded": "Not recorded",
    "resolved_early": "Resolved",
    "not_applicable": "N/A",
    "stage": "Stage not recorded",
    "ombudsman": "LGSCO",
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
