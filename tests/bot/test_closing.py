"""Close on a Slack card while the complainant may still ask for the next stage (walkerB item
2): Slack's dialog before the click says until when and what closing means, in the words the
web form and the CLI use; and what a closed case's card still offers (item 1): the flag a
family's reply raises can still be cleared and the case reopened, advocacy waits for a
reopening, and an advocacy modal opened before the close is refused when saved after it."""

from __future__ import annotations

import asyncio
import json

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
from tests.bot.test_case_modals import errors_of, from_button, from_menu, saved, today
from tests.bot.test_clicks import audit
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
    """walkerF item 4: the click closed the case with confirmed=True, trusting a dialog written
    when the card was drawn (a card drawn before the response said nothing of the last day).
    Now the click opens a modal with casework's words; Save unticked is refused beside the box,
    naming the last day, and nothing changes; ticked, it closes."""
    reference = await asyncio.to_thread(answered_case, slack)
    warning = warning_of(slack, reference)
    assert warning is not None and "to ask for statutory stage 2" in warning
    close = element(await card(slack, reference), ids.CLOSE)
    assert close["confirm"]["confirm"]["text"] == "Close"  # a slip of the mouse is still asked
    advocacy = await from_menu(slack, reference, ids.ADVOCACY, ids.ADVOCACY_VIEW)  # opened before
    view = await from_button(slack, reference, ids.CLOSE, ids.CLOSE_VIEW)
    assert warning in json.dumps(view)
    errors = await errors_of(slack, view, {})
    assert errors == {"confirm": f"{warning} Tick the box to close it now."}
    assert slack.case(reference).status.value == "responded"
    assert audit(slack, "close") == []
    await saved(slack, view, {"confirm": ["confirmed"]}, "close")
    assert slack.case(reference).status.value == "closed"
    blocks = await card(slack, reference)
    assert ids.REOPEN in action_ids(blocks)
    assert ids.CLEAR_ATTENTION in menu_items(blocks) and ids.ADVOCACY not in menu_items(blocks)
    errors = await errors_of(slack, advocacy, {"status": "taken_up", "on": today(slack)})
    assert any("The case is closed: reopen it first" in said for said in errors.values())
    with session_scope(slack.context.engine) as session:
        assert session.exec(select(Advocacy)).all() == []


async def test_a_close_step_unconfirmed_is_refused_by_casework(slack: Slack) -> None:
    """The one-click step itself no longer claims a confirmation: a card's Close that reaches
    it while the complainant may still ask (a window opened after the click was read) is
    refused with the last day, not closed."""
    from bot.actions.lifecycle import STEPS
    from bot.kit import Act, refusal_text
    from casework.closing import CloseNotConfirmed

    reference = await asyncio.to_thread(answered_case, slack)
    kit_deps = slack.component.deps
    now = slack.context.clock.now()
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        act = Act(service=kit_deps.cases, session=session, case=case, actor=OFFICER, now=now,
                  today=slack.context.calendar.local_date(now))  # fmt: skip
        try:
            STEPS[ids.CLOSE](act)
        except CloseNotConfirmed as refused:
            said = refusal_text(refused)
        else:
            raise AssertionError("closed without confirmation")
        session.rollback()
    assert "to ask for statutory stage 2" in said
