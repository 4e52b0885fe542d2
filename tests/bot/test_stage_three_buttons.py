"""A stage 3 card offers each step only while it can be taken (walker2's walk, issue 23): right
after escalation the card had Record response, Panel held and Chair's report in at once, and
Panel held stayed after the panel was recorded; each of those could only be refused. Now: the
panel's buttons until it meets, then Chair's report in, then Record response."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot import ids
from casework.stage_three import arrange_panel, chair_report
from store.db import session_scope
from store.models import Case
from tests.bot.clicking import action_ids, card, drain
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage
from tests.bot.test_panel_and_advocate import OFFICER, at_stage_three
from tests.panels import arrange_then_hold

STEPS = (ids.PANEL_ARRANGED, ids.PANEL_HELD, ids.CHAIR_REPORT, ids.RESPOND)


def step(slack: Slack, reference: str, which: str) -> None:
    service = slack.component.deps.cases
    today = slack.context.calendar.local_date(slack.context.clock.now())
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        if which == "arrange":
            arrange_panel(service, session, case=case, panel_on=today, actor=OFFICER)
            return
        record = arrange_then_hold if which == "panel" else chair_report
        day = {"held_on": today} if which == "panel" else {"received_on": today}
        record(service, session, case=case, actor=OFFICER, today=today, **day)  # type: ignore[operator]


async def offered(slack: Slack, reference: str) -> list[str]:
    await drain(slack)
    return [action for action in action_ids(await card(slack, reference)) if action in STEPS]


async def test_each_stage_three_step_is_offered_only_while_it_can_be_taken(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await asyncio.to_thread(at_stage_three, slack, reference)
    # Panel held is refused until the panel is arranged (tidy, issue 23): not offered before
    assert await offered(slack, reference) == [ids.PANEL_ARRANGED]
    await asyncio.to_thread(step, slack, reference, "arrange")
    assert await offered(slack, reference) == [ids.PANEL_ARRANGED, ids.PANEL_HELD]
    await asyncio.to_thread(step, slack, reference, "panel")
    assert await offered(slack, reference) == [ids.CHAIR_REPORT]
    await asyncio.to_thread(step, slack, reference, "report")
    assert await offered(slack, reference) == [ids.RESPOND]
