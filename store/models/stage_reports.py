"""The reports a statutory stage 2 is decided on, as staff upload them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import ReportKind
from store.sealing import SealedBytes
from store.types import enum_column, utc_column


class StageReport(SQLModel, table=True):
    """A statutory stage 2's investigating officer's or independent person's report, as staff
    uploaded it; kept like an inbound attachment (sealed at rest when keys are set). The stage 2
    response encloses the latest of each kind only when staff choose (`enclosed`)."""

    __tablename__ = "stage_report"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    # None once Change triage removed the stage 2 it was kept on and opened no other (the case's alone)
    stage_id: int | None = Field(default=None, foreign_key="stage.id")
    kind: ReportKind = Field(sa_column=enum_column(ReportKind))
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes | None = Field(default=None, sa_column=sa.Column(SealedBytes))
    uploaded_at: datetime = Field(sa_column=utc_column())
    uploaded_by: str = Field(max_length=80)
    enclosed: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
