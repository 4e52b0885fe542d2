"""What a case records beyond its stages, as casework/records.py and the forms read it:
learning actions, the advocacy offer and the example staff chose the case for."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store.models import (
    Advocacy,
    Case,
    CaseExample,
    Child,
    LearningAction,
    LgscoRecommendation,
    PartyRole,
    Person,
)


def learning_actions(session: Session, *, case: Case) -> list[LearningAction]:
    """The case's learning actions in the order they were recorded: `heard cases show` and the
    CLI and Slack number them 1, 2, … in this order."""
    statement = select(LearningAction).where(LearningAction.case_id == case.id)
    return list(session.exec(statement.order_by(col(LearningAction.id))))


def advocacy_of(session: Session, *, case: Case) -> Advocacy | None:
    return session.exec(select(Advocacy).where(Advocacy.case_id == case.id)).first()


def advocate_of(session: Session, *, case: Case) -> Person | None:
    """The complainant's advocate recorded on the case, if any."""
    statement = select(Person).where(Person.case_id == case.id, Person.role == PartyRole.ADVOCATE)
    return session.exec(statement).first()


def follow_up_text(session: Session, *, what: str, row_id: int) -> str | None:
    """The words staff wrote for a learning action or an Ombudsman recommendation (`what` as
    store.digest.actions_due names it), for the email that chases it."""
    row = session.get(LearningAction if what == "Learning action" else LgscoRecommendation, row_id)
    return str(row.text) if isinstance(row, LearningAction | LgscoRecommendation) else None


def example_of(session: Session, *, case: Case) -> CaseExample | None:
    """The short example staff chose this case for, if any (one a case)."""
    return session.exec(select(CaseExample).where(CaseExample.case_id == case.id)).first()


def names_on(session: Session, *, case: Case) -> list[str]:
    """Every name the case records, of the people and the children, and the names in the
    people's email addresses ("dana.walker@..." when mail came with no display name): an
    example chosen for the report must hold none of them."""
    names = []
    for name, email in session.exec(
        select(Person.name, Person.email).where(Person.case_id == case.id)
    ):
        names.append(name or "")
        if email and "@" in email:
            names.append(email.rpartition("@")[0].replace(".", " ").replace("_", " "))
    names += [n or "" for n in session.exec(select(Child.name).where(Child.case_id == case.id))]
    return [name for name in names if name]
