"""The Ombudsman's (LGSCO's) case reference, as every door takes it: "23 012 345" (two digits,
three, three), with or without the spaces. Other text was kept as typed on the web and the
command line while Slack refused some of it (walkerI); held here so that the doors agree."""

from __future__ import annotations

import re

from cases.procedure import ProcedureError

_SHAPE = re.compile(r"(\d{2}) ?(\d{3}) ?(\d{3})")

REFERENCE_REFUSED = (
    "The Ombudsman's reference looks like 23 012 345: two digits, then three, then three "
    "(spaces optional), as on their letter"
)

# An enquiry is recorded with the Ombudsman's reference: their letters and the council's reply
# quote it (Slack asked for it; the web and the command line took an enquiry without one).
REFERENCE_NEEDED = "Give the Ombudsman's reference from their letter or email"


def lgsco_reference(text: str | None) -> str | None:
    """The reference in its usual spacing, or None when none was given. Refused (ProcedureError,
    saying what one looks like) when it is not one."""
    given = (text or "").strip()
    if not given:
        return None
    found = _SHAPE.fullmatch(given)
    if found is None:
        raise ProcedureError(REFERENCE_REFUSED)
    return " ".join(found.groups())
