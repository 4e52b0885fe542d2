"""A case's version: every change to a case moves it on by one with a compare-and-set, so of
two people clicking at once one change applies and the other is told."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from store.models import Case
from store.types import table_of

_CASES = table_of(Case)


class ConcurrentChange(Exception):
    """Someone else changed the case first; the caller shows the fresh card instead."""


def bump_version(session: Session, case: Case) -> None:
    """Compare-and-set on the version read with the case: the loser of a race gets 0 rows."""
    seen = case.version
    updated = session.connection().execute(
        sa.update(_CASES)
        .where(_CASES.c.id == case.id, _CASES.c.version == seen)
        .values(version=seen + 1, updated_at=sa.func.now())
    )
    if updated.rowcount != 1:
        raise ConcurrentChange(f"{case.reference} was changed by someone else")
    case.version = seen + 1
    session.add(case)
    session.flush()
