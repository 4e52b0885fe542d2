"""Who saw what (issue 27, part 1): every read of a case's details from the terminal leaves an
entry in the append-only audit log, and `heard case REF reads` answers "who looked at this
case?" in one command, on both databases."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import AuditAction
from store.db import read_scope
from store.models import AuditEntry
from tests.cli.test_case_cli import heard, ok

ROOT = Path(__file__).resolve().parents[2]


def _actions(engine: Engine) -> list[tuple[int | None, str]]:
    with read_scope(engine) as session:
        return [(entry.case_id, entry.action) for entry in session.exec(select(AuditEntry))]


def test_every_terminal_read_is_recorded_and_listed(
    reference: str, engine: Engine, tmp_path: Path
) -> None:
    assert "nobody has looked at it" in ok("case", reference, "reads")
    ok("cases", "show", reference)
    ok("cases", "show", reference, "--json")
    ok("cases", "attachment", reference, "1", "-o", str(tmp_path / "a.pdf"))
    ok("export", "cases", "--out", str(tmp_path / "all.csv"))
    ok("export", "cases", "--out", str(tmp_path / "later.csv"), "--from", "2026-02-01")

    recorded = [action for case_id, action in _actions(engine) if case_id is not None]
    assert recorded.count(AuditAction.CASE_VIEWED.value) == 1
    assert recorded.count(AuditAction.CASE_SUMMARY_VIEWED.value) == 1  # --json: no message
    assert recorded.count(AuditAction.ATTACHMENT_DOWNLOADED.value) == 1
    out = ok("case", reference, "reads")
    lines = out.strip().splitlines()
    assert lines[0] == f"{reference}: seen 4 times", out
    # named as the trail names them: the login name `heard audit staff --by` takes
    assert lines[1].endswith(f"  {getpass.getuser()}  opened the case (heard cases show)"), out
    assert "saw its summary (heard cases show --json)" in lines[2]
    assert "attachment 1" in lines[3]
    assert "in an export of 1 cases (received any time to any time" in lines[4]
    assert "2026-02-01" not in out  # the later export did not cover the case


def test_a_summary_read_leaves_the_case_unread(reference: str) -> None:
    """--json carries no message: the safeguarding net still waits for someone to read them."""
    ok("cases", "show", reference, "--json", "--as", "pat")
    assert reference in ok("cases", "unread")
    assert "  pat  saw its summary (heard cases show --json)" in ok("case", reference, "reads")
    ok("cases", "show", reference)
    assert reference not in ok("cases", "unread")


def test_a_report_that_lists_a_case_is_a_read_of_it(reference: str, tmp_path: Path) -> None:
    """The annual report's appendix lists upheld complaints with no learning by reference; the
    figures alone name no case."""
    ok("report", "annual", "--year", "2025", "--out", str(tmp_path / "before"))
    assert "nobody has looked at it" in ok("case", reference, "reads")
    ok("case", reference, "acknowledge", "--on", "2026-01-06")
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", "--outcome", "1=upheld",
       "--finding", "1=Read the log.", "--outcome", "2=upheld", "--finding", "2=Read the log.")  # fmt: skip
    ok("report", "annual", "--year", "2025", "--out", str(tmp_path / "after"))
    assert reference in (tmp_path / "after" / "report.md").read_text(encoding="utf-8")
    out = ok("case", reference, "reads")
    # Answering is reading (fb8921e): the response is one read, the report that lists it another.
    assert out.startswith(f"{reference}: seen 2 times"), out
    assert "opened the case (answered)" in out
    assert "listed in a report (" in out and "annual report, 2025/26)" in out


def test_a_failed_lookup_records_nothing(reference: str, engine: Engine) -> None:
    before = _actions(engine)
    code, _, _ = heard("cases", "show", "CSC-2026-999999")
    assert code == 2
    assert _actions(engine) == before


def test_no_code_updates_or_deletes_the_audit_log() -> None:
    """The triggers refuse it (tests/store/test_schema.py); no code path even tries."""
    offending = []
    pattern = re.compile(
        r"(update|delete)\s*\(\s*(AuditEntry|AUDIT|audit_log)|"
        r"(UPDATE|DELETE FROM)\s+audit_log",
    )
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", ".venv"} or "migrations" in relative.parts:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offending.append(str(relative))
    assert offending == []


def test_words_searched_for_never_act_on_the_officers_terminal(
    reference: str, engine: Engine
) -> None:
    """What a member of staff typed into the web view's search is printed by `reads`: escape
    sequences and backspaces in it would let them rub out or rewrite the lines that show what
    they read (`ESC[1A ESC[2K` erases the line above), or write the DPO's clipboard. They are
    shown as escapes, as `heard cases show` shows what a sender wrote."""
    from datetime import UTC, datetime

    from cases.actor import Actor, Via
    from store.db import session_scope
    from store.reads import record_read

    hidden = "\x1b[1A\x1b[2K\x1b]52;c;ZWNobyBvd25lZA==\x07\b\b\u202e"
    with session_scope(engine) as session:
        record_read(
            session,
            actor=Actor.staff(Via.WEB, "snoop@council.example"),
            action=AuditAction.CASES_SEARCHED,
            at=datetime(2026, 2, 2, 10, 0, tzinfo=UTC),
            what={"q": f"parent {hidden}", "page": 1, "shown": [reference]},
        )
    out = ok("case", reference, "reads")
    assert "snoop@council.example" in out
    assert not any(char in out for char in "\x1b\x07\b\u202e"), repr(out)
    assert "\\x1b]52;c;" in out  # shown, so the DPO sees what was typed
