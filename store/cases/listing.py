"""The case list (`heard cases list`, its --json, and `list_cases` for other readers) in Core.

The list is the command staff run most, so it is one SELECT of the public columns with the
command's LIMIT, on a plain read-only connection: no ORM import, no model objects. The columns
are declared here as a lightweight `sa.table` with the same column types as the models (so
enums, list values and UTC timestamps come back exactly as `CasePublic` holds them);
tests/store/test_case_listing.py checks each against the `cases` table of the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from cases.enums import CaseStatus, Channel, NotLoggedReason, RecordKind, Route, StageKind
from store.types import ListValueType, UTCDateTime, enum_type

CASES = sa.table(
    "cases",
    sa.column("reference", sa.String()),
    sa.column("record_kind", enum_type(RecordKind)),
    sa.column("route", enum_type(Route)),
    sa.column("channel", enum_type(Channel)),
    sa.column("status", enum_type(CaseStatus)),
    sa.column("stage", enum_type(StageKind)),
    sa.column("received_at", UTCDateTime()),
    sa.column("receipt_day", sa.Date()),
    sa.column("not_logged_reason", enum_type(NotLoggedReason)),
    sa.column("complainant_type", ListValueType()),
    sa.column("safeguarding", sa.Boolean()),
    sa.column("advocacy_offer", sa.Boolean()),
    sa.column("historic", sa.Boolean()),
    sa.column("out_of_time", sa.Boolean()),
    sa.column("event_on", sa.Date()),
    sa.column("automated", sa.Boolean()),
    sa.column("needs_attention", sa.Boolean()),
    sa.column("assignee", sa.String()),
    sa.column("id", sa.Integer()),
)
_QUARANTINED = sa.table("correspondence", sa.column("quarantined_at", UTCDateTime()))


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One row of the case list: what `CasePublic` carries (no personal data), in its order."""

    reference: str
    record_kind: RecordKind
    route: Route
    channel: Channel
    status: CaseStatus
    stage: StageKind | None
    received_at: datetime
    receipt_day: date
    not_logged_reason: NotLoggedReason | None
    complainant_type: str  # a ListValue (a str with a label)
    safeguarding: bool
    advocacy_offer: bool
    historic: bool
    out_of_time: bool
    event_on: date | None
    automated: bool
    needs_attention: bool
    assignee: str | None
    id: int


def case_lines(
    connection: sa.Connection,
    *,
    status: CaseStatus | None = None,
    limit: int = 100,
    automated: bool = False,
) -> list[CaseLine]:
    """Cases, newest first; or with `automated`, the automated mail kept apart from them
    (auto-replies, out-of-office notes, mailing lists and bounces that matched no case): stored
    so nothing is lost, but not complaints, so not in the team's list."""
    statement = (
        sa.select(*CASES.columns)
        .where(CASES.c.automated == automated)
        .order_by(CASES.c.received_at.desc(), CASES.c.id.desc())
        .limit(limit)
    )
    if status is not None:
        statement = statement.where(CASES.c.status == status)
    return [CaseLine(**row._mapping) for row in connection.execute(statement)]


def count_automated(connection: sa.Connection) -> int:
    """Automated mail kept apart from the cases (the list says how many, and how to see them)."""
    statement = sa.select(sa.func.count()).select_from(CASES).where(CASES.c.automated)
    return int(connection.execute(statement).scalar_one())


def count_quarantined(connection: sa.Connection) -> int:
    """Messages set aside for staff because they could not be processed (store/quarantine.py)."""
    statement = (
        sa.select(sa.func.count())
        .select_from(_QUARANTINED)
        .where(_QUARANTINED.c.quarantined_at.is_not(None))
    )
    return int(connection.execute(statement).scalar_one())
