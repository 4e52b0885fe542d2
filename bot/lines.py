"""What the bot says about cases in a line of text (ephemeral answers, the slash command):
references, kinds, statuses and dates only, never names or complaint text."""

from __future__ import annotations

from sqlmodel import Session

from cases.day_words import long_day
from store.cases.queries import CaseRow, get_case, next_due


def summary(session: Session, reference: str) -> str:
    case = get_case(session, reference=reference)
    if case is None or case.id is None:
        return f"There is no case {reference}."
    due = next_due(session, case_id=case.id)
    return (
        f"{case.reference}: {case.record_kind.label}, {case.status.label}"
        + (f", {case.stage.label}" if case.stage else "")
        + (f", next deadline {long_day(due)}" if due else "")
    )


def case_rows(rows: list[CaseRow], *, empty: str) -> str:
    lines = [
        f"{row.reference}: {row.status.label}"
        + (f", due {long_day(row.next_due)}" if row.next_due else "")
        for row in rows
    ]
    return "\n".join(lines) or empty
