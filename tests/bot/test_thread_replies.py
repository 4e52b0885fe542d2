"""A card's thread reply says who did what in the channel; what staff typed as a reason stays
in the audit trail. Found walking: a pause's "Note (audit trail)" ("... re Alfie"), an
extension's internal reason and Change triage's "why" were echoed into the triage channel,
where everyone in it reads them. Only reasons heard words itself (a date, a label, a
reference) are echoed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from bot import ids
from store import audit
from store.db import session_scope
from store.models import AuditEntry
from tests.bot.clicking import drain
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage
from tests.bot.test_letter_previews import letter_first

CHILD = "Alfie Parent"


def thread_replies(slack: Slack) -> list[str]:
    return [p["text"] for p in slack.api.received("chat.postMessage") if p.get("thread_ts")]


async def test_what_staff_typed_stays_out_of_the_channel(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, reference)
    received = slack.case(reference).receipt_day
    today = slack.context.calendar.local_date(slack.context.clock.now())
    await letter_first(slack, reference, ids.EXTEND, ids.EXTEND_VIEW, {
        "new_due": (today + timedelta(days=3)).isoformat(),
        "agreed_on": (received + timedelta(days=2)).isoformat(),
        "reason": f"SW off sick; {CHILD} moved placement",
        "reason_for_complainant": "the manager is away"})  # fmt: skip
    await letter_first(slack, reference, ids.MORE, "pause_view", {
        "reason": "police_investigation", "paused_on": (received + timedelta(days=3)).isoformat(),
        "note": f"Police investigating the carer re {CHILD}"})  # fmt: skip
    await drain(slack)
    replies = thread_replies(slack)
    assert any(r.startswith("<@UMANAGER> extend") or r.startswith("<@UOFFICER> extend")
               for r in replies), replies  # fmt: skip
    assert any("pause" in r for r in replies), replies
    assert not [r for r in replies if CHILD in r], replies
    with session_scope(slack.context.engine) as session:  # the audit trail keeps them
        reasons = [e.reason or "" for e in audit.entries(session, select(AuditEntry))]
    assert sum(CHILD in r for r in reasons) == 2, reasons


async def test_heards_own_words_are_still_echoed(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, reference)
    received = slack.case(reference).receipt_day
    await letter_first(slack, reference, ids.MORE, "pause_view", {
        "reason": "police_investigation", "paused_on": (received + timedelta(days=3)).isoformat()
    })  # fmt: skip
    await letter_first(slack, reference, ids.RESUME, ids.RESUME_VIEW,
                       {"resumed_on": (received + timedelta(days=5)).isoformat()})  # fmt: skip
    await drain(slack)
    assert any("resumed the case: paused " in r for r in thread_replies(slack)), thread_replies(slack)
