"""What the letters and referrals heard writes read from the database (outbound/letters.py,
outbound/mash.py), and the record of a letter sent, kept on the case as outbound
correspondence."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from cases.enums import Channel, Direction
from store.models import (
    CasePause,
    Correspondence,
    Issue,
    IssueOutcome,
    PartyRole,
    Person,
    Remedy,
    Stage,
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


def latest_stage(session: Session, *, case_id: int) -> Stage | None:
    statement = select(Stage).where(Stage.case_id == case_id).order_by(col(Stage.id).desc())
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


def record_letter(
    session: Session,
    *,
    case_id: int,
    at: datetime,
    message_id: str,
    subject: str,
    text: str,
    letter: str,
) -> None:
    """Keep a queued letter on the case, as the outbound correspondence staff read."""
    session.add(
        Correspondence(
            case_id=case_id,
            direction=Direction.OUTBOUND,
            channel=Channel.EMAIL,
            at=at,
            message_id=message_id,
            subject=subject,
            text=text,
            author="heard",
            details={"letter": letter},
        )
    )
