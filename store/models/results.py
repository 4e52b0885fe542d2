"""What came of a complaint: remedies, learning, costs, the Ombudsman, compliments."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cases.enums import (
    ComplimentSource,
    CostKind,
    LearningStatus,
    LgscoDecision,
    RemedyKind,
    StageKind,
)
from store.types import enum_column


class Remedy(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    issue_id: int | None = Field(default=None, foreign_key="issue.id")
    stage_id: int | None = Field(default=None, foreign_key="stage.id")
    kind: RemedyKind = Field(sa_column=enum_column(RemedyKind))
    description: str | None = Field(default=None, max_length=2000)
    amount_pence: int | None = None


class LearningAction(SQLModel, table=True):
    __tablename__ = "learning_action"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    stage: StageKind | None = Field(default=None, sa_column=enum_column(StageKind, nullable=True))
    text: str = Field(max_length=2000)
    owner_team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    status: LearningStatus = Field(sa_column=enum_column(LearningStatus))
    why_not_implemented: str | None = Field(default=None, max_length=1000)
    identified_on: date
    implemented_on: date | None = None


class Cost(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: CostKind = Field(sa_column=enum_column(CostKind))
    amount_pence: int
    incurred_on: date = Field(index=True)
    description: str | None = Field(default=None, max_length=500)


class LgscoCase(SQLModel, table=True):
    __tablename__ = "lgsco_case"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    lgsco_reference: str | None = Field(default=None, max_length=40)
    received_on: date = Field(index=True)
    decided_on: date | None = None
    decision: LgscoDecision | None = Field(
        default=None, sa_column=enum_column(LgscoDecision, nullable=True)
    )
    remedy: str | None = Field(default=None, max_length=2000)
    remedy_cost_pence: int | None = None


class Compliment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    source: ComplimentSource = Field(sa_column=enum_column(ComplimentSource))
    received_on: date = Field(index=True)
