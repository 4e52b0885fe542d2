"""`heard case REF example`: staff choose a complaint or a compliment as a short anonymised
example, in their own words, and the annual report prints it (the seeds' "examples of
complaints by category" and "examples of compliments" tables, issue 24), on both databases.
Every choice and removal is in the case's audit log; text that would identify someone, and
every other wrong input, gets one line and exit status 2."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from cases.actor import SMTP, TRIAGE
from cases.calendar import WorkingCalendar
from cases.enums import Channel, ComplainantType, IssueCategory, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from reports.annual import build_report
from reports.periods import financial_year
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, CaseExample, Child, PartyRole, Person
from store.organisation import sync_organisation
from tests.cli.cli_process import heard, ok

RECEIVED = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
COMPLAINT_TEXT = "A young person's parent waited three weeks for a call back about contact."
COMPLIMENT_TEXT = "A foster carer thanked the team for staying late to settle a placement."


@pytest.fixture
def cases(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A statutory complaint (a named parent and child), a compliment and an enquiry."""
    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    service = CaseService(
        calendar=WorkingCalendar(), timescales=TimescalePolicy(), reference_prefix="CSC"
    )
    made = {}
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[("fostering", "Fostering", "csc", None), ("contact", "Family Time", "csc", None)],
        )
        for name, kind, route, category, team in (
            ("complaint", RecordKind.COMPLAINT, Route.STATUTORY, IssueCategory.COMMUNICATION,
             "contact"),
            ("compliment", RecordKind.COMPLIMENT, Route.NONE, IssueCategory.QUALITY_OF_SERVICE,
             "fostering"),
            ("enquiry", RecordKind.ENQUIRY, Route.NONE, None, None),
        ):  # fmt: skip
            case = create(service, session, record_kind=RecordKind.COMPLAINT,
                          channel=Channel.EMAIL, actor=SMTP, received_at=RECEIVED)  # fmt: skip
            assert case.id is not None
            session.add(Person(case_id=case.id, role=PartyRole.COMPLAINANT, name="Mx Okonjo",
                               email="sam@example.org", complainant_type=ComplainantType.PARENT))  # fmt: skip
            session.add(Child(case_id=case.id, name="Tallulah Young"))
            apply_triage(service, session, case=case, actor=TRIAGE, result=TriageResult(
                record_kind=kind, route=route, complainant_type=ComplainantType.PARENT,
                issues=(IssueProposal(category, team),) if category else (),
            ))  # fmt: skip
            made[name] = case.reference
    return made


def test_staff_choose_examples_and_the_report_prints_them(
    engine: Engine, cases: dict[str, str]
) -> None:
    complaint, compliment = cases["complaint"], cases["compliment"]
    out = ok("case", complaint, "example", "--text", "A parent waited weeks.", "--on",
             "2025-06-10", "--as", "Jo Officer")  # fmt: skip
    assert out.strip().endswith("example chosen 10 June 2025 (22 characters)")
    # Chosen again: the text is rewritten, not added; spaces and line breaks are tidied.
    ok("case", complaint, "example", "--text", f"  {COMPLAINT_TEXT}\n", "--on", "2025-06-11")
    ok("case", compliment, "example", "--text", COMPLIMENT_TEXT, "--on", "2025-06-12")
    with session_scope(engine) as session:
        chosen = {e.text: e for e in session.exec(select(CaseExample))}
        assert set(chosen) == {COMPLAINT_TEXT, COMPLIMENT_TEXT}
        assert chosen[COMPLAINT_TEXT].chosen_on == date(2025, 6, 11)
        audited = [
            (a.action, (a.before or {}).get("example"), (a.after or {}).get("example"))
            for a in audit_entries(session, select(AuditEntry).order_by(col(AuditEntry.id)))
            if a.action.startswith("example")
        ]
    assert audited == [
        ("example_chosen", None, "A parent waited weeks."),
        ("example_chosen", "A parent waited weeks.", COMPLAINT_TEXT),
        ("example_chosen", None, COMPLIMENT_TEXT),
    ]

    report, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert figures.get("example.complaint") == 1 and figures.get("example.compliment") == 1
    tables = {t.key: t for t in report.tables()}
    assert tables["complaint_examples"].rows == [["Communication", COMPLAINT_TEXT, "Family Time"]]
    assert tables["compliment_examples"].rows == [[COMPLIMENT_TEXT, "Fostering", "Parent"]]
    assert complaint not in str(tables["complaint_examples"].rows)  # no reference printed

    assert "no longer an example" in ok("case", complaint, "example", "--remove")
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert figures.get("example.complaint") == 0
    assert [t.rows for t in report.tables() if t.key == "complaint_examples"] == [[]]
    with session_scope(engine) as session:
        (removed,) = audit_entries(
            session, select(AuditEntry).where(AuditEntry.action == "example_removed")
        )
        assert removed.before == {"example": COMPLAINT_TEXT} and removed.actor.startswith("cli:")


def test_wrong_input_and_identifying_text_get_one_line(
    engine: Engine, cases: dict[str, str]
) -> None:
    complaint = cases["complaint"]
    for args, message in [
        ([], "give --text, or --remove"),
        (["--text", "x", "--remove"], "give --text, or --remove"),
        (["--text", "   "], "--text: the example is empty"),
        (["--text", "word " * 100], "--text: the example is 499 characters: keep it to 400"),
        (["--text", "tallulah's review was late."], "a name the case records"),
        (["--text", "Mx Okonjo was not called back."], "a name the case records"),
        (["--text", "Wrote from sam@example.org twice."], "an email address"),
        (["--text", "Sam rang three times."], "a name the case records"),  # from the address
        (["--text", "Tallulah Young rang."], "a name the case records"),
        (["--text", "Rang 07700 900 123 daily."], "a phone number"),
        (["--text", "A family in TF1 2AB waited."], "a postcode"),
        (["--text", f"See {complaint} for more."], "the case reference"),
        (["--text", "Fine.", "--on", "2099-01-01"], "--on 1 January 2099 is in the future"),
        (["--remove"], "none was chosen"),
    ]:
        code, out, err = heard("case", complaint, "example", *args)
        assert code == 2 and message in err, (args, out + err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
        assert "Okonjo" not in err and "07700" not in err  # the line quotes none of it
    code, _, err = heard("case", cases["enquiry"], "example", "--text", "Asked about forms.")
    assert code == 2 and "cannot choose a enquiry as an example" in err
    with session_scope(engine) as session:
        assert session.exec(select(CaseExample)).all() == []
