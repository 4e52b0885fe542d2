"""Reopen… on a closed case's card (issue 23: a family asks for stage 2 after the case
closed): offered only once the case is closed, the modal's reason and day refused beside their
fields, saved through casework.reopening (audited with the Slack user), and the card then
offers the next step again."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from sqlmodel import select

from bot import ids
from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.closing import close
from casework.response import ResponseInput, record_response
from store.cases.queries import numbered_issues
from store.db import session_scope
from store.models import Case
from tests.bot.clicking import action_ids, card, drain
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, from_button, saved
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "officer")


def closed_case(slack: Slack) -> tuple[str, date]:
    """A complaint answered and closed today, as `heard case` would leave it."""
    reference = slack.new_case(days_ago=10)
    service, now = slack.component.deps.cases, slack.context.clock.now()
    today = slack.context.calendar.local_date(now)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.id is not None
        answers = {
            number: Outcome.NOT_UPHELD for number, _ in numbered_issues(session, case_id=case.id)
        }
        record_response(
            service, session, case=case, actor=OFFICER, today=today,
            response=ResponseInput(
                responded_on=today, issue_outcomes=answers, findings=findings_for(answers)
            ),
        )  # fmt: skip
        close(service, session, case=case, actor=OFFICER, now=now, confirmed=True)
    return reference, today


async def test_a_closed_case_is_reopened_from_its_card(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    assert ids.REOPEN not in action_ids(await card(slack, reference))  # still open
    reference, today = await asyncio.to_thread(closed_case, slack)
    await drain(slack)
    blocks = await card(slack, reference)
    assert ids.REOPEN in action_ids(blocks) and ids.ESCALATE not in action_ids(blocks)
    view = await from_button(slack, reference, ids.REOPEN, ids.REOPEN_VIEW)
    assert await errors_of(slack, view, {"reason": " ", "on": today.isoformat()}) == {
        "reason": "Say why the case is reopened."
    }
    early = (today - timedelta(days=1)).isoformat()
    errors = await errors_of(slack, view, {"reason": "asked", "on": early})
    assert set(errors) == {"on"} and "the day the case was closed" in errors["on"]
    await saved(
        slack, view, {"reason": "The family asked for stage 2", "on": today.isoformat()}, "reopen"
    )
    case = slack.case(reference)
    assert (case.status.value, case.closed_at) == ("responded", None)
    await drain(slack)
    blocks = await card(slack, reference)
    assert ids.ESCALATE in action_ids(blocks) and ids.REOPEN not in action_ids(blocks)


async def test_a_withdrawn_case_is_reopened_from_its_card_where_the_family_left_it(
    slack: Slack,
) -> None:
    """Walker item 2: the family withdrew a running stage 1 and came back."""
    from casework.closing import withdraw

    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    service, now = slack.component.deps.cases, slack.context.clock.now()
    today = slack.context.calendar.local_date(now)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        withdraw(service, session, case=case, actor=OFFICER, now=now)
    await drain(slack)
    blocks = await card(slack, reference)
    assert ids.REOPEN in action_ids(blocks)
    view = await from_button(slack, reference, ids.REOPEN, ids.REOPEN_VIEW)
    early = (today - timedelta(days=1)).isoformat()
    errors = await errors_of(slack, view, {"reason": "came back", "on": early})
    assert set(errors) == {"on"} and "the day the case was withdrawn" in errors["on"]
    await saved(slack, view, {"reason": "Mum came back to it", "on": today.isoformat()}, "reopen")
    case = slack.case(reference)
    assert (case.status.value, case.stage and case.stage.value) == ("open", "statutory_1")
    await drain(slack)
    blocks = await card(slack, reference)
    assert ids.RESPOND in action_ids(blocks) and ids.REOPEN not in action_ids(blocks)
