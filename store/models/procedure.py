"""Issues, stages and deadlines: what the complaint is about and how the procedure ran."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import Outcome, PauseReason, StageKind, Timeliness
from store.types import enum_column, list_column, utc_column, utcnow


class Issue(SQLModel, table=True):
    """One matter raised in a case; a case may hold several, each answered by one team."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    category: str = Field(sa_column=list_column())  # an id from the rule file's category_list
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, nullable=True))
    rule_id: str | None = Field(default=None, max_length=80)  # the triage rule that found it
    # What the complainant raised, in a line staff wrote for them: a letter heads an issue with
    # no category with it (cases.procedure.issues_missing_points).
    point: str | None = Field(default=None, max_length=300)


class Stage(SQLModel, table=True):
    __table_args__ = (
        # Reports: opened or answered in a period at a given stage, covering what the annual
        # report counts per day, by outcome (see migrations 0008 and 0016).
        sa.Index("ix_stage_kind_opened", "kind", "opened_on", "case_id"),
        sa.Index("ix_stage_responded", "responded_on"),
        sa.Index(
            "ix_stage_kind_responded",
            "kind",
            "responded_on",
            "outcome",
            "case_id",
            "working_days_taken",
            "reason_for_delay",
            "manager_contacted",
        ),
        # Reports on PostgreSQL: stages in case order, with what the per-day counts read, to
        # merge with the cases and the deadlines in that order (see migrations 0010 and 0016).
        sa.Index(
            "ix_stage_case_report",
            "case_id",
            "id",
            "kind",
            "opened_on",
            "responded_on",
            "outcome",
            "working_days_taken",
            "reason_for_delay",
            "manager_contacted",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")  # ix_stage_case_report starts with it
    kind: StageKind = Field(sa_column=enum_column(StageKind))
    opened_on: date
    responded_on: date | None = None
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, nullable=True))
    timeliness: Timeliness | None = Field(
        default=None, sa_column=enum_column(Timeliness, nullable=True)
    )
    working_days_taken: int | None = None
    reason_for_delay: str | None = Field(default=None, max_length=1000)  # staff's own words
    # Why a late response is late, as the complainant reads it in the response letter.
    delay_reason_for_complainant: str | None = Field(default=None, max_length=1000)
    manager_contacted: bool | None = None  # did a manager call or meet the complainant?
    responder: str | None = Field(default=None, max_length=80)
    # Why the stage began when and where it did, and who agreed: a historic or serious case
    # started at stage 2, a stage 2 requested because stage 1 went unanswered, or discretion
    # for a request made after its 20 working days.
    requested_on: date | None = None
    opened_by: str | None = Field(default=None, max_length=80)
    open_reason: str | None = Field(default=None, max_length=1000)
    request_late: bool = False
    # A stage left without a response (stage 2 requested on an overdue stage 1).
    superseded_on: date | None = None
    paused_working_days: int = 0


class IssueOutcome(SQLModel, table=True):
    """The outcome of one issue at one stage: stage 2 may uphold what stage 1 did not."""

    __tablename__ = "issue_outcome"
    __table_args__ = (sa.UniqueConstraint("stage_id", "issue_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    stage_id: int = Field(foreign_key="stage.id", index=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    outcome: Outcome = Field(sa_column=enum_column(Outcome))
    # What staff found on this point, written for the complainant: the response letter quotes it.
    finding: str | None = Field(default=None, max_length=4000)


class CasePause(SQLModel, table=True):
    """A complaint on hold for legal proceedings or a police investigation: its clocks stop
    and its reminders are held; on resume every open deadline moves by the working days
    paused."""

    __tablename__ = "case_pause"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    reason: PauseReason = Field(sa_column=enum_column(PauseReason))
    paused_on: date
    paused_by: str = Field(max_length=80)
    resumed_on: date | None = None
    resumed_by: str | None = Field(default=None, max_length=80)
    working_days: int | None = None  # paused working days, set on resume


class Deadline(SQLModel, table=True):
    """Every deadline, with the rule that produced it; changed only by an explicit action."""

    __table_args__ = (
        sa.Index(
            "ix_deadline_open_due",
            "due_on",
            sqlite_where=sa.text("met_on IS NULL AND cancelled = 0"),
            postgresql_where=sa.text("met_on IS NULL AND NOT cancelled"),
        ),
        # A stage's deadline by rule, covering what the report's in-time counts read.
        sa.Index(
            "ix_deadline_stage_rule",
            "stage_id",
            "rule",
            "cancelled",
            "due_on",
            "extended_to",
            "extension_agreed_on",
        ),
        # The same in case order, for the report's merge of stages with their deadlines.
        sa.Index(
            "ix_deadline_case_stage",
            "case_id",
            "stage_id",
            "rule",
            "cancelled",
            "due_on",
            "extended_to",
            "extension_agreed_on",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")  # ix_deadline_case_stage starts with it
    stage_id: int | None = Field(default=None, foreign_key="stage.id")  # ix_deadline_stage_rule
    rule: str = Field(max_length=40)
    start_on: date
    due_on: date
    maximum_on: date | None = None
    extended_to: date | None = None
    extension_reason: str | None = Field(default=None, max_length=1000)  # internal, staff only
    # The reason as the complainant is told it (the extension letter quotes this, never the above).
    extension_reason_for_complainant: str | None = Field(default=None, max_length=1000)
    extension_agreed_on: date | None = None
    extended_by: str | None = Field(default=None, max_length=80)
    met_on: date | None = None
    paused_on: date | None = None  # set while the case is paused: no reminders are due
    paused_working_days: int = 0  # added to due, maximum and extension on each resume
    cancelled: bool = False  # e.g. a withdrawn case: the deadline no longer applies
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())

    @property
    def effective_due(self) -> date:
        return self.extended_to or self.due_on
