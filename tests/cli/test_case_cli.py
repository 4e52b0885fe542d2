"""`heard case REF ACTION` and `heard cases show/attachment`, driven as staff drive them, on
both databases: a two-issue complaint through stage 1, 2 and 3 to the Ombudsman, a pause, a
refused extension, and wrong input answered with one line."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import SMTP, TRIAGE
from cases.calendar import WorkingCalendar
from cases.enums import Channel, ComplainantType, Direction, IssueCategory, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from heard.settings import Settings
from store.db import session_scope
from store.models import Attachment, Case, Correspondence, PartyRole, Person, Stage
from store.organisation import sync_organisation
from tests.cli.cli_process import heard, ok
from tests.panels import arranged

RECEIVED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def reference(engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    """A statutory complaint with two issues, a complainant, a message and an attachment."""
    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    service = CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}),
        reference_prefix="CSC",
    )
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("childrens_social_care", "Children's Social Care")],
            teams=[
                ("fostering", "Fostering", "childrens_social_care", None),
                ("assessment", "Assessment", "childrens_social_care", None),
            ],
        )
        case = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=RECEIVED,
            actor=SMTP,
            subject="Nobody returns my calls",
        )
        assert case.id is not None
        session.add(
            Person(
                case_id=case.id,
                role=PartyRole.COMPLAINANT,
                name="Sam Parent",
                email="sam@example.org",
                complainant_type=ComplainantType.PARENT,
            )
        )
        message = Correspondence(
            case_id=case.id,
            direction=Direction.INBOUND,
            channel=Channel.EMAIL,
            at=RECEIVED,
            subject="Nobody returns my calls",
            text="I have called five times.\nThe social worker was rude.",
            envelope_sender="sam@example.org",
        )
        session.add(message)
        session.flush()
        assert message.id is not None
        session.add(
            Attachment(
                correspondence_id=message.id,
                filename="call-log.pdf",
                content_type="application/pdf",
                size=9,
                sha256="0" * 64,
                content=b"%PDF-1.4\n",
            )
        )
        apply_triage(service, session,
            case=case,
            actor=TRIAGE,
            result=TriageResult(
                record_kind=RecordKind.COMPLAINT,
                route=Route.STATUTORY,
                complainant_type=ComplainantType.PARENT,
                issues=(
                    IssueProposal(IssueCategory.COMMUNICATION, "fostering"),
                    IssueProposal(IssueCategory.STAFF_CONDUCT, "assessment"),
                ),
            ),
        )
        return case.reference


def test_a_complaint_from_start_to_the_ombudsman(
    engine: Engine, reference: str, tmp_path: Path
) -> None:
    ok("case", reference, "acknowledge", "--on", "2026-01-06", "--as", "Jo Officer")
    assert ok("case", reference, "assign", "--to", "assessment.manager@heard.localhost").endswith(
        "assigned to Assessment Team Manager\n"
    )  # kept by email (the rule file gives them no Slack user id), shown by name
    for said in ("Pat Manager", "<script>", "U0NOBODY"):  # walkerB item 3: only whom it knows
        code, out, err = heard("case", reference, "assign", "--to", said)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
        assert f"--to: '{said}' is not in the rule file: give the name, email address" in err
    ok("case", reference, "assign", "--to", "Fostering", "--on", "2026-01-06")  # its manager
    out = ok(
        "case",
        reference,
        "respond",
        "--on",
        "2026-01-16",
        "--outcome",
        "1=upheld",
        "--finding",
        "1=We read the records.",
        "--outcome",
        "2=not_upheld",
        "--finding",
        "2=We read the records.",
        "--remedy",
        "apology",
        "--remedy",
        "financial:150",
        "--manager-contact",
    )
    assert "partially upheld, in time" in out
    shown = ok("cases", "show", reference)
    assert "Sam Parent <sam@example.org>" in shown
    assert "subject: Nobody returns my calls" in shown
    assert "The social worker was rude." in shown
    assert "call-log.pdf  application/pdf  9 bytes" in shown
    assert "1. Communication -> Fostering: Upheld" in shown
    assert "2. Staff conduct/attitude -> Assessment and Intervention: Not upheld" in shown
    assert "Statutory stage 1" in shown and "met 16 January 2026" in shown
    assert "    remedies: Apology, Financial £150.00\n" in shown  # under the stage that gave them
    assert shown.index("acknowledged the complaint") < shown.index("recorded the response")

    target = tmp_path / "out.pdf"
    ok("cases", "attachment", reference, "1", "-o", str(target))
    assert target.read_bytes() == b"%PDF-1.4\n"

    ok("case", reference, "escalate", "--on", "2026-02-02")
    ok(
        "case",
        reference,
        "respond", "--remedy", "apology",
        "--on",
        "2026-03-06",
        "--outcome",
        "1=upheld",
        "--finding",
        "1=We read the records.",
        "--outcome",
        "2=partially_upheld",
        "--finding",
        "2=We read the records.",
    )
    ok("case", reference, "escalate", "--on", "2026-04-01")
    code, _, err = heard("case", reference, "panel-held", "--on", "2026-05-13")
    assert code == 2 and err.strip().endswith("arrange the panel first: the complainant is told "
                                              "its date and that they may attend with an advocate")  # fmt: skip
    assert len(err.strip().splitlines()) == 1
    arranged(engine, reference, date(2026, 5, 13))
    ok("case", reference, "panel-held", "--on", "2026-05-13")
    ok("case", reference, "chair-report", "--on", "2026-05-18")
    out = ok(
        "case",
        reference,
        "respond", "--remedy", "apology",
        "--on",
        "2026-06-01",
        "--outcome",
        "1=upheld",
        "--finding",
        "1=We read the records.",
        "--outcome",
        "2=upheld",
        "--finding",
        "2=We read the records.",
    )
    assert "upheld, in time" in out
    ok("case", reference, "close", "--on", "2026-06-02")
    code, out, err = heard("case", reference, "lgsco-received", "--reference", "see letter",
                           "--on", "2026-07-01")  # fmt: skip
    assert code == 2 and "Traceback" not in out + err, err
    assert err.strip() == (
        "heard: --reference: The Ombudsman's reference looks like 23 012 345: two digits, then "
        "three, then three (spaces optional), as on their letter"
    ), err
    code, out, err = heard("case", reference, "lgsco-received", "--on", "2026-07-01")
    assert code == 2 and err.strip() == (
        "heard: --reference: Give the Ombudsman's reference from their letter or email"
    ), err  # as Slack asks for it (walkerI)
    ok("case", reference, "lgsco-received", "--reference", "25 012 345", "--on", "2026-07-01")
    out = ok(
        "case",
        reference,
        "lgsco-decision",
        "--finding",
        "upheld_with_injustice",
        "--remedy",
        "apology and £300",
        "--on",
        "2026-09-01",
    )
    assert "upheld with injustice" in out
    shown = ok("cases", "show", reference)
    assert "Ombudsman 25 012 345: received 1 July 2026, decided 1 September 2026" in shown
    assert "OVERDUE" not in shown
    stages = shown[shown.index("Stages:") :]
    for stage, remedies in (
        ("Statutory stage 1", "Apology, Financial £150.00"),
        ("Statutory stage 2", "Apology"),
        ("Statutory stage 3", "Apology"),
    ):  # each stage's remedies right under it, never one list after them all (walkerF)
        below = stages[stages.index(f"  {stage}: opened") :].split("\n  Statutory", 1)[0]
        assert f"    remedies: {remedies}\n" in below + "\n", (stage, below)
    assert "  remedy: " not in shown


def test_a_pause_moves_the_due_date(reference: str) -> None:
    ok("case", reference, "pause", "--reason", "police_investigation", "--on", "2026-01-08")
    assert "paused since 8 January 2026" in ok("cases", "show", reference)
    code, _, err = heard(
        "case",
        reference,
        "respond", "--remedy", "apology",
        "--on",
        "2026-01-09",
        "--outcome",
        "1=upheld",
        "--finding",
        "1=We read the records.",
        "--outcome",
        "2=upheld",
        "--finding",
        "2=We read the records.",
    )
    assert code == 2 and "paused" in err
    assert f"heard: {reference} (open, Statutory stage 1, paused): " in err, err
    out = ok("case", reference, "resume", "--on", "2026-01-22")
    assert "moved by 10 working days" in out
    assert "due Monday 2 February 2026" in ok("cases", "show", reference)


def test_an_overdue_stage_one_may_go_to_stage_two(reference: str) -> None:
    out = ok("case", reference, "escalate", "--on", "2026-01-20")
    assert "Statutory stage 2" in out


def test_a_closed_case_is_reopened_with_a_reason_and_no_letter(
    reference: str, engine: Engine
) -> None:
    """The family asks for stage 2 after the case closed: staff reopen it from that day and
    the request is accepted from it; wrong input is one line, and reopening writes to nobody."""
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", *BOTH_UPHELD)
    ok("case", reference, "close", "--confirm", "--on", "2026-01-20")
    with session_scope(engine) as session:
        letters = len(session.exec(select(Correspondence)).all())
    for args, message in [
        (["reopen", "--on", "2026-02-02"], "Missing option '--reason'"),
        (["reopen", "--reason", " ", "--on", "2026-02-02"], "cannot reopen without a reason"),
        (["reopen", "--reason", "asked", "--on", "2026-01-19"], "before the case was closed"),
        (["reopen", "--reason", "asked", "--on", "2-2-2026"], "not a date"),
    ]:
        code, out, err = heard("case", reference, *args)
        assert code == 2 and message in err, (args, out + err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    out = ok("case", reference, "reopen", "--reason", "asked for stage 2", "--on", "2026-02-02")
    assert out.strip() == f"{reference}: responded, Statutory stage 1; reopened 2 February 2026"
    with session_scope(engine) as session:
        assert len(session.exec(select(Correspondence)).all()) == letters, "no letter"
    code, _, err = heard("case", reference, "reopen", "--reason", "again")
    assert code == 2 and "cannot reopen: the stage is answered" in err
    assert "Statutory stage 2" in ok("case", reference, "escalate", "--on", "2026-02-02")


def test_closing_while_stage_two_may_be_asked_for_needs_confirm(
    reference: str, engine: Engine
) -> None:
    """walkerB item 2: the complainant has 20 working days from the stage 1 response to ask for
    stage 2; closing before then says so, in one line, and closes only with --confirm. A closed
    case then takes no advocacy (item 1) and no event date, as the web view and Slack refuse
    them."""
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", *BOTH_UPHELD)
    code, out, err = heard("case", reference, "close", "--on", "2026-01-20")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    assert "until Friday 13 February 2026 to ask for statutory stage 2" in err
    assert err.strip().endswith("Add --confirm to close it now.")
    assert "responded" in ok("cases", "show", reference)
    out = ok("case", reference, "close", "--confirm", "--on", "2026-01-20")
    assert out.strip() == f"{reference}: closed, Statutory stage 1; closed 20 January 2026"
    code, out, err = heard("case", reference, "advocacy", "--offered", "--on", "2026-01-21")
    assert code == 2 and "the case is closed: reopen it first to record advocacy" in err
    assert err.count(reference) == 1  # named once, by the CLI's prefix
    code, out, err = heard("case", reference, "event-date", "2026-01-02")  # as the web and Slack
    assert code == 2 and "the case is closed: reopen it first to record an event date" in err
    with session_scope(engine) as session:
        assert session.exec(select(Case.event_on).where(Case.reference == reference)).one() is None
    # walkerF item 2: what the web and Slack leave off a closed case's page and card, the CLI
    # refused nowhere (confirm-triage answered 'triage confirmed as proposed', letters-by
    # 'letters go by email'); casework refuses it now, in one line naming the case once
    for action, what in (("confirm-triage", "the triage"), ("letters-by", "how letters go")):
        args = ("email",) if action == "letters-by" else ()
        code, out, err = heard("case", reference, action, *args, "--as", "Jo Officer")
        assert code == 2 and f"the case is closed: reopen it first to record {what}" in err, err
        assert err.count(reference) == 1 and len(err.strip().splitlines()) == 1
    # a call from the family is kept on a closed case, as their email is (and triage reads it)
    said = ok("case", reference, "log", "--channel", "telephone", "--text", "Mum rang again.")
    assert "telephone of" in said and "logged" in said


def test_an_extension_agreed_too_late_is_refused(reference: str) -> None:
    code, _, err = heard(
        "case",
        reference,
        "extend",
        "--to",
        "2026-01-30",
        "--agreed-on",
        "2026-01-20",
        "--reason",
        "sick",
    )
    assert code == 2 and "after the due date 19 January 2026" in err
    ok(
        "case",
        reference,
        "extend",
        "--to",
        "2026-01-30",
        "--agreed-on",
        "2026-01-15",
        "--reason",
        "sick",
    )


def test_a_stage_two_extension_without_agreement_names_the_letters_reason(
    reference: str,
) -> None:
    """Stage 2 may run to 65 working days without the complainant's agreement, and the letter
    tells them why: the refusal names the option that carries the reason they read."""
    ok("case", reference, "escalate", "--on", "2026-01-20")
    code, _, err = heard(
        "case", reference, "extend", "--to", "2026-03-20", "--reason", "three teams", "--preview"
    )
    assert code == 2 and "--reason-for-complainant" in err, err
    assert len(err.strip().splitlines()) == 1


def test_learning_advocacy_and_recommendations(reference: str) -> None:
    out = ok(
        "case",
        reference,
        "learning",
        "--text",
        "Return calls within two days",
        "--owner",
        "fostering",
        "--due",
        "2026-03-31",
        "--on",
        "2026-01-16",
        "--as",
        "Jo Officer",
    )
    assert out.strip().endswith(
        "learning 1 identified 16 January 2026 (fostering, due 31 March 2026)"
    )
    ok("case", reference, "learning-status", "1", "--status", "in_progress", "--on", "2026-02-02")
    ok("case", reference, "advocacy", "--offered", "--on", "2026-01-07")
    out = ok(
        "case",
        reference,
        "advocacy",
        "--taken-up",
        "--organisation",
        "Coram Voice",
        "--on",
        "2026-01-09",
    )
    assert "advocacy taken up (Coram Voice) 9 January 2026" in out
    ok("case", reference, "lgsco-received", "--reference", "25 012 345", "--on", "2026-01-12")
    ok(
        "case",
        reference,
        "lgsco-decision",
        "--finding",
        "upheld_with_injustice",
        "--recommendation",
        "Apologise@2026-03-02",
        "--recommendation",
        "Train staff@2026-04-01",
        "--on",
        "2026-02-02",
    )
    ok(
        "case",
        reference,
        "recommendation-status",
        "2",
        "--status",
        "completed",
        "--on",
        "2026-02-03",
    )
    code, _, err = heard(
        "case", reference, "recommendation-status", "1", "--status", "outstanding"
    )  # progress says what was done
    assert code == 2 and "needs a note of what was done" in err and len(err.splitlines()) == 1
    ok(
        "case", reference, "recommendation-status", "1", "--status", "outstanding",
        "--note", "Draft apology with the service manager", "--on", "2026-02-03",
    )  # fmt: skip
    ok(
        "case",
        reference,
        "learning",
        "--text",
        "Audit call logs",
        "--owner",
        "assessment",
        "--ombudsman",
        "--on",
        "2026-02-03",
    )
    ok(
        "case",
        reference,
        "learning-status",
        "2",
        "--status",
        "not_implemented",
        "--why",
        "Team restructured",
        "--on",
        "2026-02-04",
    )
    shown = ok("cases", "show", reference)
    assert (
        "learning 1: Return calls within two days (Fostering, in progress, due 31 March 2026)"
        in shown
    )
    assert (
        "learning 2: Audit call logs (Assessment and Intervention, not implemented, from the "
        "Ombudsman); "
        "why not: Team restructured" in shown
    )
    assert "advocacy: taken up (offered 7 January 2026, taken up 9 January 2026), Coram Voice" in shown
    assert "recommendation 1: Apologise (due 2 March 2026, outstanding)" in shown
    assert (
        "(due 2 March 2026, outstanding); latest note: Draft apology with the service manager"
        in shown
    )
    assert "recommendation 2: Train staff (due 1 April 2026, completed 3 February 2026)" in shown
    trail = shown[shown.index("Audit trail:") :]
    # named and said in words, as the web's trail says them (one mapping: cases.changes)
    assert "Jo Officer  recorded a learning action" in trail
    for action in ("updated a learning action", "recorded advocacy",
                   "recorded the Ombudsman's recommendation"):  # fmt: skip
        assert action in trail
    assert "cli:" not in trail and "_" not in trail


def test_show_names_people_and_says_what_they_did_as_the_web_trail_does(reference: str) -> None:
    """walkerF item 1: `heard cases show` printed 'cli:Jo Officer  note_added', 'smtp  created'
    and 'assign: assessment.manager@…' where the web's trail and Slack's thread say who by name
    and what in words. Every door reads one mapping (cases.changes.done_words,
    Organisation.who, casework.trail)."""
    ok("case", reference, "assign", "--to", "assessment.manager@heard.localhost",
       "--as", "Jo Officer")  # fmt: skip
    refused = heard("case", reference, "clear-attention", "--reason", "Read it")[2]
    assert refused == (
        f"heard: {reference} (open, Statutory stage 1): cannot clear the attention flag: "
        "nothing is waiting for a person to look\n"
    )
    # every --on is the day something happened to the case: not before it came, not to come
    for day, said in (("2025-12-01", "is before the complaint was received"), ("2099-01-01", "future")):
        code, _, err = heard("case", reference, "assign", "--to", "Fostering", "--on", day)
        assert code == 2 and said in err and "--on" in err, err
    shown = ok("cases", "show", reference)
    trail = shown[shown.index("Audit trail:") :]
    assert "heard (mail in)  logged the case" in trail
    assert "heard (triage)  proposed the triage" in trail
    assert "Jo Officer  assigned the case: Assessment Team Manager" in trail
    assert not re.search(r"\b(cli|web|slack):|\w_\w", trail), trail
    assert "Statutory stage 1" in shown and "statutory_1" not in shown
    reads = ok("case", reference, "reads")
    assert "opened the case (heard cases show)" in reads


def test_text_longer_than_the_web_and_slack_take_is_refused_naming_the_option(
    reference: str,
) -> None:
    """walkerF: a 120,000-character --finding went into the letter's preview, and --reason into
    the audit trail, where the web's boxes and Slack's modals stop at 3,000 and 1,000."""
    big = "w " * 60000
    code, _, err = heard("case", reference, "respond", "--outcome", "1=upheld",
                           "--finding", f"1={big}", "--outcome", "2=not_upheld",
                           "--finding", "2=ok", "--remedy", "apology", "--preview")  # fmt: skip
    assert code == 2 and err == (
        "heard: --finding 1 must be 3,000 characters or fewer (this is 119,999)\n"
    )
    code, _, err = heard("case", reference, "extend", "--to", "2026-01-30",
                           "--agreed-on", "2026-01-06", "--reason", big)  # fmt: skip
    assert code == 2 and err.startswith("heard: --reason must be 1,000 characters or fewer")
    code, _, err = heard("case", reference, "extend", "--to", "2026-01-30", "--agreed-on",
                         "2026-01-06", "--reason", "ok", "--reason-for-complainant", big)  # fmt: skip
    assert code == 2 and err == (
        "heard: --reason-for-complainant must be 1,000 characters or fewer (this is 120,000)\n"
    )
    code, _, err = heard("case", reference, "respond", "--outcome", "1=upheld", "--finding",
                         "1=ok", "--outcome", "2=not_upheld", "--finding", "2=ok", "--remedy",
                         "apology", "--learning", big, "--preview")  # fmt: skip
    assert code == 2 and err == "heard: --learning must be 2,000 characters or fewer (this is 120,000)\n"
    for action in (("assign", "--to", "Fostering"), ("log", "--channel", "letter", "--text", "x")):
        code, _, err = heard("case", reference, *action, "--as", "  ")  # no name, not the login
        assert code == 2 and err == "heard: --as: give a name\n", err


def test_every_action_the_audit_log_records_has_words() -> None:
    """No door falls back to an action's stored name: each lifecycle step, note and audit
    action is said in words (cases.changes)."""
    from cases.changes import Note, done_words
    from cases.enums import AuditAction
    from cases.lifecycle import Action

    for action in [*Action, *Note, *AuditAction]:
        said = done_words(action.value)
        assert said != action.value.replace("_", " "), action


BOTH_UPHELD = ("--outcome", "1=upheld", "--finding", "1=Read the log.",
               "--outcome", "2=upheld", "--finding", "2=Read the log.")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "unknown action 'frobnicate'"),
        (["respond", "--outcome", "1=great"], "not one of"),
        (["respond", "--outcome", "one"], "ISSUE=OUTCOME"),
        (["respond", "--remedy", "apology", "--outcome", "1=upheld", "--finding", "1=Read."], "issue 2 needs an outcome"),
        (["respond", "--remedy", "apology", "--outcome", "1=upheld", "--outcome", "2=withdrawn"], "(--finding 1=TEXT)"),
        (
            ["respond", "--outcome", "1=resolved", "--outcome", "2=inconclusive", "--finding", "2= "],
            "not ISSUE=TEXT",
        ),
        (
            ["respond", *BOTH_UPHELD, "--remedy", "hug"],
            "--remedy: unknown remedy 'hug'",
        ),
        (
            ["respond", *BOTH_UPHELD, "--remedy", "financial:-5"],
            "--remedy: A financial remedy must be a sum in pounds",
        ),
        # an upheld point is owed what puts it right: the rule and words are casework's
        (
            ["respond", *BOTH_UPHELD],
            "--remedy: Issue 1 is upheld: choose what the council will do to put it right",
        ),
        (
            ["respond", *BOTH_UPHELD, "--remedy", "no_remedy_required"],
            "--remedy: Issue 1 is upheld: choose what the council will do to put it right",
        ),
        (
            ["respond", *BOTH_UPHELD, "--remedy", "apology", "--remedy", "no_remedy_required"],
            "--remedy: No remedy required cannot go with other remedies",
        ),
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD[:4], "--outcome", "3=upheld", "--finding", "3=Read."],
            "no issue 3",
        ),
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD, "--on", "2099-01-01"],
            "future",
        ),
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD, "--on", "2025-12-01"],
            "before the complaint",
        ),
        # late (stage 1 was due by 19 January) needs its reason: the rule and words are casework's
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD, "--on", "2026-02-02"],
            "--delay-reason: The response was due by 19 January 2026: say why it was late",
        ),
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD, "--on", "2026-02-02",
             "--delay-reason", "  "],
            "--delay-reason: The response was due by 19 January 2026: say why it was late",
        ),
        # and its reason as the complainant will read it (staff's own may name a worker)
        (
            ["respond", "--remedy", "apology", *BOTH_UPHELD, "--on", "2026-02-02",
             "--delay-reason", "SW off sick", "--delay-reason-for-complainant", " "],
            "--delay-reason-for-complainant: The response was due by 19 January 2026: say why it "
            "is late as the complainant will read it (the letter apologises for the delay and "
            "gives this reason)",
        ),
        (["acknowledge", "--on", "yesterday"], "not a date"),
        (["extend", "--to", "2026-01-30"], "Missing option"),
        (["pause", "--reason", "holiday"], "legal_proceedings"),
        (["lgsco-decision", "--finding", "premature"], "no enquiry is open"),
        (["lgsco-decision", "--finding", "nice"], "not one of"),
        (["clear-attention", "--reason", "checked"], "nothing is waiting"),
        (["lgsco-replied"], "no enquiry is open"),
        (["panel-held"], "this is for Statutory stage 3"),
        (["resume"], "not paused"),
        (["confirm-triage", "--kind", "compliment", "--why", "x"], "no complaints procedure"),
        (["confirm-triage", "--route", "none", "--why", "x"], "A complaint needs a route"),
    ],
)
def test_wrong_input_gets_one_line(reference: str, args: list[str], message: str) -> None:
    code, out, err = heard("case", reference, *args)
    assert code == 2, out + err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_wrong_input_to_learning_advocacy_and_recommendations(reference: str) -> None:
    """One case for all of these (the fixture is the slow part): each is one line, exit 2."""
    for args, message in [
        (["learning", "--text", "x", "--owner", "nobody"], "--owner: no team 'nobody'"),
        (["learning", "--text", " ", "--owner", "fostering"], "--text: say what"),
        (
            ["learning", "--text", "x", "--owner", "fostering", "--due", "2026-01-01"],
            "before the day it was identified",
        ),
        (["learning", "--text", "x", "--owner", "fostering", "--ombudsman"], "no Ombudsman"),
        (["learning-status", "1", "--status", "implemented"], "has no learning action 1"),
        (["learning-status", "1", "--status", "done"], "not one of identified"),
        (["learning-status", "1", "--status", "not_implemented"], "--why: say why"),
        (["learning-status", "x", "--status", "implemented"], "valid integer"),
        (["advocacy"], "one of --offered, --taken-up or --declined"),
        (["advocacy", "--offered", "--declined"], "one of --offered"),
        (["advocacy", "--offered", "--on", "2099-01-01"], "future"),
        (["recommendation-status", "1", "--status", "completed"], "no Ombudsman recommendation 1"),
        (["recommendation-status", "1", "--status", "finished"], "not one of outstanding"),
    ]:
        code, out, err = heard("case", reference, *args)
        assert code == 2 and message in err, (args, out + err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    assert "learning 1" not in ok("cases", "show", reference)  # nothing was recorded


def test_unknown_case_and_attachment(reference: str, tmp_path: Path) -> None:
    code, _, err = heard("case", "CSC-2026-999999", "acknowledge")
    assert code == 2 and "no case CSC-2026-999999" in err
    code, _, err = heard("cases", "attachment", reference, "2", "-o", str(tmp_path / "x"))
    assert code == 2 and "no attachment 2 (it has only 1)" in err


def test_the_reading_queue_lists_a_contact_until_someone_reads_it(reference: str) -> None:
    """`heard cases unread`: every contact waits there until a member of staff opens it;
    `heard cases show` is such a read (audited), its --json (no messages) is not."""
    assert reference in ok("cases", "unread")
    assert '"reference": "' + reference in ok("cases", "unread", "--json")
    ok("cases", "show", reference, "--json")
    assert reference in ok("cases", "unread")
    shown = ok("cases", "show", reference, "--as", "Jo Officer")
    assert "The social worker was rude." in shown
    assert reference not in ok("cases", "unread")
    assert "every contact has been read by someone" in ok("cases", "unread")
    assert "Jo Officer  opened the case" in ok("cases", "show", reference)  # in the trail


def test_people_read_a_day_as_the_letters_write_it_and_json_keeps_iso(reference: str) -> None:
    """What the CLI prints for people says '5 January 2026' as the letters, Slack and the web
    do (issue 23, walker item 1); --json keeps ISO for what machines read."""
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    ok("case", reference, "pause", "--reason", "police_investigation", "--on", "2026-01-08")
    for args in [
        ("cases", "list"),
        ("cases", "unread"),
        ("cases", "show", reference),
        ("case", reference, "reads"),
        ("reminders", "list"),
        ("case", reference, "resume", "--on", "2026-01-09"),
    ]:
        printed = ok(*args)
        assert not iso.search(printed), (args, iso.findall(printed))
    listed = ok("cases", "list")
    assert f"{reference}  5 January 2026 at 10:00     Complaint" in listed
    shown = ok("cases", "show", reference)
    assert "received 5 January 2026 at 10:00 by email (deadlines count from 5 January 2026)" in shown
    assert "paused: police investigation from 8 January 2026 to 9 January 2026" in shown
    assert '"received_at": "2026-01-05T10:00:00' in ok("cases", "list", "--json")
    assert '"due_on": "2026-' in ok("cases", "show", reference, "--json")
    # a refusal the procedure words with a day reads the same way
    code, _, err = heard("case", reference, "acknowledge", "--on", "2026-01-02")
    assert code == 2 and "before the complaint was received (5 January 2026)" in err, err


def test_manager_contact_left_out_is_not_known_not_no(engine: Engine, reference: str) -> None:
    """walkerF: leaving out --manager-contact recorded "no" (the annual report counts the
    answered ones: a blank taken as "no" lowers its percentage); --no-manager-contact says no."""
    answers = ("--outcome", "1=not_upheld", "--finding", "1=We read the records.",
               "--outcome", "2=not_upheld", "--finding", "2=We read the records.")  # fmt: skip
    ok("case", reference, "respond", "--on", "2026-01-16", *answers)
    with session_scope(engine) as session:
        stage = session.exec(select(Stage).where(Stage.kind == "statutory_1")).one()
        assert stage.manager_contacted is None
    ok("case", reference, "escalate", "--on", "2026-02-02")
    ok("case", reference, "respond", "--on", "2026-03-06", "--no-manager-contact", *answers)
    with session_scope(engine) as session:
        stage = session.exec(select(Stage).where(Stage.kind == "statutory_2")).one()
        assert stage.manager_contacted is False
