"""One date style for people (issue 23, walker item 5): what heard writes in a case's history
(the web view's table, Slack's thread lines) says "16 November 2026" as the letters do, not
2026-11-16; older entries written in ISO, and procedure refusals, read the same way on the
page and in Slack, on both databases."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from bot.kit import refusal_text
from bot.notify import thread_line
from cases.actor import Actor, Via
from cases.changes import Note
from cases.day_words import long_date, long_moment, people_dates
from cases.enums import Channel
from cases.lifecycle import InvalidTransition
from casework import contacts
from casework.ombudsman import lgsco_received, lgsco_replied
from casework.service import CaseChange, CaseService
from casework.time_limit import set_event_date
from store.audit import history
from store.db import session_scope
from tests.casework.test_actions import TODAY, complaint
from tests.casework.test_actions import service as service
from tests.casework.test_actions import teams as teams  # autouse there and here
from web.actions.running import for_the_form

OFFICER = Actor.staff(Via.CLI, "officer")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_a_day_reads_as_the_letters_write_it() -> None:
    assert long_date(date(2026, 12, 7)) == "7 December 2026"
    assert people_dates("chaser moved to 2026-12-07; asked 2026-02-30") == (
        "chaser moved to 7 December 2026; asked 2026-02-30"  # not a day: left as written
    )
    assert (
        people_dates("ref 12026-12-07 and 2026-12-07T10:00")
        == "ref 12026-12-07 and 2026-12-07T10:00"
    )
    moment = datetime(2026, 12, 7, 9, 5)  # a local time: the caller chose the zone
    assert long_moment(moment) == "7 December 2026 at 09:05"
    assert long_moment(moment, weekday=True) == "Monday 7 December 2026 at 09:05"


def test_what_heard_writes_in_the_history_has_no_iso_day(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        contacts.log_on_case(service, session, case=case, channel=Channel.LETTER,
                             text="A letter about the visits.", actor=OFFICER,
                             at=datetime(2026, 1, 7, 11, 0, tzinfo=UTC))  # fmt: skip
        set_event_date(service, session, case=case, event_on=date(2025, 12, 1), actor=OFFICER)
        lgsco_received(service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 2, 2), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        lgsco_replied(service, session, case=case, replied_on=date(2026, 2, 9), actor=OFFICER,
                      today=TODAY)  # fmt: skip
        assert case.id is not None
        reasons = {e.action: e.reason or "" for e in history(session, case_id=case.id)}
    assert reasons["contact_logged"] == "letter received 7 January 2026"
    assert reasons["event_date"].startswith("event or awareness 1 December 2025: ")
    assert reasons["lgsco_replied"] == "replied to the Ombudsman on 9 February 2026"
    assert not [reason for reason in reasons.values() if ISO.search(reason)]


def test_slack_and_the_web_view_write_an_older_iso_day_as_people_read_it() -> None:
    old = CaseChange(Note.CONTACT_LOGGED, OFFICER, {}, {}, reason="letter received 2026-11-16")
    assert thread_line(old).endswith(": letter received 16 November 2026")
    refused = InvalidTransition(
        "CSC-2026-000001 (closed, statutory_1): the reopening date 2026-01-19 is before the case "
        "was closed (2026-01-20)",
        said="the reopening date 2026-01-19 is before the case was closed (2026-01-20)",
    )
    assert for_the_form(refused) == (
        "The reopening date 19 January 2026 is before the case was closed (20 January 2026)"
    )
    assert refusal_text(refused) == (
        "The reopening date 19 January 2026 is before the case was closed (20 January 2026)."
    )
