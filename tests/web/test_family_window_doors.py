"""The family's time to ask for stage 2 after a stage 1 answer is theirs, not the council's
deadline: the Slack card, the web case page and `heard cases show` say it is open or closed,
never "overdue" (walker5: `heard cases show` read "Stage 2 request due … OVERDUE by 241
working days" on a case answered at stage 1, which staff read as the council's failure)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from sqlmodel import select

from bot.card_data import build_card
from bot.cards import case_card_blocks
from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.response import ResponseInput, record_response
from cli.cases import _show
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import Case
from tests.outcome_letters import findings_for
from tests.web.conftest import Web


def said_at_each_door(web: Web, reference: str) -> list[str]:
    context = web.context
    with session_scope(context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        card = build_card(
            session, case=case, calendar=context.calendar, rulebook=context.rulebook,
            organisation=context.organisation, today=web.clock.now().date(),
        )  # fmt: skip
    web.sign_in()
    page = " ".join(html.unescape(web.client.get(f"/cases/{reference}").text).split())
    return [str(case_card_blocks(card)), page, _show(context, reference, as_json=False)]


def test_the_stage_2_window_is_open_then_closed_and_never_overdue(web: Web) -> None:
    reference = web.new_case()
    today = web.clock.now().date()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(build_case_service(web.context), session, case=case,
                        actor=Actor.staff(Via.CLI, "o"), today=today,
                        response=ResponseInput(responded_on=today,
                                               issue_outcomes={1: Outcome.NOT_UPHELD},
                                               findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
    card, page, shown = said_at_each_door(web, reference)
    assert "Stage 2 could be asked for until" in card and "(open: " in card, card
    assert "Response due" not in card
    assert "Open: " in page and "working days left" in page
    assert "Stage 2 could be asked for until" in shown and "(open: " in shown, shown
    web.clock.set(datetime(today.year + 1, today.month, 1, 10, tzinfo=UTC))
    card, page, shown = said_at_each_door(web, reference)
    # the acknowledgement, never sent in this test, is the council's and stays overdue
    (row,) = [row for row in page.split("<tr") if "Stage 2 request" in row]
    assert "Window closed" in row and "Overdue" not in row, row
    (line,) = [line for line in shown.splitlines() if "Stage 2" in line and "until" in line]
    assert line.strip().endswith("(window closed)") and "OVERDUE" not in line, line
    assert "(window closed)" in card and "(overdue)" not in card, card
