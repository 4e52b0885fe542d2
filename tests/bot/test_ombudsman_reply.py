"""Replied to the Ombudsman (issue 23 item 3): the card's button opens a modal for the day the
council replied; saving it meets the reply deadline, its chasers stop and the card no longer
offers the button."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import col, select

from bot import ids
from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.ombudsman import lgsco_received
from casework.response import ResponseInput, record_response
from store.db import session_scope
from store.models import Case, Deadline, Reminder
from tests.bot.clicking import action_ids, card, click_and_send, drain
from tests.bot.conftest import Slack
from tests.bot.test_clicks import by_modal
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "o")


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


async def test_a_withdrawn_complaints_reply_is_still_offered(slack: Slack) -> None:
    """The Ombudsman often enquires after the council's procedure has ended: a withdrawn (or
    closed) case's card keeps Replied to the Ombudsman while the reply is owed. Found walking:
    the withdrawn case's card offered only the decision."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=30)
    received = slack.case(reference).receipt_day
    await drain(slack)
    await click_and_send(
        slack,
        await card(slack, reference),
        ids.WITHDRAW,
        done=lambda: slack.case(reference).status.value == "withdrawn",
    )
    await drain(slack)
    await by_modal(
        slack,
        reference,
        ids.LGSCO_RECEIVED,
        ids.LGSCO_RECEIVED_VIEW,
        {"lgsco_reference": "25 012 345", "received_on": (received + timedelta(days=5)).isoformat()},
        "lgsco_received",
    )
    await drain(slack)
    assert ids.LGSCO_REPLIED in action_ids(await card(slack, reference))
    replied = (received + timedelta(days=9)).isoformat()
    await by_modal(
        slack, reference, ids.LGSCO_REPLIED, ids.LGSCO_REPLIED_VIEW, {"on": replied}, "lgsco_replied"
    )
    deadline, pending = reply_deadline(slack, reference)
    assert deadline.met_on is not None and deadline.met_on.isoformat() == replied
    assert pending == []


async def test_the_decision_form_says_where_premature_sends_this_case(slack: Slack) -> None:
    """Stage 1 answered: a premature finding sends the complaint on to stage 2, and the form
    says so. Found walking: it said "back to stage 1" whatever the case."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=10)
    await asyncio.to_thread(confirm_triage, slack, reference)
    today = slack.context.calendar.local_date(slack.context.clock.now())
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(slack.component.deps.cases, session, case=case, actor=OFFICER,
                        today=today, response=ResponseInput(
                            responded_on=today, issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
        lgsco_received(slack.component.deps.cases, session, case=case, received_on=today,
                       actor=OFFICER, lgsco_reference="25 012 345")  # fmt: skip
    await drain(slack)
    view = await open_modal(slack, reference, ids.LGSCO_DECISION, ids.LGSCO_DECISION_VIEW,
                            "UOFFICER")  # fmt: skip
    said = view["blocks"][0]["text"]["text"]
    assert "premature" in said and "Statutory stage 2" in said and "stage 1" not in said, said
