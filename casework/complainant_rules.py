"""What staff may correct of a complainant's details (a typo from a logged phone call, a mail
display name such as "mum2kids" that every letter then greets, a married name), and how each
typed value is checked: one set of rules for the CLI, the Slack modal and the web form, so a
value refused at one door is refused, in the same words, at every other.

A value typed blank where heard holds one is refused rather than taken as "remove it": a letter
must always have someone to greet and somewhere to go. Where heard holds no email or phone, a
blank box is simply no correction (the forms show every field, filled with what is held).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cases.procedure import ProcedureError
from casework.person_text import LONGEST, shape_problem
from org.addresses import is_email, is_phone

NAME, EMAIL, PHONE = "name", "email", "phone"
FIELDS = (NAME, EMAIL, PHONE)
# As the field is named in a message.
LABELS = {NAME: "The complainant's name", EMAIL: "The email address", PHONE: "The phone number"}
# Said in the audit trail and Slack's thread ("corrected the complainant's details: name"):
# which fields, never their values.
SAID = {NAME: "name", EMAIL: "email address", PHONE: "phone number"}


@dataclass(frozen=True)
class Correction:
    """What a correction would change (field -> new value, only fields that differ from what is
    held) and what is wrong with what was typed (field -> message); both empty: nothing changed."""

    changed: dict[str, str]
    problems: dict[str, str]


class DetailsRefused(ProcedureError):
    """Typed details the rules refuse; `problems` holds each field's message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


def correction(
    held: Mapping[str, str | None],
    typed: Mapping[str, str | None],
    *,
    ours: Collection[str] = (),
) -> Correction:
    """Check each field typed (absent or None: not given) against the rules and what is held;
    `ours` are heard's own addresses (lower case), which an email address may not be."""
    changed: dict[str, str] = {}
    problems: dict[str, str] = {}
    for field in FIELDS:
        raw = typed.get(field)
        if raw is None:
            continue
        value, problem = _checked(field, raw, held=held.get(field), ours=ours)
        if problem:
            problems[field] = problem
        elif value is not None and value != held.get(field):
            changed[field] = value
    return Correction(changed, problems)


def _checked(
    field: str, raw: str, *, held: str | None, ours: Collection[str]
) -> tuple[str | None, str | None]:
    """The value as it would be kept (None: left as it is), or what is wrong with it."""
    label = LABELS[field]
    if shaped := shape_problem(label, raw, longest=LONGEST[field]):
        return None, shaped
    value = " ".join(raw.split())
    if not value:
        if field == NAME:
            return None, "Enter the complainant's name"
        if held:
            return None, f"{label} cannot be left blank: type the corrected one"
        return None, None  # none held, none given
    if field == EMAIL and not is_email(value):
        return None, f"{label} must look like name@example.org"
    if field == EMAIL and value.lower() in ours:
        return None, f"{label} is the council's own ({value}): type the complainant's"
    if field == PHONE and not is_phone(value):
        return (
            None,
            f"{label} must be digits and spaces, perhaps starting with +, like 07700 900123",
        )
    return value, None


def said(fields: list[str]) -> str:
    """Which fields changed, as the audit trail and Slack's thread say it."""
    words = [SAID[field] for field in FIELDS if field in fields]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
