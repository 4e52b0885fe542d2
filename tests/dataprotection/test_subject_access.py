"""`heard sar export` (issue 27, part 3): everything held on one person in one zip, nothing
about anyone else, a redaction list applied, and the export audited. On both databases."""

from __future__ import annotations

import email
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import IMPORTER
from cases.enums import AuditAction
from store import audit
from store.db import session_scope
from store.models import Case, Child, Correspondence, PartyRole, Person
from tests.cli.test_case_cli import heard, ok
from tests.cli.test_stage_reports import PDF, to_stage_two


def _add_others(engine: Engine, reference: str) -> None:
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.id is not None
        session.add(
            Person(
                case_id=case.id,
                role=PartyRole.REPRESENTATIVE,
                name="Robin Otherparty",
                email="robin@example.net",
            )
        )
        session.add(Child(case_id=case.id, name="Alfie Child"))
        message = session.exec(
            select(Correspondence).where(Correspondence.case_id == case.id)
        ).one()
        message.text = (
            message.text or ""
        ) + "\nAlfie Child and Robin Otherparty agree. Ms Smith too."
        session.add(message)
        session.add(  # a message from the other party: not theirs to see
            Correspondence(
                case_id=case.id,
                direction="inbound",
                channel="email",
                at=message.at,
                subject="From the representative",
                text="Robin writes privately.",
                envelope_sender="robin@example.net",
            )
        )


def test_export_holds_their_records_and_nothing_about_anyone_else(
    reference: str, engine: Engine, tmp_path: Path
) -> None:
    _add_others(engine, reference)
    redact = tmp_path / "redact.txt"
    redact.write_text("Ms Smith\n", encoding="utf-8")
    out = ok(
        "sar", "export", "--email", "SAM@example.org", "--out", str(tmp_path),
        "--redact", str(redact),
    )  # fmt: skip
    assert "1 case" in out
    [path] = tmp_path.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        index = archive.read("index.html").decode()
        every_text = "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in names
            if not name.endswith(".pdf")
        )
        emls = [name for name in names if name.endswith(".eml")]
        parsed = email.message_from_bytes(archive.read(emls[0]))
    assert names[0] == "index.html" and f"{reference}/history.html" in names
    assert "Sam Parent" in index and "sam@example.org" in index
    assert "The social worker was rude." in index
    for other in ("Robin Otherparty", "robin@example.net", "Alfie Child", "Ms Smith", "privately"):
        assert other not in every_text, other
    assert "[redacted] and [redacted] agree. [redacted] too." in index
    assert len(emls) == 1 and parsed["From"] == "sam@example.org"
    assert any(name.endswith("call-log.pdf") for name in names)
    assert "read it before sending" in index
    assert not any("stage 2 reports" in name for name in names)  # none attached

    reads = ok("case", reference, "reads")
    assert "in a subject access export (no request)" in reads


def test_nobody_found_is_said_in_plain_words(reference: str, tmp_path: Path) -> None:
    out = ok("sar", "export", "--email", "nobody@example.org", "--out", str(tmp_path))
    assert out.endswith(": 0 cases, 1 file\n"), out  # the index alone
    [path] = tmp_path.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        index = archive.read("index.html").decode()
    assert "We hold no complaint" in index
    # Without --name the address is said once, not "about nobody@… (nobody@…)".
    assert "holds about nobody@example.org, made on" in index, index
    code, _, err = heard("sar", "export", "--email", "nonsense", "--out", str(tmp_path))
    assert code == 2 and "not an email address" in err
    for out, says in [(path, f"{path} is a file, not a directory"), (tmp_path / "no", "no dir")]:
        code, _, err = heard("sar", "export", "--email", "a@example.org", "--out", str(out))
        assert code == 2 and f"--out: {says}" in err, err


def test_export_holds_the_stage_two_reports_on_their_complaint(
    reference: str, tmp_path: Path
) -> None:
    """The investigating officer's and independent person's reports are about the complainant
    and their complaint: in the export as kept, each marked to read before sending."""
    to_stage_two(reference)
    io = tmp_path / "io.pdf"
    io.write_bytes(PDF)
    ok("case", reference, "attach-report", "--kind", "io", str(io))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    ok("sar", "export", "--email", "sam@example.org", "--out", str(out_dir))
    [path] = out_dir.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        name = f"{reference}/stage 2 reports/1-Investigating officer_s report - io.pdf"
        assert archive.read(name) == PDF
        index = archive.read("index.html").decode()
    assert (
        f'<a href="{name}">' in index.replace("&#x27;", "'") and "read it before sending" in index
    )


def test_the_history_names_no_member_of_staff(reference: str, tmp_path: Path) -> None:
    """walkerI, as the DPO: history.html says 'Members of staff are not named', yet its
    assignment line read 'assign: assessment.manager@heard.localhost' (the reason the audit
    log keeps is the assignee). Staff are now 'a member of staff' wherever the history would
    name them: who acted, and who was assigned."""
    ok("case", reference, "acknowledge", "--on", "2026-01-06", "--as", "Jo Officer")
    ok("case", reference, "assign", "--to", "assessment.manager@heard.localhost")
    ok("sar", "export", "--email", "sam@example.org", "--out", str(tmp_path))
    [path] = tmp_path.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        history = archive.read(f"{reference}/history.html").decode()
    assert "Members of staff are not named" in history
    assert "assessment.manager" not in history and "Jo Officer" not in history, history
    assert "assign: a member of staff" in history


def test_staff_are_masked_by_who_acted_not_by_searching_the_text(
    reference: str, tmp_path: Path
) -> None:
    """Reviewer: the history masked staff by replacing their logins as whole words in every
    entry's text, so a login that is a common word or the complainant's own name garbled
    entries ('sam' acting on Sam Parent's case; 'call' in 'Call Sam Parent back'). Who acted is
    the entry's actor and who was assigned its assignment's reason: only those are masked."""
    ok("case", reference, "acknowledge", "--on", "2026-01-06", "--as", "call")
    ok(
        "case", reference, "learning", "--text", "Call Sam Parent back within two days",
        "--owner", "fostering", "--on", "2026-01-16", "--as", "sam",
    )  # fmt: skip
    ok("case", reference, "assign", "--to", "assessment.manager@heard.localhost")
    ok("sar", "export", "--email", "sam@example.org", "--out", str(tmp_path))
    [path] = tmp_path.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        history = " ".join(archive.read(f"{reference}/history.html").decode().split())
    assert "Call Sam Parent back within two days" in history, history
    assert "assign: a member of staff" in history and "assessment.manager" not in history
    assert "<td>call</td>" not in history.lower() and "<td>sam</td>" not in history.lower()


def test_an_import_is_heard_in_the_history_not_a_member_of_staff(
    reference: str, engine: Engine, tmp_path: Path
) -> None:
    """An imported case's entries are stored as 'cli:import': the history said 'a member of
    staff' did them, and took the word 'import' in any entry for a member of staff's name."""
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        audit.record(session, case_id=case.id, actor=IMPORTER, action=AuditAction.REIMPORTED,
                     reason="row 3 of the import", at=datetime.now(UTC))  # fmt: skip
    ok("sar", "export", "--email", "sam@example.org", "--out", str(tmp_path))
    [path] = tmp_path.glob("SAR-*.zip")
    with zipfile.ZipFile(path) as archive:
        history = " ".join(archive.read(f"{reference}/history.html").decode().split())
    assert "<td>heard</td><td>reimported: row 3 of the import</td>" in history, history
