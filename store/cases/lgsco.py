"""A case's Ombudsman enquiries and recommendations, as the Ombudsman use cases
(casework/ombudsman.py), the card and the CLI read them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from cases.enums import RecommendationStatus
from store.models import Case, LgscoCase, LgscoRecommendation, LgscoRecommendationUpdate


def open_enquiry(session: Session, case: Case) -> LgscoCase | None:
    statement = select(LgscoCase).where(
        LgscoCase.case_id == case.id, col(LgscoCase.decided_on).is_(None)
    )
    return session.exec(statement.order_by(col(LgscoCase.id).desc())).first()


def latest_enquiry_id(session: Session, *, case: Case) -> int | None:
    """The id of the case's most recent Ombudsman enquiry, decided or not."""
    statement = select(LgscoCase.id).where(LgscoCase.case_id == case.id)
    return session.exec(statement.order_by(col(LgscoCase.id).desc())).first()


def recommendations_of(session: Session, *, case: Case) -> list[LgscoRecommendation]:
    """The case's Ombudsman recommendations in the order recorded: `heard cases show` and
    `heard case REF recommendation-status N` number them 1, 2, … in this order."""
    statement = select(LgscoRecommendation).where(LgscoRecommendation.case_id == case.id)
    return list(session.exec(statement.order_by(col(LgscoRecommendation.id))))


def still_open(rows: list[LgscoRecommendation]) -> bool:
    """Whether some recommendation is not completed yet: the card then offers to record a step
    on it (the council owes the Ombudsman evidence of each)."""
    return any(row.status != RecommendationStatus.COMPLETED for row in rows)


def latest_notes(session: Session, *, case: Case) -> dict[int, str]:
    """Each recommendation's latest note (what was done, the evidence, or why not), by id."""
    statement = (
        select(LgscoRecommendationUpdate)
        .join(
            LgscoRecommendation,
            col(LgscoRecommendation.id) == LgscoRecommendationUpdate.recommendation_id,
        )
        .where(LgscoRecommendation.case_id == case.id)
        .order_by(col(LgscoRecommendationUpdate.id))
    )
    return {row.recommendation_id: row.note for row in session.exec(statement) if row.note}
