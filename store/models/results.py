"""What came of a complaint: remedies, learning, costs, the Ombudsman, compliments, and the short
examples staff choose for the annual report."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cases.enums import (
    AdvocacyStatus,
    CaseStatus,
    ComplimentSource,
    CostKind,
    LearningSource,
    LearningStatus,
    LgscoDecision,
    RecommendationStatus,
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
    identified_on: date = Field(index=True)  # reports: actions identified in a period
    implemented_on: date | None = None
    due_on: date | None = None
    source: LearningSource = Field(
        default=LearningSource.STAGE,
        sa_column=enum_column(LearningSource, server_default=LearningSource.STAGE.value),
    )
    stage_id: int | None = Field(default=None, foreign_key="stage.id")
    lgsco_case_id: int | None = Field(default=None, foreign_key="lgsco_case.id")


class LearningUpdate(SQLModel, table=True):
    """Each change of a learning action's status, so reports can show its progress."""

    __tablename__ = "learning_update"

    id: int | None = Field(default=None, primary_key=True)
    learning_action_id: int = Field(foreign_key="learning_action.id", index=True)
    status: LearningStatus = Field(sa_column=enum_column(LearningStatus))
    updated_on: date
    note: str | None = Field(default=None, max_length=1000)
    by: str = Field(max_length=80)


class Cost(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: CostKind = Field(sa_column=enum_column(CostKind))
    amount_pence: int
    incurred_on: date = Field(index=True)
    description: str | None = Field(default=None, max_length=500)
    stage_id: int | None = Field(default=None, foreign_key="stage.id")


class LgscoCase(SQLModel, table=True):
    __tablename__ = "lgsco_case"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    lgsco_reference: str | None = Field(default=None, max_length=40)
    received_on: date = Field(index=True)
    decided_on: date | None = Field(default=None, index=True)  # reports: decisions in a period
    decision: LgscoDecision | None = Field(
        default=None, sa_column=enum_column(LgscoDecision, nullable=True)
    )
    remedy: str | None = Field(default=None, max_length=2000)
    remedy_cost_pence: int | None = None
    # An enquiry may come at any point: before the council's last stage (premature), about a
    # contact not logged as a complaint, or about a withdrawn case.
    premature: bool = False
    case_status_at_enquiry: CaseStatus | None = Field(
        default=None, sa_column=enum_column(CaseStatus, nullable=True)
    )
    stage_at_enquiry: StageKind | None = Field(
        default=None, sa_column=enum_column(StageKind, nullable=True)
    )
    not_investigated_reason: str | None = Field(default=None, max_length=1000)
    recorded_by: str | None = Field(default=None, max_length=80)
    decided_by: str | None = Field(default=None, max_length=80)


class LgscoRecommendation(SQLModel, table=True):
    __tablename__ = "lgsco_recommendation"

    id: int | None = Field(default=None, primary_key=True)
    lgsco_case_id: int = Field(foreign_key="lgsco_case.id", index=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    text: str = Field(max_length=2000)
    due_on: date
    status: RecommendationStatus = Field(sa_column=enum_column(RecommendationStatus))
    completed_on: date | None = None


class LgscoRecommendationUpdate(SQLModel, table=True):
    """Each step on an Ombudsman recommendation: progress while it is outstanding, or the day
    it was completed (or not) with the evidence; the Ombudsman asks the council for that
    evidence, and a status alone does not show it."""

    __tablename__ = "lgsco_recommendation_update"

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="lgsco_recommendation.id", index=True)
    status: RecommendationStatus = Field(sa_column=enum_column(RecommendationStatus))
    updated_on: date
    note: str | None = Field(default=None, max_length=1000)
    by: str = Field(max_length=80)


class Advocacy(SQLModel, table=True):
    """The advocacy offer a child or young person must get, and what came of it."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    status: AdvocacyStatus = Field(sa_column=enum_column(AdvocacyStatus))
    offered_on: date = Field(index=True)  # reports: offers made in a period
    decided_on: date | None = None  # taken up or declined
    organisation: str | None = Field(default=None, max_length=200)  # e.g. Coram Voice, NYAS
    recorded_by: str = Field(max_length=80)


class Compliment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    source: ComplimentSource = Field(sa_column=enum_column(ComplimentSource))
    received_on: date = Field(index=True)
    summary: str | None = Field(default=None, max_length=2000)


EXAMPLE_MAX = 400  # the seeds' examples are a line or two; a longer text is a case summary


class CaseExample(SQLModel, table=True):
    """A short anonymised example of a complaint or compliment, written by staff, that the
    annual report prints (the seeds print a few of each, by category or team). Staff choose
    which cases; the text is theirs, so it names no one. One a case: choosing again rewrites
    it. Retention keeps it, as it keeps learning: it holds no personal data."""

    __tablename__ = "case_example"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    text: str = Field(max_length=EXAMPLE_MAX)
    chosen_on: date = Field(index=True)  # reports: examples chosen for a period's cases
    chosen_by: str = Field(max_length=80)
