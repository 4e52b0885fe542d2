"""The audit log keeps who did what, and retention removes whom it was about (issue 27): the
append-only row never holds a name, address or search word; those sit in audit_detail, which
anonymising a case deletes, so its trail still answers "who looked at this case?" afterwards.
On both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.changes import Note
from cases.enums import AuditAction
from cases.retention import Schedule
from casework import retention
from store import audit
from store.db import read_scope, session_scope
from store.models import Case
from store.reads import record_read
from tests.cli.test_case_cli import ok
from tests.dataprotection.test_retention_cli import _finish_long_ago

DPO = Actor.staff(Via.WEB, "dpo@council.gov.uk")
PERSONAL = ("Sam Parent", "sam@example.org", "sam.new@example.org", "Parent v Council", "Zed")


def _raw(engine: Engine, table: str) -> str:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"SELECT * FROM {table}").all()
    return "\n".join(repr(tuple(row)) for row in rows)


def _case(engine: Engine, reference: str) -> Case:
    with read_scope(engine) as session:
        return session.exec(select(Case).where(Case.reference == reference)).one()


def test_an_anonymised_case_keeps_its_trail_without_personal_data(
    reference: str, engine: Engine
) -> None:
    case = _case(engine, reference)
    ok("cases", "show", reference)
    with session_scope(engine) as session:
        at = datetime(2020, 3, 2, 10, tzinfo=UTC)
        record_read(
            session,
            actor=DPO,
            action=AuditAction.CASES_SEARCHED,
            at=at,
            what={"q": "Sam Parent", "status": "closed", "shown": [reference], "page": 1},
        )
        record_read(  # a search that found nobody: its words go after the shortest period
            session,
            actor=DPO,
            action=AuditAction.CASES_SEARCHED,
            at=at,
            what={"q": "Zed", "shown": []},
        )
        audit.record(  # a change of contact details, as any casework path writes one
            session,
            case_id=case.id,
            actor=DPO,
            action=Note.LETTERS_BY,
            before={"email": "sam@example.org", "letters_by_post": False},
            after={"email": "sam.new@example.org", "letters_by_post": False},
            at=at,
        )
    ok("case", reference, "hold", "--reason", "Sam Parent v Council")
    ok("case", reference, "release")

    for word in PERSONAL:  # the append-only rows never held them
        assert word not in _raw(engine, "audit_log"), word
    shown = ok("case", reference, "reads")
    assert "in the results of a search (q Sam Parent, status closed, page 1)" in shown
    assert "Sam Parent v Council" in ok("cases", "show", reference)  # the detail, put back

    _finish_long_ago(engine, reference)
    with session_scope(engine) as session:
        done = retention.apply(
            session,
            schedule=Schedule({"default": 6, "compliment": 2}),
            today=date(2026, 6, 1),
            actor=DPO,
            now=datetime(2026, 6, 1, 2, 30, tzinfo=UTC),
            limit=10,
        )
    assert [due.reference for due in done] == [reference]

    everything = _raw(engine, "audit_log") + _raw(engine, "audit_detail")
    for word in PERSONAL:
        assert word not in everything, word
    with engine.connect() as connection:
        kept = connection.execute(
            sa.text("SELECT count(*) FROM audit_detail WHERE case_id = :id"), {"id": case.id}
        ).scalar_one()
    assert kept == 1  # only the anonymisation's own entry, which names nobody
    shown = ok("case", reference, "reads")
    lines = shown.strip().splitlines()
    assert lines[0] == f"{reference}: seen 3 times", shown  # two `cases show`, one search
    assert (
        "dpo@council.gov.uk  in the results of a search (status closed, page 1; the words" in shown
    )
    assert "opened the case (heard cases show)" in shown
    trail = ok("cases", "show", reference)
    assert "legal hold: personal details removed" in trail, trail


def test_a_search_keeps_its_words_while_a_case_it_listed_is_kept(
    reference: str, engine: Engine
) -> None:
    with session_scope(engine) as session:
        other = Case(**{
            **_case(engine, reference).model_dump(exclude={"id", "reference"}),
            "reference": "CSC-2026-000777",
        })  # fmt: skip
        session.add(other)
        record_read(
            session,
            actor=DPO,
            action=AuditAction.CASES_SEARCHED,
            at=datetime(2026, 1, 5, tzinfo=UTC),
            what={"q": "Parent", "shown": [reference, "CSC-2026-000777"]},
        )
    _finish_long_ago(engine, reference)
    with session_scope(engine) as session:
        retention.apply(
            session,
            schedule=Schedule({"default": 6, "compliment": 2}),
            today=date(2026, 6, 1),
            actor=DPO,
            now=datetime(2026, 6, 1, 2, 30, tzinfo=UTC),
            limit=10,
        )
    assert "q Parent" in ok("case", "CSC-2026-000777", "reads")
    assert "q Parent" in ok("case", reference, "reads")  # the same entry: kept whole
