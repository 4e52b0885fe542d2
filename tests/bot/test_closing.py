"""Close on a Slack card while the complainant may still ask for the next stage (walkerB item
2): Slack's dialog before the click says until when and what closing means, in the words the
web form and the CLI use; and what a closed case's card still offers (item 1): the flag a
family's reply raises can still be cleared and the case reopened, advocacy waits for a
reopening, and an advocacy modal opened before the close is refused when saved after it."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot import ids
from cases.enums import Outcome
from casework.closing import closing_warning
from casework.response import ResponseInput, record_response
from store.cases.queries import numbered_issues
from store.db import session_scope
from store.models import Advocacy, Case
from tests.bot.clicking import action_ids, card, element, menu_items
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, from_menu, today
from tests.bot.test_clicks import step
from tests.bot.test_reopen import OFFICER
from tests.outcome_letters import findings_for


def answered_case(slack: Slack) -> str:
    """A complaint answered today, its time to ask for stage 2 running, and flagged for a
    person to look (as a family's reply flags it)."""
    reference = slack.new_case(days_ago=10)
    service = slack.component.deps.cases
    on = slack.context.calendar.local_date(slack.context.clock.now())
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.id is not None
        answers = {n: Outcome.NOT_UPHELD for n, _ in numbered_issues(session, case_id=case.id)}
        record_response(
            service, session, case=case, actor=OFFICER, today=on,
            response=ResponseInput(
                responded_on=on, issue_outcomes=answers, findings=findings_for(answers)
            ),
        )  # fmt: skip
        case.needs_attention, case.attention_reason = True, "a reply arrived from the complainant"
    return reference


def warning_of(slack: Slack, reference: str) -> str | None:
    on = slack.context.calendar.local_date(slack.context.clock.now())
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return closing_warning(session, case, today=on)


async def test_close_on_the_card_says_until_when_the_complainant_may_ask(slack: Slack) -> None:
    reference = await asyncio.to_thread(answered_case, slack)
    warning = warning_of(slack, reference)
    assert warning is not None and "to ask for statutory stage 2" in warning
    close = element(await card(slack, reference), ids.CLOSE)
    assert close["confirm"]["text"]["text"] == warning  # shown before the click is sent
    assert close["confirm"]["confirm"]["text"] == "Close"
    view = await from_menu(slack, reference, ids.ADVOCACY, ids.ADVOCACY_VIEW)  # opened before
    await step(slack, reference, ids.CLOSE, "close")  # the click Slack sends after the dialog
    assert slack.case(reference).status.value == "closed"
    blocks = await card(slack, reference)
    assert ids.REOPEN in action_ids(blocks)
    assert ids.CLEAR_ATTENTION in menu_items(blocks) and ids.ADVOCACY not in menu_items(blocks)
    errors = await errors_of(slack, view, {"status": "taken_up", "on": today(slack)})
    assert any("The case is closed: reopen it first" in said for said in errors.values())
    with session_scope(slack.context.engine) as session:
        assert session.exec(select(Advocacy)).all() == []
