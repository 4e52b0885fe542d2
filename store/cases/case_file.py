"""Everything about one case for staff reading it in full (`heard cases show`): the
complainant, every message and attachment, issues with their outcomes, deadlines, stages, the
Ombudsman, learning, costs and the audit trail. Personal data: for the complaints team's own
tools, never for a Slack channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.numbering import not_on_the_list
from store import audit
from store.cases.lgsco import latest_notes
from store.cases.stage_reports import ReportRow, report_rows
from store.models import (
    Advocacy,
    Attachment,
    Case,
    CasePause,
    Child,
    Correspondence,
    Cost,
    Deadline,
    Issue,
    IssueOutcome,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    Person,
    Remedy,
    Stage,
)
from store.types import table_of


@dataclass(frozen=True)
class AttachmentRow:
    number: int  # 1, 2, … across the whole case, as `heard cases attachment REF N` takes it
    id: int
    filename: str | None
    content_type: str
    size: int
    withheld: bool


@dataclass(frozen=True)
class MessageRow:
    at: datetime
    direction: str
    channel: str
    subject: str
    text: str  # all of it, or its first `text_limit` characters (case_file's argument)
    text_cut: bool  # True when the text goes on past what was read
    author: str | None
    sender: str | None
    attachments: list[AttachmentRow] = field(default_factory=list)


@dataclass(frozen=True)
class CaseFile:
    case: Case
    people: list[Person]
    children: list[Child]
    messages: list[MessageRow]
    issues: list[tuple[int, Issue, list[tuple[str, str]]]]  # number, issue, (stage, outcome)
    stages: list[Stage]
    deadlines: list[Deadline]
    remedies: list[Remedy]
    costs: list[Cost]
    learning: list[LearningAction]
    lgsco: list[LgscoCase]
    recommendations: list[LgscoRecommendation]
    pauses: list[CasePause]
    advocacy: Advocacy | None
    audit: list[dict[str, Any]]
    reports: list[ReportRow] = field(default_factory=list)  # stage 2's IO and IP reports
    recommendation_notes: dict[int, str] = field(default_factory=dict)  # latest, by id

    @property
    def attachments(self) -> list[AttachmentRow]:
        return [row for message in self.messages for row in message.attachments]


def case_file(session: Session, *, case: Case, text_limit: int | None = None) -> CaseFile:
    """The case file; with `text_limit`, of each message only its first `text_limit` characters
    leave the database (Slack's View details shows 100,000 of a 20 MB message, and reading all of
    it took most of Slack's 3 s trigger under load)."""
    assert case.id is not None
    case_id = case.id

    def rows(model: Any, order: Any) -> list[Any]:
        return list(session.exec(select(model).where(model.case_id == case_id).order_by(order)))

    messages = _messages(session, case_id, text_limit=text_limit)
    stages: list[Stage] = rows(Stage, col(Stage.id))
    stage_kinds = {stage.id: stage.kind.label for stage in stages}
    outcomes: dict[int, list[tuple[str, str]]] = {}
    for row in rows(IssueOutcome, col(IssueOutcome.id)):
        outcomes.setdefault(row.issue_id, []).append(
            (stage_kinds.get(row.stage_id, "?"), row.outcome.label)
        )
    issues = [
        (number, issue, outcomes.get(issue.id or 0, []))
        for number, issue in enumerate(rows(Issue, col(Issue.id)), start=1)
    ]
    return CaseFile(
        case=case,
        people=rows(Person, col(Person.id)),
        children=rows(Child, col(Child.id)),
        messages=messages,
        issues=issues,
        stages=stages,
        deadlines=rows(Deadline, col(Deadline.id)),
        remedies=rows(Remedy, col(Remedy.id)),
        costs=rows(Cost, col(Cost.id)),
        learning=rows(LearningAction, col(LearningAction.id)),
        lgsco=rows(LgscoCase, col(LgscoCase.id)),
        recommendations=rows(LgscoRecommendation, col(LgscoRecommendation.id)),
        pauses=rows(CasePause, col(CasePause.id)),
        advocacy=session.exec(select(Advocacy).where(Advocacy.case_id == case_id)).first(),
        reports=report_rows(session, case_id=case_id),
        recommendation_notes=latest_notes(session, case=case),
        audit=[
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "reason": entry.reason,
                "after": entry.after,
            }
            for entry in sorted(audit.history(session, case_id=case_id), key=lambda e: (e.at, e.id))
        ],
    )


def _messages(session: Session, case_id: int, *, text_limit: int | None) -> list[MessageRow]:
    table = table_of(Correspondence)  # not the raw bytes: as large as the text again, unread here

    def read(column: sa.Column) -> Any:  # a text, or its beginning and one character more
        return column if text_limit is None else sa.func.substr(column, 1, text_limit + 1)

    found = list(
        session.execute(
            sa.select(
                table.c.id,
                table.c.at,
                table.c.direction,
                table.c.channel,
                table.c.subject,
                read(table.c.text).label("text"),
                read(table.c.quoted_text).label("quoted_text"),
                table.c.author,
                table.c.envelope_sender,
            )
            .where(table.c.case_id == case_id)
            .order_by(table.c.at, table.c.id)
        )
    )
    ids = [message.id for message in found]
    attachments: dict[int, list[Any]] = {}
    if ids:
        table = table_of(Attachment)  # not the content column: attachments may be large
        statement = (
            sa.select(
                table.c.id,
                table.c.correspondence_id,
                table.c.filename,
                table.c.content_type,
                table.c.size,
                table.c.withheld_too_large,
            )
            .where(table.c.correspondence_id.in_(ids))
            .order_by(table.c.id)
        )
        for row in session.execute(statement):
            attachments.setdefault(row[1], []).append(row)
    result, number = [], 0
    for message in found:
        text = message.text or message.quoted_text or ""
        cut = text_limit is not None and len(text) > text_limit
        listed = []
        for row in attachments.get(message.id or 0, []):
            number += 1
            listed.append(
                AttachmentRow(
                    number=number,
                    id=row[0],
                    filename=row[2],
                    content_type=row[3],
                    size=row[4],
                    withheld=bool(row[5]),
                )
            )
        result.append(
            MessageRow(
                at=message.at,
                direction=message.direction.value,
                channel=message.channel.value,
                subject=message.subject,
                text=text[:text_limit] if cut else text,
                text_cut=cut,
                author=message.author,
                sender=message.envelope_sender,
                attachments=listed,
            )
        )
    return result


def attachment_content(session: Session, *, case: Case, number: int) -> tuple[Attachment, bytes]:
    """The n-th attachment of the case (1 upwards, as `heard cases show` lists them)."""
    assert case.id is not None
    listed = case_file_attachments(session, case_id=case.id)
    if not 1 <= number <= len(listed):
        raise LookupError(not_on_the_list(case.reference, "attachment", number, len(listed)))
    attachment = session.get(Attachment, listed[number - 1].id)
    assert attachment is not None
    if attachment.content is None:
        raise LookupError(
            f"attachment {number} of {case.reference} was not kept"
            + (" (too large)" if attachment.withheld_too_large else "")
        )
    return attachment, attachment.content


def case_file_attachments(session: Session, *, case_id: int) -> list[AttachmentRow]:
    return [
        row for message in _messages(session, case_id, text_limit=0) for row in message.attachments
    ]


def as_of(day: date | None) -> str:
    return day.isoformat() if day else "-"
