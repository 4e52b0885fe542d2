"""What a person's name, email address or phone number as staff type it may not hold, in the
same words for the complainant's details and the advocate's (casework.complainant_rules,
casework.advocate_rules): nothing invisible, nothing longer than the people table keeps."""

from __future__ import annotations

from cases.invisible import holds_invisible

LONGEST = {"name": 200, "email": 320, "phone": 40}  # the people table's columns


def shape_problem(label: str, typed: str, *, longest: int) -> str | None:
    """What is wrong with `typed`'s shape (None: nothing), `label` naming the field."""
    if holds_invisible(typed.strip()):  # cases.invisible: draws nothing, or reorders
        return f"{label} cannot hold a tab, a new line or other invisible characters"
    value = " ".join(typed.split())
    if len(value) > longest:
        return f"{label} must be {longest} characters or fewer (this is {len(value)})"
    return None
