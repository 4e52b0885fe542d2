"""Subject access requests and data protection complaints as records with their own clocks
(issue 27, parts 3 and 4): one month (three if complex, the clock stopped while waiting),
30 days to acknowledge a data protection complaint, chased like the others, and triage
recognises both."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.calendar import WorkingCalendar
from cases.data_protection import add_months, answer_day, clock_for
from cases.day_words import long_date
from cases.enums import CaseStatus, DeadlineRule, RecordKind
from heard.settings import DEFAULT_RULES_PATH
from scheduler.rules import ChaserPolicy, DeadlineFacts, ReminderKind, plan
from store.db import read_scope
from store.models import Case, Deadline
from tests.cli.test_case_cli import heard, ok
from triage.engine import Contact, triage
from triage.rulebook import load_rulebook


def test_the_clocks() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)  # no 31 February: its last day
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    calendar = WorkingCalendar()
    sar = clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST, received_on=date(2026, 9, 10), calendar=calendar
    )
    assert (sar.due, sar.maximum) == (
        date(2026, 10, 12),
        date(2026, 12, 10),
    )  # 10 October: a Saturday
    complaint = clock_for(
        RecordKind.DATA_PROTECTION_COMPLAINT, received_on=date(2026, 7, 1), calendar=calendar
    )
    assert complaint.due == date(2026, 7, 31) and complaint.maximum is None


def test_a_limit_on_a_weekend_or_bank_holiday_runs_to_the_next_working_day() -> None:
    """The ICO's guidance on time limits (walker3, walking `heard sar new`: a request received
    on Saturday 1 January 2020 was due 'by Saturday 1 February 2020')."""
    calendar = WorkingCalendar(closure_days=frozenset({date(2027, 1, 4)}))
    sar = clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST, received_on=date(2020, 1, 1), calendar=calendar
    )
    assert sar.due == date(2020, 2, 3)  # Saturday 1 February: Monday 3 February
    # Monday 28 December 2026 is the Boxing Day bank holiday; the council's closure day on
    # Monday 4 January 2027 gives it no longer.
    sar = clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST, received_on=date(2026, 11, 28), calendar=calendar
    )
    assert sar.due == date(2026, 12, 29)
    sar = clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST, received_on=date(2026, 12, 4), calendar=calendar
    )
    assert sar.due == date(2027, 1, 4) and sar.maximum == date(2027, 3, 4)
    # Stopped days are added to the calendar limit (4 January), then rolled: Saturday 9th: Monday.
    stopped = clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST,
        received_on=date(2026, 12, 4),
        calendar=calendar,
        stopped=5,
    )
    assert stopped.due == date(2027, 1, 11) and stopped.maximum == date(2027, 3, 9)


def test_they_are_chased() -> None:
    facts = DeadlineFacts(1, DeadlineRule.SUBJECT_ACCESS, date(2026, 10, 5), None, False)
    kinds = [r.kind for r in plan(facts, calendar=WorkingCalendar(), policy=ChaserPolicy())]
    assert kinds == [ReminderKind.DUE_SOON, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE]


def test_triage_recognises_them() -> None:
    rules = load_rulebook(DEFAULT_RULES_PATH)
    for body, kind in [
        ("Under GDPR I am making a subject access request for a copy of my records.", "subject_access_request"),
        ("Please send me all the information you hold about me.", "subject_access_request"),
        ("Your team sent my new address to my ex-partner. It is a data breach.", "data_protection_complaint"),
        ("I am complaining about how you shared my personal data with the school.", "data_protection_complaint"),
    ]:  # fmt: skip
        decided = triage(Contact(subject="", body=body), rules, today=date(2026, 12, 1))
        assert decided.record_kind.value == kind, body


def _clock(engine: Engine, reference: str) -> Deadline:
    with read_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return session.exec(select(Deadline).where(Deadline.case_id == case.id)).one()


def test_a_subject_access_request_from_logging_to_answer(
    reference: str, engine: Engine, tmp_path: Path
) -> None:
    out = ok("sar", "new", "--email", "sam@example.org", "--name", "Sam Parent")
    request = out.split(":")[0]
    assert request.startswith("CSC-") and "answer due by" in out
    clock = _clock(engine, request)
    first = answer_day(add_months(clock.start_on, 1), WorkingCalendar())
    assert clock.rule == "subject_access" and clock.due_on == first
    assert request in ok("sar", "list") and "days left" in ok("sar", "list")

    today = clock.start_on
    ok("case", request, "sar-wait", "--for", "identity")
    assert "clock stopped since" in ok("sar", "list")
    code, _, err = heard("case", request, "sar-wait", "--for", "identity")
    assert code == 2 and "clock stopped on" in err
    assert "answer due by" in ok("case", request, "sar-resume")
    assert _clock(engine, request).due_on == answer_day(add_months(today, 1), WorkingCalendar())
    assert "complex, answer due by" in ok("case", request, "sar-complex", "--reason", "5 cases")
    assert _clock(engine, request).effective_due == answer_day(
        add_months(today, 3), WorkingCalendar()
    )
    code, _, err = heard("case", reference, "sar-complex", "--reason", "x")
    assert code == 2 and "is not a subject access request" in err

    out = ok(
        "sar", "export", "--email", "sam@example.org", "--out", str(tmp_path), "--request", request
    )
    assert "1 case" in out and f"{request}: answered" in out
    assert _clock(engine, request).met_on is not None
    with read_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == request)).one()
        assert case.status == CaseStatus.CLOSED
    assert "nothing waiting" in ok("sar", "list")
    code, _, err = heard(
        "sar", "export", "--email", "a@b.org", "--out", str(tmp_path), "--request", reference
    )
    assert code == 2 and "no subject access request" in err


def test_a_stopped_clock_is_neither_overdue_nor_chased(reference: str) -> None:
    """Waiting for identity: the digest lists the request as paused, not overdue, and no
    chaser is planned for it; a running request past its month is overdue and chased."""
    received = (date.today() - timedelta(days=60)).isoformat()
    running = ok("sar", "new", "--email", "a@example.org", "--received", received).split(":")[0]
    stopped = ok("sar", "new", "--email", "b@example.org", "--received", received).split(":")[0]
    waited = (date.today() - timedelta(days=50)).isoformat()
    ok("case", stopped, "sar-wait", "--for", "identity", "--on", waited)

    digest = ok("digest", "preview")
    overdue = digest[digest.index("Overdue (") : digest.index("Due this week (")]
    paused = digest[digest.index("Paused (") :]
    assert f"{running}, Data protection (no team): Subject access request" in overdue
    assert stopped not in overdue and f"{stopped}, Data protection (no team)" in paused
    assert "subject access request waiting for identity or clarification" in paused
    chasers = ok("reminders", "list")
    assert running in chasers and stopped not in chasers
    listed = ok("sar", "list")  # the day it arrived, which the month counts from
    on = long_date(date.fromisoformat(received))
    assert f"{running}  Subject access request     received {on}" in listed


def test_a_restarted_clock_moves_by_the_days_it_stood(reference: str, engine: Engine) -> None:
    request = ok("sar", "new", "--email", "x@example.org").split(":")[0]
    start = _clock(engine, request).start_on
    stopped = start
    ok("case", request, "sar-wait", "--for", "clarification", "--on", stopped.isoformat())
    # The CLI refuses days in the future, so the clock restarts the same day here; the
    # arithmetic over days is cases/data_protection.stopped_days.
    ok("case", request, "sar-resume", "--on", stopped.isoformat())
    assert _clock(engine, request).due_on == answer_day(add_months(start, 1), WorkingCalendar())


def test_a_data_protection_complaint_is_acknowledged_within_30_days(engine: Engine) -> None:
    from datetime import UTC, datetime

    from cases.actor import SMTP, TRIAGE, Actor, Via
    from cases.enums import Channel, ComplainantType, Route
    from cases.timescales import TimescalePolicy
    from cases.triage_result import TriageResult
    from casework.acknowledgement import acknowledge
    from casework.receiving import create
    from casework.service import CaseService
    from casework.triage import apply_triage
    from store.db import session_scope

    service = CaseService(
        calendar=WorkingCalendar(), timescales=TimescalePolicy(), reference_prefix="CSC"
    )
    received = datetime(2026, 7, 1, 10, tzinfo=UTC)
    with session_scope(engine) as session:
        case = create(service, session, record_kind=RecordKind.COMPLAINT, channel=Channel.EMAIL,
                      received_at=received, actor=SMTP)  # fmt: skip
        apply_triage(service, session, case=case, actor=TRIAGE, result=TriageResult(
            record_kind=RecordKind.DATA_PROTECTION_COMPLAINT, route=Route.NONE,
            complainant_type=ComplainantType.PARENT, issues=()))  # fmt: skip
        clocks = {d.rule: d for d in session.exec(select(Deadline))}
        assert clocks["acknowledgement"].cancelled  # not the complaints acknowledgement
        assert clocks["data_protection_acknowledgement"].due_on == date(2026, 7, 31)
        acknowledge(service, session, case=case, actor=Actor.staff(Via.CLI, "o"), now=received)
        session.flush()
        assert clocks["data_protection_acknowledgement"].met_on == date(2026, 7, 1)
