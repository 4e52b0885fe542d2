"""Retention: when a finished case's personal data is removed, as a pure rule of the case.

A council's schedule says how many years after closure each kind of record keeps its personal
data (complaint records 6 years, compliments 2 by default). A case under legal hold is never
touched; one flagged for safeguarding or child protection (it may bear on child sexual abuse)
waits until a person has reviewed it. What is removed is the personal data only: every count
the annual report makes stays (store/retention.py keeps them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cases.enums import CaseStatus, NotLoggedReason, RecordKind

FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.NOT_LOGGED})
CHILD_PROTECTION = frozenset(
    {NotLoggedReason.S47_CHILD_PROTECTION, NotLoggedReason.SAFEGUARDING_REFERRAL}
)


class Retention(StrEnum):
    """Where a case stands against the schedule."""

    OPEN = "open"  # not finished: nothing is due
    KEPT = "kept"  # finished; its personal data is kept until `due_on`
    DUE = "due"  # past `due_on`: anonymised by the next run
    HELD = "held"  # legal hold: never touched
    AWAITS_REVIEW = "awaits review"  # flagged; a person must review it before it is removed
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class Schedule:
    years_after_closure: dict[str, int]  # a RecordKind value, or "default"
    keep_flagged_until_reviewed: bool = True

    def years_for(self, kind: RecordKind) -> int:
        return self.years_after_closure.get(kind.value, self.years_after_closure["default"])


@dataclass(frozen=True)
class CaseFacts:
    """What the rule reads of a case."""

    record_kind: RecordKind
    status: CaseStatus
    finished_on: date | None  # closed or withdrawn; a not-logged contact: the day received
    flagged: bool  # a safeguarding referral or a child protection reason
    reviewed: bool  # a person reviewed the flag and let the schedule apply
    held: bool
    anonymised: bool
    # an Ombudsman's enquiry not yet decided: the council answers it from the case's records
    ombudsman_open: bool = False


@dataclass(frozen=True)
class Standing:
    retention: Retention
    due_on: date | None  # when the personal data goes (or would, but for a hold or flag)


def is_flagged(*, safeguarding: bool, not_logged_reason: NotLoggedReason | None) -> bool:
    return safeguarding or not_logged_reason in CHILD_PROTECTION


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def standing(facts: CaseFacts, *, schedule: Schedule, today: date) -> Standing:
    if facts.anonymised:
        return Standing(Retention.ANONYMISED, None)
    if facts.status not in FINISHED or facts.finished_on is None:
        return Standing(Retention.OPEN, None)
    due_on = add_years(facts.finished_on, schedule.years_for(facts.record_kind))
    if facts.held:
        return Standing(Retention.HELD, due_on)
    if today < due_on:
        return Standing(Retention.KEPT, due_on)
    if facts.flagged and schedule.keep_flagged_until_reviewed and not facts.reviewed:
        return Standing(Retention.AWAITS_REVIEW, due_on)
    return Standing(Retention.DUE, due_on)


def erasure_refused(facts: CaseFacts) -> str | None:
    """Why a request to erase a case's personal data now, before the schedule would, cannot be
    met (None when it can): the same protections the schedule keeps. An open case is still
    being handled; a legal hold is released first; so is an Ombudsman's enquiry, decided first
    (UK GDPR article 17(3)(e): the records defend the council's handling; walkerI erased a
    closed case whose enquiry had come the same day); a case flagged for safeguarding or child
    protection is reviewed by a person first."""
    if facts.anonymised:
        return "its personal data has been removed already"
    if facts.status not in FINISHED or facts.finished_on is None:
        return "it is still open: close or withdraw it first"
    if facts.held:
        return "it is under legal hold: release it first"
    if facts.ombudsman_open:
        return (
            "the Ombudsman's enquiry is open, and the council answers it from these records: "
            "record its decision first"
        )
    if facts.flagged and not facts.reviewed:
        return (
            "it is flagged for safeguarding or child protection: a person reviews it first "
            "(retention-reviewed)"
        )
    return None
