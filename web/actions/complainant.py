"""Correct the complainant's details: the form on the case page holds their name, email address
and phone as heard holds them, for staff to correct (a typo from a logged call, a mail display
name such as "mum2kids", a married name), as Slack's "Correct details…" and `heard case REF
complainant` do, through the same use case and the same rules (casework.complainant_rules),
each problem shown beside its field. Not offered once retention removed the case's personal
data: there is nothing left to correct."""

from __future__ import annotations

from typing import Any

from cases.permissions import StaffAction
from cases.procedure import ProcedureError
from casework.complainant_details import correct_complainant, held_details
from casework.complainant_rules import (
    EMAIL,
    FIELDS,
    NAME,
    PHONE,
    DetailsRefused,
    correction,
    said,
)
from casework.person_text import LONGEST
from web.actions.base import Act, RefusedField, WebAction
from web.actions.fields import Field

NOTHING_CHANGED = "nothing changed: these are the details heard holds; correct one, or go back"


def _fields(act: Act) -> tuple[Field, ...]:
    held = held_details(act.session, act.case)
    return (
        Field(NAME, "Name", hint="As letters should greet them: not an email display name "
              "such as mum2kids.", max_length=LONGEST[NAME], initial=held[NAME],
              missing="Enter the complainant's name"),
        Field(EMAIL, "Email address", required=False, max_length=LONGEST[EMAIL],
              initial=held[EMAIL]),
        Field(PHONE, "Phone number", required=False, max_length=LONGEST[PHONE],
              initial=held[PHONE]),
    )  # fmt: skip


def _typed_wrong(values: dict[str, Any]) -> dict[str, str]:
    """Every problem that needs no look at the case (a malformed email and a blank name
    together), shown at once; a value blanked where one is held is refused on Save."""
    return correction({}, {field: str(values.get(field) or "") for field in FIELDS}).problems


def _correct(act: Act, values: dict[str, Any]) -> str:
    typed = {field: str(values.get(field) or "") for field in FIELDS}
    try:
        changed = correct_complainant(act.service, act.session, case=act.case, typed=typed,
                                      actor=act.actor)  # fmt: skip
    except DetailsRefused as refused:
        for field, problem in refused.problems.items():  # the first, beside its field
            raise RefusedField(field, ProcedureError(problem)) from None
        raise
    if not changed:
        raise RefusedField(NAME, ProcedureError(NOTHING_CHANGED))
    return f"Corrected the complainant's {said(changed)} on {act.case.reference}"


CORRECT_COMPLAINANT = WebAction(
    "complainant", "Correct the complainant's details", StaffAction.CORRECT_COMPLAINANT, None,
    _fields, _correct, NAME, needs="details", check=_typed_wrong, shows_details=True,
)  # fmt: skip
