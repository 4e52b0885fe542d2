"""The digest lists what is open at the moment it is sent, and every complaint that arrived
since the last one, whatever day a council sends it on (HEARD_DIGEST_CRON).

A complaint that arrives at the weekend, on a bank holiday or after hours starts its
working-day clocks on the next working day (its receipt day), but it is open from the moment
it arrived: a digest sent on Easter Monday morning said "No complaints are open" with the
weekend's complaints waiting, and one sent on a Sunday left out Saturday's."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from zoneinfo import ZoneInfo

from sqlmodel import select

from heard.context import AppContext
from heard.wiring import messenger
from scheduler.digest import build_digest
from scheduler.digest_send import send_digests
from store.db import session_scope
from store.models import OutboxMessage
from tests.scheduler.test_digest import case

LONDON = ZoneInfo("Europe/London")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def sent_text(app: AppContext, at: datetime) -> str:
    """The text of the council's digest queued at `at` (the email to HEARD_DIGEST_TO)."""
    with session_scope(app.engine) as session:
        rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.target == "dcs@council.example")
        ).all()
        [row] = [row for row in rows if row.created_at == at]
        message = message_from_string(row.payload["message"], policy=default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())


def send(app: AppContext, at: datetime) -> str:
    sent = send_digests(
        app.engine, messenger=messenger(app.settings), organisation=app.organisation,
        calendar=app.calendar, now=at, recipients=["dcs@council.example"],
        council_name="Example Borough Council",
    )  # fmt: skip
    assert sent >= 1
    return sent_text(app, at)


def test_easter_monday_morning_lists_the_weekends_complaints(app: AppContext) -> None:
    """Good Friday 3 April 2026 and Easter Monday 6 April: mail on Saturday 4 April counts
    from Tuesday 7 April, and the Monday digest at 08:00 was sent before then."""
    refs: list[str] = []
    case(app, local(date(2026, 4, 4), 11), "fostering", ref=refs)
    case(app, local(date(2026, 4, 5), 21, 30), "adoption", ref=refs)
    text = send(app, local(date(2026, 4, 6), 8))
    assert "2 open, none overdue." in text
    assert "as they stood at 08:00 on Monday 6 April 2026." in text
    assert f"- {refs[0]}, Fostering: Stage 1, received Saturday 4 April 2026 at 11:00." in text
    assert f"- {refs[1]}, Adoption: Stage 1, received Sunday 5 April 2026 at 21:30." in text
    assert "No complaints are open" not in text


def test_a_past_day_counts_what_had_arrived_by_its_end(app: AppContext) -> None:
    """`heard digest preview --as-of` a Sunday: Saturday's complaint was open that day (its
    clock starts Monday); one that arrived on Monday was not."""
    refs: list[str] = []
    case(app, local(date(2026, 2, 28), 10), "fostering", ref=refs)
    case(app, local(date(2026, 3, 2), 10), "fostering", ref=refs)
    with app.engine.connect() as connection:
        sunday = build_digest(
            connection, organisation=app.organisation, calendar=app.calendar,
            today=date(2026, 3, 1),
        )  # fmt: skip
    assert sunday.headline == "1 open, none overdue."
    assert [line.reference for line in sunday.arrived] == [refs[0]]
    assert sunday.as_at == "the end of Sunday 1 March 2026"


def test_every_arrival_is_new_in_exactly_one_digest_whatever_day_it_goes(
    app: AppContext,
) -> None:
    """Complaints arrive every other day for five weeks (so on every day of the week), before
    opening, at noon or after hours; a digest goes at 08:00 on a different day of each week
    (HEARD_DIGEST_CRON is the council's). Each lists as new exactly those that arrived since
    the one before, and every complaint received by then as open (none is answered)."""
    first_monday = date(2026, 3, 2)
    arrivals: list[tuple[datetime, str]] = []
    hours = [(7, 30), (12, 0), (19, 30)]
    for n in range(18):
        refs: list[str] = []
        at = local(first_monday + timedelta(days=2 * n), *hours[n % 3])
        case(app, at, "fostering", ref=refs)
        arrivals.append((at, refs[0]))
    previous = local(first_monday, 0)
    seen: list[str] = []
    for week, weekday in enumerate([6, 0, 2, 4, 5]):  # Sunday, Monday, Wednesday, Friday, Saturday
        at = local(first_monday + timedelta(days=7 * week + weekday), 8)
        text = send(app, at)
        new = [ref for moment, ref in arrivals if previous <= moment < at]
        section = text.split("New since ")[1].splitlines()
        listed = list(itertools.takewhile(lambda line: line.startswith("- "), section[1:]))
        assert [line.split(",")[0][2:] for line in listed] == new, section
        received = sum(1 for moment, _ in arrivals if moment < at)
        assert f"{received} open" in text
        seen += new
        previous = at
    assert len(seen) == len(set(seen)) == sum(1 for moment, _ in arrivals if moment < previous)
