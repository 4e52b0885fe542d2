"""The data protection records' open clocks, for `heard sar list`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from cases.enums import DeadlineRule, RecordKind
from store.models import Case, Deadline

RULES = (DeadlineRule.SUBJECT_ACCESS.value, DeadlineRule.DATA_PROTECTION_ACKNOWLEDGEMENT.value)


@dataclass(frozen=True)
class OpenClock:
    reference: str
    kind: RecordKind
    received: date
    due: date  # extended if extended
    stopped_on: date | None


def open_clocks(session: Session) -> list[OpenClock]:
    statement = (
        select(Case, Deadline)
        .join(Deadline, col(Deadline.case_id) == col(Case.id))
        .where(
            col(Deadline.rule).in_(RULES),
            col(Deadline.met_on).is_(None),
            col(Deadline.cancelled).is_(False),
        )
    )
    found = [
        OpenClock(
            # the day it arrived, which the clock counts from (not the next working day)
            case.reference, case.record_kind, clock.start_on, clock.effective_due, clock.paused_on
        )
        for case, clock in session.exec(statement)
    ]
    return sorted(found, key=lambda row: (row.due, row.reference))
