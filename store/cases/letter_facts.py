"""What the letters and referrals heard writes read from the database (outbound/letters.py,
outbound/mash.py). The copy of a letter it queues is kept by store/correspondence.py."""

from __future__ import annotations

from sqlmodel import Session, col, select

from cases.enums import Direction
from store.models import (
    CasePause,
    Correspondence,
    Issue,
    IssueOutcome,
    LgscoCase,
    PartyRole,
    Person,
    Remedy,
)


def complainant(session: Session, *, case_id: int) -> Person | None:
    """The case's complainant, the first recorded if there are several."""
    statement = select(Person).where(
        Person.case_id == case_id, Person.role == PartyRole.COMPLAINANT
    )
    return session.exec(statement.order_by(col(Person.id))).first()


def has_written_before(session: Session, *, case_id: int) -> bool:
    """Whether heard or staff have sent anything on the case by email."""
    statement = select(Correspondence.id).where(
        Correspondence.case_id == case_id, Correspondence.direction == Direction.OUTBOUND
    )
    return session.exec(statement).first() is not None


def sent_letters(session: Session, *, case_id: int, letter: str) -> int:
    """How many letters of this kind (record_letter's `letter`: "decision", "response", ...)
    the case has had, sent or kept unsent."""
    statement = select(Correspondence.details).where(
        Correspondence.case_id == case_id, Correspondence.direction == Direction.OUTBOUND
    )
    return sum(1 for details in session.exec(statement) if (details or {}).get("letter") == letter)


def first_inbound(session: Session, *, case_id: int) -> Correspondence | None:
    """The message that opened the case (what a MASH referral quotes): the first mail in, or
    the note of a call, letter or visit staff logged it from."""
    statement = (
        select(Correspondence)
        .where(Correspondence.case_id == case_id, Correspondence.direction != Direction.OUTBOUND)
        .order_by(col(Correspondence.id))
        .limit(1)
    )
    return session.exec(statement).first()


def latest_pause(session: Session, *, case_id: int) -> CasePause | None:
    statement = select(CasePause).where(CasePause.case_id == case_id)
    return session.exec(statement.order_by(col(CasePause.id).desc())).first()


def numbered_issues(session: Session, *, case_id: int) -> dict[int, tuple[int, Issue]]:
    """The case's issues by id, each with the number the letters give it (1, 2, … in the
    order they were recorded)."""
    statement = select(Issue).where(Issue.case_id == case_id).order_by(col(Issue.id))
    return {
        issue.id: (number, issue)
        for number, issue in enumerate(session.exec(statement), start=1)
        if issue.id is not None
    }


def outcomes_of(session: Session, *, stage_id: int) -> list[IssueOutcome]:
    return list(session.exec(select(IssueOutcome).where(IssueOutcome.stage_id == stage_id)))


def remedies_of(session: Session, *, stage_id: int) -> list[Remedy]:
    return list(session.exec(select(Remedy).where(Remedy.stage_id == stage_id)))


def latest_lgsco_case(session: Session, *, case_id: int) -> LgscoCase | None:
    """The case's most recent Ombudsman enquiry (what a premature referral's letter reads)."""
    statement = select(LgscoCase).where(LgscoCase.case_id == case_id)
    return session.exec(statement.order_by(col(LgscoCase.id).desc())).first()


def newest_correspondence_id(session: Session, *, case_id: int) -> int:
    """The id of the case's newest message, or 0 (what `letters_since` counts from)."""
    statement = select(Correspondence.id).where(Correspondence.case_id == case_id)
    return session.exec(statement.order_by(col(Correspondence.id).desc())).first() or 0


def letters_since(session: Session, *, case_id: int, after_id: int) -> list[Correspondence]:
    """The letters heard wrote on the case after message `after_id` (a preview shows them)."""
    statement = select(Correspondence).where(
        Correspondence.case_id == case_id,
        Correspondence.direction == Direction.OUTBOUND,
        col(Correspondence.id) > after_id,
    )
    return list(session.exec(statement.order_by(col(Correspondence.id))))


def for_staff(letter: Correspondence) -> str:
    """What the letter writer told staff about this letter beside it, never in it (reports
    they chose to enclose that cannot go with it): the line every preview shows above it."""
    return str((letter.details or {}).get("for_staff") or "")


def advocates_copied(session: Session, *, case_id: int) -> list[Person]:
    """The case's advocates the complainant agreed may have copies of its letters."""
    statement = select(Person).where(
        Person.case_id == case_id,
        Person.role == PartyRole.ADVOCATE,
        col(Person.consent_given).is_(True),
        col(Person.email).is_not(None),
    )
    return list(session.exec(statement.order_by(col(Person.id))))
