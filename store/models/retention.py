"""What retention needs to know of a case beyond the case itself: a legal hold, a person's
review of a safeguarding flag, and when its personal data was removed (cases/retention.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.types import utc_column


class CaseRetention(SQLModel, table=True):
    __tablename__ = "case_retention"

    case_id: int = Field(primary_key=True, foreign_key="cases.id")
    hold_reason: str | None = Field(default=None, max_length=1000)  # set: under legal hold
    held_since: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    held_by: str | None = Field(default=None, max_length=80)
    reviewed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reviewed_by: str | None = Field(default=None, max_length=80)
    review_note: str | None = Field(default=None, max_length=1000)
    anonymised_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
