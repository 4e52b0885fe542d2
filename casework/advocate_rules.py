"""Who may be recorded as a complainant's advocate, and when letters may be copied to them: one
set of rules for the CLI, the Slack modal and any other door (casework.records.record_advocate
applies them too), so a value refused at one door is refused, in the same words, at every other.

Copies of letters carry the family's details, and go by email, so consent to copy needs an
advocate with a name and an email address; before, only Slack's modal and the CLI said so, each
in its own words, and record_advocate took consent with no address to copy to.
"""

from __future__ import annotations

from collections.abc import Mapping

from cases.procedure import ProcedureError
from casework.person_text import LONGEST, shape_problem
from org.addresses import is_email

NAME, EMAIL = "name", "email"
COPIES_NEED_A_NAME = "Copies of letters go to a named advocate: give their name and email address"
COPIES_NEED_AN_EMAIL = "Copies of letters go by email: give the advocate's email address"


class AdvocateRefused(ProcedureError):
    """An advocate the rules refuse; `problems` holds each field's message (NAME, EMAIL)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


def advocate_problems(
    name: str | None, email: str | None, *, consent_to_copy: bool
) -> dict[str, str]:
    """What is wrong with an advocate as typed (field -> message; empty: nothing), one message a
    field: consent with no name is said once, at the name, which asks for both."""
    typed = (name or "").strip()
    name = " ".join(typed.split())
    email = (email or "").strip()
    problems: dict[str, str] = {}
    if shaped := shape_problem("The advocate's name", typed, longest=LONGEST[NAME]):
        problems[NAME] = shaped
    elif not name:
        problems[NAME] = COPIES_NEED_A_NAME if consent_to_copy else "Give the advocate's name"
    if email and (len(email) > LONGEST[EMAIL] or not is_email(email)):
        problems[EMAIL] = (
            f"{email[:60]!r} is not an email address: it should look like name@example.org"
        )
    elif not email and consent_to_copy and problems.get(NAME) != COPIES_NEED_A_NAME:
        problems[EMAIL] = COPIES_NEED_AN_EMAIL
    return problems
