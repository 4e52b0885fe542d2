"""`heard case REF attach-report --kind io|ip FILE` and `heard cases report REF N -o FILE`
(issue 23): a statutory stage 2's investigating officer's and independent person's reports are
kept with the case, listed by `heard cases show`, and each read is audited; wrong input (no file,
an empty one, a wrong type, a renamed file, too big for the council's limit, the wrong stage, an
unknown case or kind) gets one line and exit status 2."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.audit import REMOVED
from store.db import read_scope
from store.models import AuditEntry
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401  (the fixture, by name)

PDF = b"%PDF-1.7\n% the investigating officer's report\n" + b"x" * 600
DOCX = b"PK\x03\x04" + b"word/document.xml" + b"y" * 300


def refused(*args: str) -> str:
    code, out, err = heard(*args)
    assert code == 2, (args, out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err, err
    return err


def to_stage_two(case: str) -> None:
    ok("case", case, "respond", "--remedy", "apology", "--on", "2026-01-16",
       "--outcome", "1=upheld", "--finding", "1=We read the records.",
       "--outcome", "2=not_upheld", "--finding", "2=We read the records.")  # fmt: skip
    ok("case", case, "escalate", "--on", "2026-01-20")


def test_reports_are_kept_listed_and_read_with_an_audit(
    reference: str,  # noqa: F811
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    io, ip = tmp_path / "IO report.pdf", tmp_path / "ip-report.docx"
    io.write_bytes(PDF)
    ip.write_bytes(DOCX)
    err = refused("case", reference, "attach-report", "--kind", "io", str(io))
    assert "reports belong to a statutory stage 2, and this case is at statutory stage 1" in err
    to_stage_two(reference)

    for name, content in [("empty.pdf", b""), ("notes.txt", b"notes"), ("fake.pdf", b"MZ\x90")]:
        (tmp_path / name).write_bytes(content)
    monkeypatch.setenv("HEARD_ATTACHMENT_MAX_BYTES", "500")  # a council's own limit
    for args, said in [
        (["--kind", "io", str(tmp_path / "missing.pdf")], "cannot read"),
        (["--kind", "io", str(tmp_path / "empty.pdf")], "choose the report's file (it is empty)"),
        (["--kind", "io", str(tmp_path / "notes.txt")], "is not a PDF, Word (.docx, .doc)"),
        (["--kind", "io", str(tmp_path / "fake.pdf")], "'fake.pdf' is not a real .pdf file"),
        (["--kind", "io", str(io)], "the file is 646 bytes; a report may be at most 500 bytes"),
        (["--kind", "panel", str(io)], "--kind: 'panel' is not one of io, ip"),
    ]:
        assert said in refused("case", reference, "attach-report", *args), args
    assert "no case CSC-2026-999999" in refused(
        "case", "CSC-2026-999999", "attach-report", "--kind", "ip", str(ip)
    )
    monkeypatch.setenv("HEARD_ATTACHMENT_MAX_BYTES", "10000")

    out = ok("case", reference, "attach-report", "--kind", "io", str(io), "--as", "Jo Officer")
    assert (
        out.strip()
        == f"{reference}: investigating officer's report kept (IO report.pdf, 646 bytes)"
    )
    ok("case", reference, "attach-report", "--kind", "ip", str(ip))
    shown = ok("cases", "show", reference)
    assert "Stage 2 reports (2):" in shown
    assert "1. Investigating officer's report: IO report.pdf  application/pdf  646 bytes" in shown
    assert "2. Independent person's report: ip-report.docx" in shown
    assert "Jo Officer  attached a stage 2 report: Investigating officer's report" in shown
    # --json lists them too (what, how big, when, by whom), never their content nor their
    # file name (a summary read: the name may be the child's, and the audit keeps it apart)
    shown_json = ok("cases", "show", reference, "--json")
    listed = json.loads(shown_json)["reports"]
    said = [(r["number"], r["kind"], r["size"], r["uploaded_by"]) for r in listed]
    assert said == [
        (1, "io", 646, "cli:Jo Officer"),
        (2, "ip", len(DOCX), listed[1]["uploaded_by"]),
    ]
    assert "IO report" not in shown_json and "ip-report" not in shown_json
    with read_scope(engine) as session:
        attached = session.exec(
            select(AuditEntry).where(AuditEntry.action == "report_attached")
        ).all()
    assert {entry.after["file"] for entry in attached if entry.after} == {REMOVED}
    assert listed[0]["content_type"] == "application/pdf" and not listed[0]["enclosed"]
    assert datetime.fromisoformat(listed[0]["uploaded_at"]).tzinfo is not None
    assert "the investigating officer's report" not in json.dumps(listed)  # PDF's words

    copy = tmp_path / "copy.pdf"
    out = ok("cases", "report", reference, "1", "-o", str(copy))
    assert copy.read_bytes() == PDF and "investigating officer's report, IO report.pdf" in out
    assert "stage 2 report 1" in ok("case", reference, "reads")
    assert "has no report 3 (1 to 2)" in refused(
        "cases", "report", reference, "3", "-o", str(tmp_path / "x")
    )


def test_a_report_is_read_no_further_than_the_limit(
    reference: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pipe (or a device, or a huge file) given as the report is read one byte past the limit
    and refused in one line: never read to its end, which for /dev/zero never comes."""
    to_stage_two(reference)
    monkeypatch.setenv("HEARD_ATTACHMENT_MAX_BYTES", "500")
    pipe = tmp_path / "report.pdf"
    os.mkfifo(pipe)
    release = threading.Event()

    def writer() -> None:  # writes past the limit, then holds the pipe open until released
        with pipe.open("wb") as end:
            end.write(b"%PDF-" + b"x" * 2000)
            end.flush()
            release.wait(60)

    feeding = threading.Thread(target=writer, daemon=True)
    feeding.start()
    answer: list[tuple[int, str, str]] = []
    command = threading.Thread(
        target=lambda: answer.append(
            heard("case", reference, "attach-report", "--kind", "io", str(pipe))
        ),
        daemon=True,
    )
    command.start()
    command.join(timeout=30)  # a hang guard: it answers at once
    finished = not command.is_alive()
    release.set()
    command.join(timeout=30)
    feeding.join(timeout=30)
    assert finished, "attach-report read the pipe to its end"
    [(code, out, err)] = answer
    assert code == 2 and len(err.strip().splitlines()) == 1, (code, out, err)
    assert "a report may be at most 500 bytes" in err


def test_a_report_kept_after_the_stage_two_response_says_it_goes_with_no_letter(
    reference: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """At stage 3 a late report is kept for the record, as the web form keeps it (walker4)."""
    io = tmp_path / "late-io.pdf"
    io.write_bytes(PDF)
    to_stage_two(reference)
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-02-20",
       "--outcome", "1=upheld", "--finding", "1=We read the records.",
       "--outcome", "2=not_upheld", "--finding", "2=We read the records.")  # fmt: skip
    ok("case", reference, "escalate", "--on", "2026-02-24")
    out = ok("case", reference, "attach-report", "--kind", "io", str(io))
    assert out.strip() == (
        f"{reference}: investigating officer's report kept (late-io.pdf, 646 bytes); the stage 2 "
        "response has been sent, so this report is kept for the record and enclosed with "
        "nothing: send the complainant a copy yourself"
    )


def test_the_preview_says_when_the_chosen_reports_cannot_go(
    reference: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Mail through Microsoft Graph with a 1 MB mailbox (files up to 675,000 bytes): --preview
    tells staff, on a line of its own and not in the letter, that the reports they chose cannot
    go, why, and what happens instead (previewfix; before, only the letter offering copies)."""
    io, ip = tmp_path / "io.pdf", tmp_path / "ip.docx"
    io.write_bytes(b"%PDF-1.7\n" + b"x" * 700_000)
    ip.write_bytes(DOCX)
    to_stage_two(reference)
    monkeypatch.setenv("HEARD_ATTACHMENT_MAX_BYTES", "1000000")
    ok("case", reference, "attach-report", "--kind", "io", str(io))
    ok("case", reference, "attach-report", "--kind", "ip", str(ip))
    monkeypatch.setenv("HEARD_MAIL_TRANSPORT", "graph")
    for name, value in [("MAILBOX", "complaints@council.example"), ("TENANT_ID", "tenant"),
                        ("CLIENT_ID", "client"), ("CLIENT_SECRET", "secret")]:  # fmt: skip
        monkeypatch.setenv(f"HEARD_GRAPH_{name}", value)  # nothing goes: the preview sends none
    monkeypatch.setenv("HEARD_GRAPH_MESSAGE_MAX_MB", "1")
    respond = ["case", reference, "respond", "--remedy", "apology", "--on", "2026-02-20", "--enclose-reports",
               "--outcome", "1=upheld", "--finding", "1=We read the records.",
               "--outcome", "2=not_upheld", "--finding", "2=We read the records."]  # fmt: skip
    shown = ok(*respond, "--preview")
    head, _, letter = shown.partition("Dear ")
    assert (
        "[Not in the letter: the reports you chose to enclose cannot go with it: "
        "the reports weigh 0.7 MB and a letter carries at most 0.7 MB (Microsoft Graph, a mailbox "
        "taking messages up to 1 MB: HEARD_GRAPH_MESSAGE_MAX_MB)"
    ) in head.replace("\n", " ")
    assert "copies instead, and the case will be flagged" in head
    assert "Not in the letter" not in letter and "we will send you copies" in letter
    done = ok(*respond)
    assert "needs attention: send the complainant copies of the stage 2 reports" in done
    assert "HEARD_GRAPH_MESSAGE_MAX_MB)" in done  # the flag's 300 characters hold it all
