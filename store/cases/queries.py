"""Read-side queries for the CLI, Slack and exports: public shapes only unless asked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from cases.enums import CaseStatus
from cases.kinds import LIVE_STATUSES
from store import audit
from store.cases.stage_reports import report_rows
from store.models import Case, CasePublic, Deadline, Issue, Person, Stage
from store.types import table_of


def get_case(session: Session, *, reference: str) -> Case | None:
    return session.exec(select(Case).where(Case.reference == reference.upper())).first()


def case_detail(session: Session, *, case: Case) -> dict[str, Any]:
    """Everything staff need to see about a case, without the personal data: the stage 2
    reports are listed (kind, type, size, when, by whom), never their content nor their file
    name, which an investigator may well make the child's name ("IO report - Jamie S.pdf"):
    the audit log keeps a file name apart as personal (store.audit), and `heard cases show
    --json` is recorded as a summary read, not a read of what the case holds. The text view,
    a full read, names the file."""
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
        "reports": [
            {
                "number": report.number,
                "kind": report.kind.value,
                "content_type": report.content_type,
                "size": report.size,
                "uploaded_at": report.uploaded_at.isoformat(),
                "uploaded_by": report.uploaded_by,
                "enclosed": report.enclosed,
            }
            for report in report_rows(session, case_id=case.id)
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


# --- what Slack shows: a case's next deadline, someone's open cases, a case's details ---------
@dataclass(frozen=True)
class CaseRow:
    reference: str
    status: CaseStatus
    next_due: date | None


def next_due(session: Session, *, case_id: int) -> date | None:
    """The earliest open deadline of a case (an extension counts), or None."""
    due = func.coalesce(Deadline.extended_to, Deadline.due_on)
    statement = select(func.min(due)).where(
        Deadline.case_id == case_id,
        col(Deadline.met_on).is_(None),
        col(Deadline.cancelled).is_(False),
    )
    return session.exec(statement).one()


def stage_due(session: Session, *, case_id: int) -> Deadline | None:
    """The open deadline of the stage opened last (not the acknowledgement): what an extension
    or a late response is measured against."""
    statement = (
        select(Deadline)
        .where(
            Deadline.case_id == case_id,
            col(Deadline.met_on).is_(None),
            col(Deadline.cancelled).is_(False),
            Deadline.rule != "acknowledgement",
        )
        .order_by(col(Deadline.id).desc())
    )
    return session.exec(statement).first()


def open_cases_held_by(session: Session, *, assignee: str, limit: int = 200) -> list[CaseRow]:
    statement = (
        select(Case)
        .where(Case.assignee == assignee, col(Case.status).in_(LIVE_STATUSES))
        .order_by(col(Case.id))
        .limit(limit)
    )
    return _rows(session, session.exec(statement))


def open_cases_of_teams(
    session: Session, *, team_ids: Iterable[str], limit: int = 200
) -> list[CaseRow]:
    wanted = sorted(set(team_ids))
    if not wanted:
        return []
    with_issue = select(Issue.case_id).where(col(Issue.team_id).in_(wanted))
    statement = (
        select(Case)
        .where(
            col(Case.id).in_(with_issue),
            col(Case.status).in_((CaseStatus.RECEIVED, CaseStatus.OPEN)),
        )
        .order_by(col(Case.id))
        .limit(limit)
    )
    return _rows(session, session.exec(statement))


def _rows(session: Session, cases: Iterable[Case]) -> list[CaseRow]:
    found = [
        CaseRow(case.reference, case.status, next_due(session, case_id=_case_id(case)))
        for case in cases
    ]
    return sorted(found, key=lambda row: (row.next_due is None, row.next_due or date.max))


def _case_id(case: Case) -> int:
    assert case.id is not None
    return case.id


def issues_of(session: Session, *, case_id: int) -> list[Issue]:
    statement = select(Issue).where(Issue.case_id == case_id).order_by(col(Issue.id))
    return list(session.exec(statement))


def latest_stage(session: Session, *, case_id: int) -> Stage | None:
    """The case's stage opened last (its current one), if any."""
    statement = select(Stage).where(Stage.case_id == case_id).order_by(col(Stage.id).desc())
    return session.exec(statement).first()


def team_ids_of(session: Session, *, case_id: int) -> list[str]:
    """The teams the case's issues are routed to, each once, sorted."""
    statement = select(Issue.team_id).where(Issue.case_id == case_id)
    return sorted({team for team in session.exec(statement) if team})


def complainant_address(session: Session, *, case_id: int) -> str | None:
    """An email address of a party to the case (the first recorded), if any."""
    statement = select(Person.email).where(
        Person.case_id == case_id, col(Person.email).is_not(None)
    )
    return session.exec(statement).first()


def first_team(session: Session, *, case_id: int) -> str | None:
    """The team of the case's first routed issue: who owns learning recorded for the case."""
    return next(
        (issue.team_id for issue in issues_of(session, case_id=case_id) if issue.team_id), None
    )


def open_deadlines_by_id(session: Session, *, case_id: int) -> list[Deadline]:
    """A case's open deadlines in the order they were set (the last is the latest stage's)."""
    statement = (
        select(Deadline)
        .where(
            Deadline.case_id == case_id,
            col(Deadline.met_on).is_(None),
            col(Deadline.cancelled).is_(False),
        )
        .order_by(col(Deadline.id))
    )
    return list(session.exec(statement))


def card_of(session: Session, *, case_id: int) -> tuple[str | None, str | None]:
    """Where the case's Slack card is: (channel, ts), or Nones before it is posted."""
    case = session.get(Case, case_id)
    return (case.slack_channel, case.slack_ts) if case else (None, None)


def card_posted(session: Session, *, case_id: int, channel: str | None, ts: str) -> None:
    """Remember where the case's card was posted, so later changes update it in place."""
    table = table_of(Case)
    session.execute(
        sa.update(table).where(table.c.id == case_id).values(slack_channel=channel, slack_ts=ts)
    )


def numbered_issues(session: Session, *, case_id: int) -> list[tuple[int, Issue]]:
    """The case's issues numbered 1, 2, … in the order they were raised (as `heard cases show`
    and the response form number them)."""
    return list(enumerate(issues_of(session, case_id=case_id), start=1))


def stages_of(session: Session, *, case_id: int) -> list[Stage]:
    statement = select(Stage).where(Stage.case_id == case_id).order_by(col(Stage.id))
    return list(session.exec(statement))


def any_stage_answered(session: Session, *, case_id: int) -> bool:
    statement = select(Stage.id).where(
        Stage.case_id == case_id, col(Stage.responded_on).is_not(None)
    )
    return session.exec(statement).first() is not None


def latest_deadline(session: Session, *, case_id: int, rule: str) -> Deadline | None:
    """The case's deadline of this rule set last, open or not."""
    statement = select(Deadline).where(Deadline.case_id == case_id, Deadline.rule == rule)
    return session.exec(statement.order_by(col(Deadline.id).desc())).first()
