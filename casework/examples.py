"""Staff choose a case as a short anonymised example for the annual report, and write the text
the report prints (the seeds print a few complaints by category and a few compliments with the
team praised and who sent them). The text is staff's own words, checked here for what would
identify someone: the case's reference, an email address, a phone number, a postcode, or any
name the case records. Choosing and removing are audited on the case with the text."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.kinds import EXAMPLE_KINDS
from casework.service import CaseService, raise_invalid
from store.cases.learning import example_of, names_on
from store.models import Case, CaseExample
from store.models.results import EXAMPLE_MAX

_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d(?:[\s-]?\d){8,}")  # nine digits or more, spaced or not
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "Tallulah's", "Smith-Jones" split
_SHORTEST_NAME = 3  # initials and titles ("Mr", "Jo") are not checked: too many false alarms
# Surnames that are also the words examples are written in ("Ravi Foster" and "a foster carer
# thanked the team"): not checked, or no foster carer's example could be chosen. Staff still
# read what they wrote; this check catches the slips, not every identifying detail.
_EVERYDAY_WORDS = frozenset(
    [
        "foster",
        "carer",
        "carers",
        "parent",
        "parents",
        "young",
        "child",
        "children",
        "mother",
        "father",
        "family",
        "care",
        "social",
        "worker",
        "workers",
        "team",
        "school",
        "home",
        "court",
        "person",
        "baby",
        "son",
        "daughter",
        "brother",
        "sister",
        "friend",
        "guardian",
        "special",
        "little",
    ]
)


def identifying(text: str, *, reference: str, names: list[str]) -> list[str]:
    """What in `text` would identify someone, in words that quote none of it (an error line
    or a log may carry them)."""
    found = []
    if reference and reference.lower() in text.lower():
        found.append("the case reference")
    for pattern, what in (
        (_EMAIL, "an email address"),
        (_PHONE, "a phone number"),
        (_POSTCODE, "a postcode"),
    ):
        if pattern.search(text):
            found.append(what)
    words = {word.lower() for word in _WORD.findall(text)}
    parts = {p.lower() for name in names for p in _WORD.findall(name) if len(p) >= _SHORTEST_NAME}
    if words & (parts - _EVERYDAY_WORDS):
        found.append("a name the case records")
    return found


def tidy(text: str) -> str:
    return " ".join(text.split())


def check_text(text: str) -> str | None:
    """Why `text` cannot be an example, before any case is looked at; None when it can."""
    tidied = tidy(text)
    if not tidied:
        return "the example is empty: write a line or two saying what it was about"
    if len(tidied) > EXAMPLE_MAX:
        return f"the example is {len(tidied)} characters: keep it to {EXAMPLE_MAX}"
    return None


def choose_example(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    text: str,
    on: date,
    actor: Actor,
    today: date,
) -> CaseExample:
    """Choose the case as an example (or rewrite the text already chosen)."""
    if case.record_kind not in EXAMPLE_KINDS:
        raise_invalid(case, f"choose a {case.record_kind.value} as an example")
    problem = check_text(text)
    if problem:
        raise_invalid(case, f"choose this example: {problem}")
    tidied = tidy(text)
    found = identifying(tidied, reference=case.reference, names=names_on(session, case=case))
    if found:
        raise_invalid(
            case, f"choose an example holding {' and '.join(found)}: write it without them"
        )
    service.event_date(case, on, today=today, what="the day it was chosen")
    assert case.id is not None
    example = example_of(session, case=case)
    before = {"example": example.text} if example else {}
    if example is None:
        example = CaseExample(case_id=case.id, text=tidied, chosen_on=on, chosen_by=str(actor))
    else:
        example.text, example.chosen_on, example.chosen_by = tidied, on, str(actor)
    session.add(example)
    session.flush()
    service.note(
        session,
        case=case,
        action=Note.EXAMPLE_CHOSEN,
        actor=actor,
        before=before,
        after={"example": tidied},
    )
    return example


def remove_example(service: CaseService, session: Session, *, case: Case, actor: Actor) -> None:
    example = example_of(session, case=case)
    if example is None:
        raise_invalid(case, "remove its example: none was chosen")
    session.delete(example)
    session.flush()
    service.note(
        session,
        case=case,
        action=Note.EXAMPLE_REMOVED,
        actor=actor,
        before={"example": example.text},
        after={},
    )
