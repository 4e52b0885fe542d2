"""Read-side queries for the CLI, Slack and exports: public shapes only unless asked."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from cases.enums import CaseStatus
from store import audit
from store.models import Case, CasePublic, Deadline, Issue, Stage


def list_cases(
    session: Session,
    *,
    status: CaseStatus | None = None,
    limit: int = 100,
    automated: bool = False,
) -> list[CasePublic]:
    """Cases, newest first; or with `automated`, the automated mail kept apart from them
    (auto-replies, out-of-office notes, mailing lists and bounces that matched no case): stored
    so nothing is lost, but not complaints, so not in the team's list."""
    statement = (
        select(Case)
        .where(Case.automated == automated)
        .order_by(col(Case.received_at).desc())
        .limit(limit)
    )
    if status is not None:
        statement = statement.where(Case.status == status)
    found = session.exec(statement)
    return [CasePublic.model_validate(case, from_attributes=True) for case in found]


def count_automated(session: Session) -> int:
    statement = select(func.count()).select_from(Case).where(col(Case.automated))
    return session.exec(statement).one()


def get_case(session: Session, *, reference: str) -> Case | None:
    return session.exec(select(Case).where(Case.reference == reference.upper())).first()


def case_detail(session: Session, *, case: Case) -> dict[str, Any]:
    """Everything staff need to see about a case, without the personal data."""
    assert case.id is not None
    public = CasePublic.model_validate(case, from_attributes=True).model_dump(mode="json")
    issues = session.exec(select(Issue).where(Issue.case_id == case.id).order_by(col(Issue.id)))
    stages = session.exec(select(Stage).where(Stage.case_id == case.id).order_by(col(Stage.id)))
    deadlines = session.exec(
        select(Deadline).where(Deadline.case_id == case.id).order_by(col(Deadline.id))
    )
    return {
        **public,
        "triage_decision": case.triage_decision,
        "triage_confirmed_at": _iso(case.triage_confirmed_at),
        "acknowledged_at": _iso(case.acknowledged_at),
        "attention_reason": case.attention_reason,
        "issues": [issue.model_dump(mode="json", exclude={"case_id"}) for issue in issues],
        "stages": [stage.model_dump(mode="json", exclude={"case_id"}) for stage in stages],
        "deadlines": [
            deadline.model_dump(mode="json", exclude={"case_id", "created_at"})
            for deadline in deadlines
        ],
        "audit": [
            {
                "at": entry.at.isoformat(),
                "actor": entry.actor,
                "action": entry.action,
                "reason": entry.reason,
            }
            for entry in audit.history(session, case_id=case.id)
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
