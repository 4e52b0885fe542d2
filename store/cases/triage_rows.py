"""The rows triage writes for a case: its issues and compliments, and, for a batch of newly
read mail, every triaged case's rows with a few multi-row Core statements instead of a dozen
ORM flushes each (casework/triage_batch.py decides what they hold)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from cases.enums import CaseStatus
from cases.triage_result import IssueProposal
from store import audit
from store.bulk import insert_returning_ids
from store.cases.versions import ConcurrentChange
from store.models import Case, Compliment, Deadline, Issue, Stage
from store.types import table_of

_CASES = table_of(Case)
_STAGES = table_of(Stage)
_DEADLINES = table_of(Deadline)
_ISSUES = table_of(Issue)
_COMPLIMENTS = table_of(Compliment)

# The case fields triage sets, as `update_triaged_cases` takes them.
TRIAGED_FIELDS = (
    "record_kind",
    "route",
    "complainant_type",
    "not_logged_reason",
    "safeguarding",
    "advocacy_offer",
    "out_of_time",
    "historic",
    "triage_decision",
    "status",
    "stage",
    "version",
    "updated_at",
)
_UPDATE_CASES = (
    sa.update(_CASES)
    .where(_CASES.c.id == sa.bindparam("case_id"))
    .values({name: sa.bindparam(f"new_{name}") for name in TRIAGED_FIELDS})
)


def replace_issues(session: Session, *, case_id: int, proposals: Iterable[IssueProposal]) -> None:
    for issue in session.exec(select(Issue).where(Issue.case_id == case_id)):
        session.delete(issue)
    for proposal in proposals:
        session.add(
            Issue(
                case_id=case_id,
                category=proposal.category,
                team_id=proposal.team_id,
                rule_id=proposal.rule_id,
            )
        )
    session.flush()


def replace_compliments(session: Session, *, case_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """The case's compliments become `rows` (team_id, source, received_on, summary)."""
    for old in session.exec(select(Compliment).where(Compliment.case_id == case_id)):
        session.delete(old)
    for row in rows:
        session.add(Compliment(case_id=case_id, **row))
    session.flush()


def lock_untouched(session: Session, cases: Sequence[Case]) -> set[int]:
    """The cases among `cases` that are as intake left them: received, no stage, no issue, no
    compliment and no deadline yet. Every case's row is locked until the transaction ends
    (FOR UPDATE on PostgreSQL; SQLite's writer lock holds the whole database), and a version
    that moved since the caller read the case raises ConcurrentChange."""
    ids = [case.id for case in cases if case.id is not None]
    locked = session.connection().execute(
        sa.select(_CASES.c.id, _CASES.c.version).where(_CASES.c.id.in_(ids)).with_for_update()
    )
    versions = {row.id: row.version for row in locked}
    for case in cases:
        if versions.get(case.id) != case.version:
            raise ConcurrentChange(f"{case.reference} was changed by someone else")
    busy = sa.union(
        *(
            sa.select(table.c.case_id).where(table.c.case_id.in_(ids))
            for table in (_STAGES, _ISSUES, _COMPLIMENTS, _DEADLINES)
        )
    )
    taken = set(session.connection().execute(busy).scalars())
    return {
        case.id
        for case in cases
        if case.id is not None and case.id not in taken and case.status == CaseStatus.RECEIVED
    }


def insert_stages(connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """At most one stage a case; the new ids in the order of `rows`."""
    return insert_returning_ids(connection, _STAGES, list(rows), key=["case_id"])


def insert_deadlines(connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """At most one deadline a case and rule; the new ids in the order of `rows`."""
    return insert_returning_ids(connection, _DEADLINES, list(rows), key=["case_id", "rule"])


def write_triaged(
    connection: sa.Connection,
    *,
    issues: Sequence[dict[str, Any]],
    compliments: Sequence[dict[str, Any]],
    case_updates: Sequence[dict[str, Any]],
    audit_entries: list[dict[str, Any]],
) -> None:
    """Issues, compliments, the cases' new values ({"case_id", "new_<field>"…} for each of
    TRIAGED_FIELDS) and their audit entries, one statement each."""
    if issues:
        connection.execute(sa.insert(_ISSUES), list(issues))
    if compliments:
        connection.execute(sa.insert(_COMPLIMENTS), list(compliments))
    if case_updates:
        connection.execute(_UPDATE_CASES, list(case_updates))
    audit.insert_many(connection, audit_entries)
