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


def first_inbound(session: Session, *, case_id: int) -> Correspondence | None:
    """The message that opened the case (what a MASH referral quotes)."""
    statement = (
        select(Correspondence)
        .where(Correspondence.case_id == case_id, Correspondence.direction == Direction.INBOUND)
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
