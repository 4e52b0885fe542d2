"""Issues, stages and deadlines: what the complaint is about and how the procedure ran."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import Outcome, StageKind, Timeliness
from store.types import enum_column, list_column, utc_column, utcnow


class Issue(SQLModel, table=True):
    """One matter raised in a case; a case may hold several, each answered by one team."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    category: str = Field(sa_column=list_column())  # an id from the rule file's category_list
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, nullable=True))
    rule_id: str | None = Field(default=None, max_length=80)  # the triage rule that found it


class Stage(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_stage_kind_opened", "kind", "opened_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: StageKind = Field(sa_column=enum_column(StageKind))
    opened_on: date
    responded_on: date | None = None
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, nullable=True))
    timeliness: Timeliness | None = Field(
        default=None, sa_column=enum_column(Timeliness, nullable=True)
    )
    working_days_taken: int | None = None
    reason_for_delay: str | None = Field(default=None, max_length=1000)
    manager_contacted: bool | None = None  # did a manager call or meet the complainant?
    responder: str | None = Field(default=None, max_length=80)


class Deadline(SQLModel, table=True):
    """Every deadline, with the rule that produced it; changed only by an explicit action."""

    __table_args__ = (
        sa.Index(
            "ix_deadline_open_due",
            "due_on",
            sqlite_where=sa.text("met_on IS NULL AND cancelled = 0"),
            postgresql_where=sa.text("met_on IS NULL AND NOT cancelled"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    stage_id: int | None = Field(default=None, foreign_key="stage.id", index=True)
    rule: str = Field(max_length=40)
    start_on: date
    due_on: date
    maximum_on: date | None = None
    extended_to: date | None = None
    extension_reason: str | None = Field(default=None, max_length=1000)
    extension_agreed_on: date | None = None
    extended_by: str | None = Field(default=None, max_length=80)
    met_on: date | None = None
    cancelled: bool = False  # e.g. a withdrawn case: the deadline no longer applies
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())

    @property
    def effective_due(self) -> date:
        return self.extended_to or self.due_on
