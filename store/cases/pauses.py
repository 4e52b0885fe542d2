"""A case's pauses, as the pause use cases (casework/pauses.py) and the pause form read them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store.models import Case, CasePause


def current_pause(session: Session, case: Case) -> CasePause | None:
    """The pause not yet resumed, if any."""
    statement = select(CasePause).where(
        CasePause.case_id == case.id, col(CasePause.resumed_on).is_(None)
    )
    return session.exec(statement.order_by(col(CasePause.id).desc())).first()
