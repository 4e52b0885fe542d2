"""Staff corrections of triage: which proposal was overruled, by whom, why, and the rule that
made it, so a council can see which of its rules staff overrule."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from store.types import utc_column, utcnow


class TriageCorrection(SQLModel, table=True):
    __tablename__ = "triage_correction"
    __table_args__ = (sa.Index("ix_triage_correction_rule", "rule_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    actor: str = Field(max_length=80)
    what: str = Field(max_length=40)  # kind, route, complainant_type, issue_added, …
    proposed: str | None = Field(default=None, max_length=200)
    corrected: str | None = Field(default=None, max_length=200)
    rule_id: str = Field(max_length=80)  # the rule whose proposal was overruled
    why: str = Field(max_length=1000)
