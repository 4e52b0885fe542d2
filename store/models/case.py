"""The case: one contact from a resident and everything the procedure does with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import (
    CaseStatus,
    Channel,
    ComplainantType,
    NotLoggedReason,
    RecordKind,
    Route,
    StageKind,
)
from store.types import enum_column, list_column, utc_column, utcnow


class CaseBase(SQLModel):
    """What may be shown outside the complaints team: no names, addresses or complaint text."""

    reference: str = Field(max_length=30, unique=True)
    record_kind: RecordKind = Field(sa_column=enum_column(RecordKind))
    route: Route = Field(sa_column=enum_column(Route))
    channel: Channel = Field(sa_column=enum_column(Channel))
    status: CaseStatus = Field(sa_column=enum_column(CaseStatus))
    stage: StageKind | None = Field(default=None, sa_column=enum_column(StageKind, nullable=True))
    received_at: datetime = Field(sa_column=utc_column())
    receipt_day: date
    not_logged_reason: NotLoggedReason | None = Field(
        default=None, sa_column=enum_column(NotLoggedReason, nullable=True)
    )
    complainant_type: str = Field(
        default=ComplainantType.UNKNOWN, sa_column=list_column()
    )  # an id from the rule file's complainant_type_list
    safeguarding: bool = False
    advocacy_offer: bool = False
    historic: bool = False
    out_of_time: bool = False
    # The day of the event complained of, or of the complainant's awareness of it, when staff
    # give it: the 12-month time limit runs from it (migration 0020).
    event_on: date | None = None
    automated: bool = False
    needs_attention: bool = False  # a person must look: unparseable mail, stranger quoting a ref…
    assignee: str | None = Field(default=None, max_length=60)  # Slack user id


class Case(CaseBase, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_case_status_stage", "status", "stage"),
        sa.Index("ix_case_kind_received", "record_kind", "received_at"),
        sa.Index("ix_case_assignee_status", "assignee", "status"),
        # Reports: received in a period. Covering, so the report's count of every contact per
        # day reads the index alone (see migration 0008).
        sa.Index(
            "ix_case_receipt_counts",
            "receipt_day",
            "record_kind",
            "route",
            "not_logged_reason",
            "automated",
            "advocacy_offer",
        ),
        sa.Index("ix_case_kind_receipt", "record_kind", "receipt_day"),  # complaints received
        # Reports: what every join to the case reads (automated? which kind of record?), so
        # PostgreSQL's hash joins read this narrow index, not the whole table (migration 0009).
        sa.Index("ix_case_report_join", "id", "record_kind", "automated"),
        # The web view's case list, newest first (migration 0014).
        sa.Index("ix_case_received", "received_at", "id"),
        # Reports: historic complaints received, few among many (migration 0016).
        sa.Index(
            "ix_case_historic",
            "receipt_day",
            sqlite_where=sa.text("historic = 1"),
            postgresql_where=sa.text("historic"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(default="", max_length=998)
    attention_reason: str | None = Field(default=None, max_length=300)
    triage_decision: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    triage_confirmed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    triage_confirmed_by: str | None = Field(default=None, max_length=80)
    acknowledged_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    acknowledged_by: str | None = Field(default=None, max_length=80)
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    paused_on: date | None = None  # on hold (legal proceedings, police): see CasePause
    slack_channel: str | None = Field(default=None, max_length=40)
    slack_ts: str | None = Field(default=None, max_length=40)
    # Loaded by `heard import cases` from a past year's spreadsheet: counted in reports, never
    # chased, never in a digest (its deadlines are history, not work).
    imported: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    version: int = 1  # bumped on every change, so concurrent Slack clicks cannot both apply
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class CasePublic(CaseBase):
    """The shape a Slack card or a JSON export may carry."""

    id: int


class ReferenceCounter(SQLModel, table=True):
    """One row per prefix and year; incremented inside the transaction that creates the case,
    so references are unique across processes sharing one database and never skip on rollback."""

    __tablename__ = "reference_counter"

    prefix: str = Field(primary_key=True, max_length=10)
    year: int = Field(primary_key=True)
    last_value: int = 0
