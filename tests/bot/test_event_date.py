"""An event or awareness date on each complaint (issue 23 item 3): staff give it from the
card's Event date button (or `heard case REF event-date`); the 12-month time limit is read
again from it and the audit log says which way it went."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlmodel import select

from bot import ids
from cases.day_words import long_date
from cases.triage_notes import OUT_OF_TIME_NOTE
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry
from tests.bot.clicking import action_ids, card
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, from_button, saved


async def test_the_event_date_sets_the_time_limit(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    assert ids.EVENT_DATE in action_ids(await card(slack, reference))
    received = slack.context.calendar.local_date(slack.case(reference).received_at)
    view = await from_button(slack, reference, ids.EVENT_DATE, ids.EVENT_DATE_VIEW)
    errors = await errors_of(slack, view, {"event_on": (received + timedelta(days=1)).isoformat()})
    assert set(errors) == {"event_on"} and "Not after" in errors["event_on"]
    errors = await errors_of(slack, view, {"event_on": "1900-01-01"})
    assert set(errors) == {"event_on"} and "100 years" in errors["event_on"]
    long_ago = received - timedelta(days=400)
    await saved(
        slack, view, {"event_on": long_ago.isoformat(), "reason": "said on the phone"}, "event_date"
    )
    case = slack.case(reference)
    assert case.event_on == long_ago and case.out_of_time
    # the card says so, in the channel it is posted to (walkerJ: it said nothing)
    assert OUT_OF_TIME_NOTE in json.dumps(await card(slack, reference))
    view = await from_button(slack, reference, ids.EVENT_DATE, ids.EVENT_DATE_VIEW)
    recent = received - timedelta(days=30)
    await saved(slack, view, {"event_on": recent.isoformat()}, "event_date")
    case = slack.case(reference)
    assert case.event_on == recent and not case.out_of_time
    assert "Out of time" not in json.dumps(await card(slack, reference))
    with session_scope(slack.context.engine) as session:
        reasons = [
            entry.reason
            for entry in audit_entries(
                session, select(AuditEntry).where(AuditEntry.action == "event_date")
            )
        ]
    assert reasons == [
        f"event or awareness {long_date(long_ago)}: over 12 months before the complaint: the "
        "council must weigh its discretion (said on the phone)",
        f"event or awareness {long_date(recent)}: within 12 months",
    ]
