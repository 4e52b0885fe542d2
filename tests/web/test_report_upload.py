"""The web view's Attach a stage 2 report (issue 23): a form with a file field, offered once a
statutory case is at stage 2 (before that, its address says why not); a file that is missing,
of the wrong type, renamed or over the council's limit is refused next to the field; a kept
report is listed on the case page and its download is audited; the stage 2 response form's box
encloses both, and the letter says so."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from heard.wiring import build_case_service
from store.db import read_scope, session_scope
from store.models import AuditEntry, Case, Correspondence, StageReport
from tests.outcome_letters import findings_for
from tests.web.conftest import Web, csrf_of
from tests.web.test_actions import day_fields, post

PDF = b"%PDF-1.7\n% the investigating officer's report\n" + b"x" * 300
DOCX = b"PK\x03\x04word/document.xml" + b"y" * 300
ONE = {1: Outcome.NOT_UPHELD}


def at_stage_two(web: Web, reference: str) -> None:
    service = build_case_service(web.context)
    actor, today = Actor.staff(Via.CLI, "o"), web.clock.now().date()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(service, session, case=case, actor=actor, today=today,
                        response=ResponseInput(responded_on=today, issue_outcomes=ONE,
                                               findings=findings_for(ONE)))  # fmt: skip
        escalate(service, session, case=case, requested_on=today, actor=actor, today=today)


def upload(web: Web, reference: str, kind: str, file: tuple[str, bytes] | None) -> Any:
    path = f"/cases/{reference}/actions/attach-report"
    page = web.client.get(path)
    assert page.status_code == 200, page.text
    assert 'enctype="multipart/form-data"' in page.text
    files = {"report": (file[0], file[1], "application/octet-stream")} if file else None
    return web.client.post(path, data={"csrf_token": csrf_of(page.text), "kind": kind}, files=files)


def test_reports_are_uploaded_listed_read_and_enclosed(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    assert "/actions/attach-report" not in web.client.get(f"/cases/{reference}").text
    not_yet = web.client.get(f"/cases/{reference}/actions/attach-report").text
    assert "Reports belong to a statutory stage 2" in not_yet and "stage 1" in not_yet
    at_stage_two(web, reference)
    assert "/actions/attach-report" in web.client.get(f"/cases/{reference}").text

    for file, said in [
        (None, "Choose the report&#39;s file"),
        (("notes.txt", b"notes"), "is not a PDF, Word (.docx, .doc)"),
        (("io.pdf", b"MZ\x90\x00"), "is not a real .pdf file"),
        (("io.pdf", b"%PDF" + b"z" * (web.context.settings.attachment_max_bytes + 1)),
         "a report may be at most"),
    ]:  # fmt: skip
        refused = upload(web, reference, "io", file)
        assert refused.status_code == 400 and said in refused.text, (file, refused.text[-800:])
        assert 'href="#report"' in refused.text  # the error summary leads to the file field

    # the response may not enclose what heard does not hold
    respond = f"/cases/{reference}/actions/respond"
    answers = {**day_fields("on", web.clock.now().date()), "outcome-1": "not_upheld",
               "finding-1": "We read the records.", "manager_contact": "no",
               "enclose": "reports"}  # fmt: skip
    early = post(web, respond, answers)
    assert early.status_code == 400  # type: ignore[attr-defined]
    assert "heard holds no investigating officer" in early.text  # type: ignore[attr-defined]

    assert upload(web, reference, "io", ("IO report.pdf", PDF)).status_code == 303
    assert upload(web, reference, "ip", ("ip.docx", DOCX)).status_code == 303
    page = web.client.get(f"/cases/{reference}").text
    assert "Stage 2 reports" in page and "Investigating officer&#39;s report: IO report.pdf" in page
    download = web.client.get(f"/cases/{reference}/reports/1")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-disposition"] == 'attachment; filename="IO_report.pdf"'
    assert web.client.get(f"/cases/{reference}/reports/3").status_code == 404
    with read_scope(web.context.engine) as session:
        reads = session.exec(
            select(AuditEntry).where(AuditEntry.action == "report downloaded")
        ).all()
        assert len(reads) == 1

    preview = post(web, respond, answers)
    assert preview.status_code == 200  # type: ignore[attr-defined]
    shown = " ".join(preview.text.split())  # type: ignore[attr-defined]
    assert "We enclose a copy of both reports with this response." in shown
    sent = web.client.post(
        respond,
        data={**answers, "confirm": "yes", "csrf_token": csrf_of(preview.text)},  # type: ignore[attr-defined]
    )
    assert sent.status_code == 303
    with read_scope(web.context.engine) as session:
        enclosed = [r.enclosed for r in session.exec(select(StageReport))]
        letters = [r.text or "" for r in session.exec(select(Correspondence))
                   if (r.details or {}).get("letter") == "response"]  # fmt: skip
    assert enclosed == [True, True]
    assert "We enclose a copy of both reports" in " ".join(letters[-1].split())


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starlette spools an upload of any size to disk; the form measures it there, and reads
    nothing into the serving process's memory for a file it will refuse."""
    import web.actions.reports as reports

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload over the limit was read")

    reference = web.new_case()
    at_stage_two(web, reference)
    web.sign_in()
    monkeypatch.setattr(reports, "checked_report", never)
    big = b"%PDF" + b"z" * web.context.settings.attachment_max_bytes
    refused = upload(web, reference, "io", ("io.pdf", big))
    assert refused.status_code == 400 and "a report may be at most 10.0 MB" in refused.text


def test_a_report_kept_after_the_stage_two_response_is_for_the_record(web: Web) -> None:
    """Decided (walker4): Attach a stage 2 report stays offered at stage 3 and after closing,
    as the command line takes it, since a late report is still the stage's record; but only the
    stage 2 response encloses reports, so the form and its answer say this one goes with no
    letter and the complainant needs a copy sent by a person."""
    reference = web.new_case()
    web.sign_in()
    at_stage_two(web, reference)
    at_stage_two(web, reference)  # the stage 2 response, then the request for stage 3
    assert "/actions/attach-report" in web.client.get(f"/cases/{reference}").text
    form = " ".join(web.client.get(f"/cases/{reference}/actions/attach-report").text.split())
    assert "The stage 2 response has been sent" in form
    done = upload(web, reference, "io", ("late-io.pdf", PDF))
    assert done.status_code in (200, 303), done.text[-1500:]
    page = " ".join(web.client.get(f"/cases/{reference}").text.split())
    assert "late-io.pdf" in page
    assert "kept for the record and enclosed with nothing" in page or (
        "kept for the record and enclosed with nothing" in done.text
    )
    with read_scope(web.context.engine) as session:
        (row,) = session.exec(select(StageReport)).all()
        assert row.enclosed is False


def test_a_closed_case_still_takes_a_late_report(web: Web) -> None:
    """walkerF item 2: casework kept a report after closing (the decision above) and
    `heard case REF attach-report` took one, but the web left the form off a closed case's page
    and refused it by its address (cases.permissions.AFTER_THE_END did not list it). Now the
    doors agree: offered, kept for the record, with no letter."""
    from casework.closing import close

    reference = web.new_case()
    web.sign_in()
    at_stage_two(web, reference)
    service = build_case_service(web.context)
    actor, today = Actor.staff(Via.CLI, "o"), web.clock.now().date()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(service, session, case=case, actor=actor, today=today,
                        response=ResponseInput(responded_on=today, issue_outcomes=ONE,
                                               findings=findings_for(ONE)))  # fmt: skip
        close(service, session, case=case, actor=actor, now=web.clock.now(), confirmed=True)
    assert "/actions/attach-report" in web.client.get(f"/cases/{reference}").text
    done = upload(web, reference, "io", ("final-io.pdf", PDF))
    assert done.status_code in (200, 303), done.text[-1500:]
    with read_scope(web.context.engine) as session:
        (row,) = session.exec(select(StageReport)).all()
        assert row.enclosed is False and row.filename == "final-io.pdf"
        assert session.exec(select(Case.status).where(Case.reference == reference)).one() == (
            "closed"
        )
