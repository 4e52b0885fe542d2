"""`heard audit staff --by IDENTITY`: what one member of staff saw and changed, across every
case, from the append-only audit log, on both databases. The data protection officer asks it
of a person (a complaint that a worker read a neighbour's file), not of a case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from cases.actor import Actor, Via
from cases.clock import SettableClock
from cases.day_words import long_date
from cases.enums import AuditAction
from cli.common import login_name
from store.db import session_scope
from store.reads import record_read
from tests.cli.test_case_cli import heard, ok


def test_one_persons_reads_and_changes_across_cases(reference: str, engine: Engine) -> None:
    ok("cases", "show", reference, "--as", "pat")
    ok("case", reference, "acknowledge", "--on", "2026-01-06", "--as", "pat")
    ok("cases", "show", reference, "--as", "jo")  # someone else: not listed
    with session_scope(engine) as session:  # pat searched in the web view too
        record_read(
            session,
            actor=Actor.staff(Via.WEB, "pat@council.example"),
            action=AuditAction.CASES_SEARCHED,
            at=datetime.now(UTC),
            what={"q": "Bloggs", "shown": [reference]},
        )

    out = ok("audit", "staff", "--by", "pat", "--by", "pat@council.example")
    lines = out.strip().splitlines()
    assert lines[0] == "pat, pat@council.example at any time: 2 reads and 1 change, on 1 case"
    assert "cli:pat" in lines[1] and reference in lines[1]
    assert "saw: opened the case (heard cases show)" in lines[1]
    assert "did: " in lines[2] and reference in lines[2]
    assert "web:pat@council.example  (no one case)" in lines[3]
    assert "saw: in the results of a search (q Bloggs)" in lines[3]
    assert "cli:jo" not in out
    # as the case's reads name them, prefix and all
    assert ok("audit", "staff", "--by", "cli:jo").startswith("cli:jo at any time: 1 read and 0")


def test_the_period_is_in_days_both_ends_included(reference: str) -> None:
    ok("cases", "show", reference, "--as", "pat")
    today = datetime.now(UTC).date()  # the tests' zone is London: UTC in winter, +1 in summer
    before, after = (today - timedelta(days=2)).isoformat(), (today + timedelta(days=2)).isoformat()
    assert "1 read" in ok("audit", "staff", "--by", "pat", "--from", before, "--to", after)
    assert ok("audit", "staff", "--by", "pat", "--to", before).strip() == (
        f"pat to {long_date(today - timedelta(days=2))}: nothing in the audit log"
    )
    assert "nothing in the audit log" in ok("audit", "staff", "--by", "pat", "--from", after)


def test_wrong_input_is_one_line(reference: str) -> None:
    """(A day that is no date, or no --by at all: tests/cli/test_cli_arguments.)"""
    for args, says in [
        (("--by", "  "), "--by: give the member of staff's"),
        (("--by", "pat", "--from", "2026-03-02", "--to", "2026-03-01"), "the period ends"),
    ]:
        code, out, err = heard("audit", "staff", *args)
        assert code == 2, (args, out)
        assert says in err and len(err.strip().splitlines()) == 1, err


def test_reading_someones_trail_is_itself_in_the_audit_log(reference: str) -> None:
    """Who looked at whose trail, and when: the data protection officer's own read of a
    member of staff's activity is a read, listed under the officer (cli:<login>) with the
    identities, the period and how many entries it showed; none of it was recorded before."""
    ok("cases", "show", reference, "--as", "pat")
    ok("case", reference, "acknowledge", "--on", "2026-01-06", "--as", "pat")
    ok("audit", "staff", "--by", "pat", "--from", "2026-01-01")
    officer = f"cli:{login_name()}"
    lines = ok("audit", "staff", "--by", officer).strip().splitlines()
    assert lines[0].startswith(f"{officer} at any time: 1 read and 0 changes, on 0 cases")
    assert lines[1].endswith("saw: the audit trail of pat (2026-01-01 to any time): 2 entries"), (
        lines[1]
    )


def test_one_persons_entries_are_read_by_an_index(engine: Engine) -> None:
    """ix_audit_actor_at (migration 0035): the log is searched by who acted, not read whole."""
    indexes = {
        index["name"]: index["column_names"] for index in inspect(engine).get_indexes("audit_log")
    }
    assert indexes["ix_audit_actor_at"] == ["actor", "at"]
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE actor IN ('pat', 'cli:pat')"
                " ORDER BY at, id"
            ).fetchall()
        assert any("ix_audit_actor_at" in str(row) for row in plan), plan


def test_the_read_of_a_trail_is_timed_by_the_commands_clock(reference: str) -> None:
    """The read is stamped with the clock the command was given (heard.invocation.Invocation:
    the system clock from a terminal), as every other command's reads are."""
    given = SettableClock(datetime(2026, 1, 20, 10, 0, tzinfo=UTC))
    assert heard("audit", "staff", "--by", "pat", clock=given)[0] == 0
    officer = f"cli:{login_name()}"
    (line,) = [
        line for line in ok("audit", "staff", "--by", officer).splitlines() if "trail of pat" in line
    ]
    assert line.strip().startswith("20 January 2026 at 10:00"), line
