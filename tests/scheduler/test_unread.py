"""The reading queue is chased within the working day: a contact nobody on the staff has
opened is chased HEARD_UNREAD_CHASE_MINUTES into the day it counts from (half an hour before
closing at the latest), once a day, the service manager too from the next working day, and
never again once someone has read it. Time moves by the settable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from cases.actor import Actor, Part, Via
from cases.calendar import WorkingCalendar
from cases.enums import NotLoggedReason, OutboxPurpose, Route
from cases.triage_result import TriageResult
from casework.reading import record_read
from casework.triage import apply_triage
from heard.context import AppContext
from heard.wiring import build_case_service, build_sweeper
from scheduler.unread import chase_due_at
from store.cases.unread import unread_cases
from store.correspondence import InboundMail, file_inbound
from store.db import read_rows, session_scope
from store.models import Case, OutboxMessage
from tests.scheduler.conftest import clock_of, new_complaint

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def reply(
    case_id: int, arrived: datetime, message_id: str, body: bytes, *, automated: bool = False
) -> InboundMail:
    """A complainant's mail filed on their case, as intake files a reply that arrived then."""
    return InboundMail(
        case_id=case_id,
        at=arrived.astimezone(UTC),
        raw=b"Subject: Re: your complaint\r\n\r\n" + body,
        envelope_sender="parent@example.com",
        envelope_recipients=["complaints@council.example"],
        subject="Re: your complaint",
        message_id=message_id,
        in_reply_to=None,
        fingerprint=None,
        automated=automated,
    )


def unread_chasers(app: AppContext) -> list[tuple[str, str]]:
    with session_scope(app.engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.purpose == OutboxPurpose.CHASER)
            .order_by(OutboxMessage.id)
        )
        return [
            (row.kind.value, row.target) for row in rows if row.dedupe_key.startswith("unread:")
        ]


def last_text(app: AppContext) -> str:
    with session_scope(app.engine) as session:
        row = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()  # type: ignore[union-attr]
        assert row is not None
        return str(row.payload)


def test_when_an_unread_contact_is_first_chased() -> None:
    calendar = WorkingCalendar()
    after = timedelta(hours=2)
    assert chase_due_at(at(2, 10), calendar=calendar, after=after) == at(2, 12)
    # late in the day: half an hour before closing, never the next morning
    assert chase_due_at(at(2, 16), calendar=calendar, after=after) == at(2, 16, 30)
    assert chase_due_at(at(2, 16, 45), calendar=calendar, after=after) == at(2, 16, 45)
    # out of hours (Friday night): from Monday's opening
    assert chase_due_at(at(6, 22), calendar=calendar, after=after) == at(9, 11)


def test_an_unread_contact_is_chased_daily_until_someone_reads_it(app: AppContext) -> None:
    clock = clock_of(app)
    case = new_complaint(app, received_at=at(2, 10).astimezone(UTC))
    worker = build_sweeper(app)
    assert worker.unread_after == timedelta(minutes=120)  # HEARD_UNREAD_CHASE_MINUTES default
    clock.set(at(2, 11, 59))
    assert worker.chase_unread() == 0
    clock.set(at(2, 12))
    assert worker.chase_unread() == 1  # the complaints team
    assert unread_chasers(app) == [("email", "complaints.manager@heard.localhost")]
    clock.set(at(2, 15))
    assert worker.chase_unread() == 0  # once a day
    clock.set(at(2, 20))
    assert worker.chase_unread() == 0  # never out of hours
    clock.set(at(3, 9, 30))
    # next day again, saying how long it has waited (and to the triage team's service
    # manager, who in the test rule file is its manager)
    assert worker.chase_unread() == 1
    assert "has not been opened by anyone for 1 working day" in last_text(app)
    with session_scope(app.engine) as session:
        record_read(
            session,
            reference=case.reference,
            actor=Actor.staff(Via.WEB, "jo@council.example"),
            at=at(3, 10),
            where="test",
        )
    clock.set(at(4, 9, 30))
    assert worker.chase_unread() == 0
    with read_rows(app.engine) as connection:
        assert unread_cases(connection) == []


def test_a_contact_triage_did_not_log_is_read_by_a_person_too(app: AppContext) -> None:
    """A disclosure and nothing else is not logged as a complaint: it must still be read."""
    clock = clock_of(app)
    case = new_complaint(app, received_at=at(2, 10).astimezone(UTC))
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        found = session.get(Case, case.id)
        assert found is not None
        apply_triage(
            service,
            session,
            case=found,
            actor=Actor.staff(Via.CLI, "test"),
            result=TriageResult(
                record_kind=found.record_kind,
                route=Route.NOT_LOGGED,
                complainant_type=found.complainant_type,
                not_logged_reason=NotLoggedReason.SAFEGUARDING_REFERRAL,
                safeguarding=True,
            ),
        )
    with read_rows(app.engine) as connection:
        (waiting,) = unread_cases(connection)
    assert waiting.reference == case.reference and waiting.safeguarding
    clock.set(at(2, 12))
    assert build_sweeper(app).chase_unread() == 1


def test_a_reply_on_a_read_case_waits_to_be_read_again(app: AppContext) -> None:
    """A mail filed on a case after its last read puts the case back in the reading queue
    until someone opens it again; an automatic reply (out of office) does not."""
    case = new_complaint(app, received_at=at(2, 10).astimezone(UTC))
    reader = Actor.staff(Via.WEB, "jo@council.example")

    def mail(hour: int, *, automated: bool = False) -> InboundMail:
        return reply(
            case.id, at(2, hour), f"<{hour}@example.com>", b"One more thing.", automated=automated
        )

    def waiting() -> list[str]:
        with read_rows(app.engine) as connection:
            return [each.reference for each in unread_cases(connection)]

    with session_scope(app.engine) as session:
        record_read(session, reference=case.reference, actor=reader, at=at(2, 11), where="test")
    assert waiting() == []
    with session_scope(app.engine) as session:
        file_inbound(session, [mail(12, automated=True)], actor=Actor.system(Part.SMTP))
    assert waiting() == []  # an out-of-office is not a contact to read
    with session_scope(app.engine) as session:
        file_inbound(session, [mail(13)], actor=Actor.system(Part.SMTP))
    assert waiting() == [case.reference]
    with session_scope(app.engine) as session:
        record_read(session, reference=case.reference, actor=reader, at=at(2, 14), where="test")
    assert waiting() == []


def test_a_reply_on_an_old_case_is_chased_from_when_it_arrived(app: AppContext) -> None:
    """A mail on a case received months ago and read then waits from its own arrival: it is
    chased that working day (the case's receipt is older than the chaser's 60-day horizon) and
    the chaser counts the days since the reply, not since the complaint."""
    clock = clock_of(app)
    case = new_complaint(app, received_at=datetime(2025, 11, 3, 10, tzinfo=UTC))
    with session_scope(app.engine) as session:
        record_read(
            session,
            reference=case.reference,
            actor=Actor.staff(Via.WEB, "jo@council.example"),
            at=datetime(2025, 11, 3, 11, tzinfo=UTC),
            where="test",
        )
        file_inbound(
            session,
            [reply(case.id, at(16, 10), "<old-case-reply@example.com>", b"Still waiting.")],
            actor=Actor.system(Part.SMTP),
        )
    worker = build_sweeper(app)
    clock.set(at(16, 11, 59))
    assert worker.chase_unread() == 0  # two hours into the reply's own day
    clock.set(at(16, 12))
    assert worker.chase_unread() == 1
    assert "has not been opened by anyone since it arrived today" in last_text(app)
    clock.set(at(17, 9, 30))
    assert worker.chase_unread() == 1
    assert "for 1 working day:" in last_text(app)
    with read_rows(app.engine) as connection:
        (waiting,) = unread_cases(connection)
    assert waiting.waiting_since == at(16, 10)


def test_reading_another_case_leaves_a_reply_waiting_from_its_arrival(app: AppContext) -> None:
    """Since when a reply waits is its own case's business: a read of another case after the
    reply came neither moves it back to the complaint's receipt (past the chaser's 60-day
    horizon, so never chased) nor takes it out of the queue."""
    clock = clock_of(app)
    reader = Actor.staff(Via.WEB, "jo@council.example")
    old, other = (
        new_complaint(app, received_at=datetime(2025, 11, 3, 10, tzinfo=UTC)) for _ in range(2)
    )
    with session_scope(app.engine) as session:
        for case in (old, other):
            record_read(session, reference=case.reference, actor=reader, at=at(2, 11), where="t")
        file_inbound(
            session,
            [reply(old.id, at(16, 10), "<reply-then-other-read@example.com>", b"Any news?")],
            actor=Actor.system(Part.SMTP),
        )
        record_read(session, reference=other.reference, actor=reader, at=at(16, 11), where="t")
    with read_rows(app.engine) as connection:
        (waiting,) = unread_cases(connection)
    assert (waiting.reference, waiting.waiting_since) == (old.reference, at(16, 10))
    clock.set(at(16, 12))
    assert build_sweeper(app).chase_unread() == 1


def test_a_reply_on_a_closed_or_withdrawn_case_waits_to_be_read(app: AppContext) -> None:
    """A complainant who writes after their case was closed (unhappy with the response, or
    wanting a withdrawn complaint back) is read and chased like any contact: the case is flagged
    on arrival, and the reading queue is the net that makes someone open it. A closed case with
    no mail since it closed stays out, however it was closed."""
    from cases.enums import Outcome
    from casework.closing import close, withdraw
    from casework.response import ResponseInput, record_response
    from tests.outcome_letters import findings_for

    clock = clock_of(app)
    service = build_case_service(app)
    reader = Actor.staff(Via.WEB, "jo@council.example")
    closed, withdrawn, quiet = (
        new_complaint(app, received_at=at(2, 10).astimezone(UTC)) for _ in range(3)
    )
    with session_scope(app.engine) as session:
        for case in (closed, withdrawn):
            record_read(session, reference=case.reference, actor=reader, at=at(2, 11), where="t")
        for case, end in ((closed, close), (withdrawn, withdraw), (quiet, close)):
            row = session.get(Case, case.id)
            assert row is not None
            if end is close:
                answered = {1: Outcome.NOT_UPHELD}
                record_response(service, session, case=row, actor=reader, response=ResponseInput(
                    responded_on=at(3, 9).date(), issue_outcomes=answered,
                    findings=findings_for(answered),
                ))  # fmt: skip
            ended = {"confirmed": True} if end is close else {}  # within the stage 2 window
            end(service, session, case=row, actor=reader, now=at(3, 10).astimezone(UTC), **ended)
    with read_rows(app.engine) as connection:
        assert unread_cases(connection) == []
    with session_scope(app.engine) as session:
        file_inbound(
            session,
            [
                reply(
                    case.id,
                    at(16, 10),
                    f"<after-closing-{case.id}@example.com>",
                    b"I am not happy with the answer.",
                )
                for case in (closed, withdrawn)
            ],
            actor=Actor.system(Part.SMTP),
        )
    with read_rows(app.engine) as connection:
        waiting = unread_cases(connection)
    assert [case.reference for case in waiting] == [closed.reference, withdrawn.reference]
    assert {case.waiting_since for case in waiting} == {at(16, 10)}
    clock.set(at(16, 12))
    assert build_sweeper(app).chase_unread() == 2
    with session_scope(app.engine) as session:
        record_read(session, reference=closed.reference, actor=reader, at=at(16, 13), where="t")
    with read_rows(app.engine) as connection:
        assert [case.reference for case in unread_cases(connection)] == [withdrawn.reference]
