"""Replied to the Ombudsman (issue 23 item 3): the card's button opens a modal for the day the
council replied; saving it meets the reply deadline, its chasers stop and the card no longer
offers the button."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import col, select

from bot import ids
from store.db import session_scope
from store.models import Case, Deadline, Reminder
from tests.bot.clicking import action_ids, card, drain
from tests.bot.conftest import Slack
from tests.bot.test_clicks import by_modal


def reply_deadline(slack: Slack, reference: str) -> tuple[Deadline, list[Reminder]]:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        deadline = session.exec(
            select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "lgsco_response")
        ).one()
        pending = session.exec(
            select(Reminder).where(
                Reminder.deadline_id == deadline.id, col(Reminder.done_at).is_(None)
            )
        ).all()
        session.expunge_all()
        return deadline, list(pending)


async def test_the_councils_reply_meets_its_deadline(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=30)
    received = slack.case(reference).receipt_day

    def day(n: int) -> str:
        return (received + timedelta(days=n)).isoformat()

    await by_modal(
        slack,
        reference,
        ids.LGSCO_RECEIVED,
        ids.LGSCO_RECEIVED_VIEW,
        {"lgsco_reference": "25 012 345", "received_on": day(10)},
        "lgsco_received",
    )
    await drain(slack)
    assert ids.LGSCO_REPLIED in action_ids(await card(slack, reference))
    deadline, pending = reply_deadline(slack, reference)
    assert deadline.met_on is None and pending, "the reply is chased until it is recorded"
    await by_modal(
        slack,
        reference,
        ids.LGSCO_REPLIED,
        ids.LGSCO_REPLIED_VIEW,
        {"on": day(20)},
        "lgsco_replied",
    )
    deadline, pending = reply_deadline(slack, reference)
    assert deadline.met_on is not None and deadline.met_on.isoformat() == day(20)
    assert pending == []
    await drain(slack)
    assert ids.LGSCO_REPLIED not in action_ids(await card(slack, reference))
