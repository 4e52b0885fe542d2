"""How `heard cases show` words a deadline: a statutory stage 2 runs to 65 working days
without the complainant's agreement, so no agreement is printed (found walking: "agreed
None"); one agreed says when."""

from __future__ import annotations

from datetime import date

from cases.calendar import WorkingCalendar
from cli.case_text import _deadline_line
from store.models import Deadline


def line(agreed_on: date | None) -> str:
    deadline = Deadline(case_id=1, rule="statutory_2", start_on=date(2026, 12, 7),
                        due_on=date(2027, 1, 13), extended_to=date(2027, 3, 10),
                        extension_agreed_on=agreed_on)  # fmt: skip
    return _deadline_line(deadline, calendar=WorkingCalendar(), today=date(2026, 12, 7))


def test_an_extension_without_agreement_says_none_was_needed() -> None:
    assert "(extended from Wednesday 13 January 2027)" in line(None) and "None" not in line(None)
    agreed = line(date(2026, 12, 7))
    assert "(extended from Wednesday 13 January 2027, agreed 7 December 2026)" in agreed
