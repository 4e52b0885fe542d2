"""Staff correct triage with `heard case REF confirm-triage`; each change is audited, recorded
against the rule that proposed it, and counted by `heard triage report`."""

from __future__ import annotations

import pytest
from sqlmodel import select

from heard.assembly import build_intake_service
from heard.context import build_context
from heard.settings import Settings
from intake.processing import InboundProcessor
from intake.smtp_handler import InboundEnvelope
from store.db import session_scope
from store.models import AuditEntry, Case, Issue, TriageCorrection
from tests.cli.cli_process import heard

MAIL = (
    b"From: Grace Okafor <grace@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: my son\r\nMessage-ID: <c1@example.org>\r\n\r\n"
    b"My son's social worker was rude to me and never returns my calls.\r\n"
)


@pytest.fixture
def reference(settings: Settings, sqlite_url: str) -> str:
    # the settings' database (heard.db in the test's folder, where the CLI finds it too) as a
    # copy of the migrated template: build_context would otherwise migrate it for each test
    assert settings.database_url == sqlite_url
    context = build_context(settings)
    service = build_intake_service(context)
    receipt = service.deliver(
        MAIL, InboundEnvelope("grace@example.org", ("complaints@heard.localhost",), "127.0.0.1")
    )
    InboundProcessor(service).drain()
    return str(receipt.reference)


def test_confirming_as_proposed_records_no_correction(settings: Settings, reference: str) -> None:
    code, out, err = heard("case", reference, "confirm-triage", "--as", "Kim")
    assert code == 0, err
    assert "confirmed as proposed" in out
    engine = build_context(settings).engine
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.triage_confirmed_by == "cli:Kim"
        assert not session.exec(select(TriageCorrection)).all()


def test_corrections_are_applied_audited_and_counted(settings: Settings, reference: str) -> None:
    code, out, err = heard(
        "case",
        reference,
        "confirm-triage",
        "--as",
        "Kim",
        "--type",
        "grandparent",
        "--remove-issue",
        "staff_conduct",
        "--add-issue",
        "lack_of_support:early_help",
        "--add-issue",
        "health_wellbeing",
        "--why",
        "She is the grandmother; the matter is support, not conduct",
    )
    assert code == 0, err
    assert "corrected" in out
    engine = build_context(settings).engine
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.complainant_type == "grandparent"
        issues = {(i.category, i.team_id) for i in session.exec(select(Issue))}
        assert ("lack_of_support", "early_help") in issues
        assert ("health_wellbeing", "complaints") in issues
        assert not any(category == "staff_conduct" for category, _ in issues)
        rows = session.exec(select(TriageCorrection)).all()
        assert {(row.what, row.rule_id) for row in rows} >= {
            ("complainant_type", "who.parent"),
            ("issue_removed", "cat.staff_conduct"),
            ("issue_added", "issues.missed"),
        }
        assert all(row.actor == "cli:Kim" and "grandmother" in row.why for row in rows)
        actions = {entry.action for entry in session.exec(select(AuditEntry))}
        assert {"triage_corrected", "triage_confirmed"} <= actions
    code, out, _ = heard("triage", "report")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("who.parent"))
    assert line.split()[1:4] == ["1", "1", "100%"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "wizard", "--why", "x"], "unknown complainant type 'wizard'"),
        (["--route", "not_logged", "--why", "x"], "--route not_logged needs --reason"),
        (["--add-issue", "nonsense", "--why", "x"], "unknown category 'nonsense'"),
        (["--add-issue", "communication:nowhere", "--why", "x"], "unknown team 'nowhere'"),
        (["--type", "grandparent"], "--why"),
        (["--kind", "letter"], "--kind: 'letter' is not one of"),
        (["--stage", "3"], "'--stage': 3 is not in the range 1<=x<=2"),
        (["--bogus"], "No such option '--bogus'"),
    ],
)
def test_wrong_input_gets_one_line(reference: str, args: list[str], message: str) -> None:
    code, out, err = heard("case", reference, "confirm-triage", *args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_unknown_case_and_action(reference: str) -> None:
    assert heard("case", "NOPE-1", "confirm-triage")[0] == 2
    code, _, err = heard("case", reference, "dance")
    assert code == 2 and "unknown action 'dance'" in err
