"""A stage 3 review panel outside its 30 working days is said, in the same words, on the Slack
card, the web case page and `heard cases show`, its text and its JSON (walkerJ: a panel confirmed late left the card
saying only when the response was due). The request is on Monday 2 March 2026, so the panel is
due by 15 April 2026 (Good Friday and Easter Monday are not working days)."""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime

from sqlmodel import select

from bot.card_data import build_card
from bot.cards import case_card_blocks
from cases.actor import Actor, Via
from casework.stage_three import arrange_panel, panel_held
from cli.cases import _show
from heard.wiring import build_case_service
from scheduler.rules import ReminderKind
from store.db import session_scope
from store.models import Case
from store.reminders import PANEL_NOT_ARRANGED
from tests.web.conftest import Web
from tests.web.test_panel_form import at_stage_three

CLERK = Actor.staff(Via.CLI, "Panel Clerk")


def said_at_each_door(web: Web, reference: str) -> tuple[str, str, str, str]:
    """The card's text, the case page's text and `heard cases show`'s, as staff read them, and
    the panel's words in `heard cases show --json` (its "panel_timing")."""
    context = web.context
    today = web.clock.now().date()
    with session_scope(context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        card = build_card(
            session, case=case, calendar=context.calendar, rulebook=context.rulebook,
            organisation=context.organisation, today=today,
        )  # fmt: skip
    card_text = str(case_card_blocks(card))
    web.sign_in()  # the clock may have moved past the last sign-in's session
    page = " ".join(html.unescape(web.client.get(f"/cases/{reference}").text).split())
    as_json = json.loads(_show(context, reference, as_json=True))["panel_timing"]
    return card_text, page, _show(context, reference, as_json=False), str(as_json or "")


def said_nowhere(web: Web, reference: str) -> None:
    for said in said_at_each_door(web, reference):
        assert "outside the timescale" not in said and "not yet arranged" not in said, said


def at_every_door(web: Web, reference: str, words: str) -> None:
    for said in said_at_each_door(web, reference):
        assert words in said, said[-3000:]


def test_a_panel_arranged_then_held_late_is_said_with_its_working_days(web: Web) -> None:
    reference = web.new_case()
    at_stage_three(web, reference)
    service = build_case_service(web.context)
    said_nowhere(web, reference)  # in time so far: nothing to say
    # the card names the panel's deadline as the panel's, not as a response's, and offers no
    # Extend, which stage 3 refuses
    card, page, *_ = said_at_each_door(web, reference)
    assert "Review panel due Wednesday 15 April 2026" in card
    assert "case_extend" not in card and "/actions/extend" not in page
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        arrange_panel(service, session, case=case, panel_on=date(2026, 5, 13), actor=CLERK,
                      today=date(2026, 3, 2), confirm_late=True)  # fmt: skip
    late = (
        "outside the timescale: 49 working days after the stage 3 request, 19 working days "
        "after it was due by 15 April 2026 (30 working days from the request)"
    )
    at_every_door(web, reference, f"Review panel arranged for 13 May 2026, {late}")
    web.clock.set(datetime(2026, 5, 14, 10, tzinfo=UTC))
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        panel_held(service, session, case=case, held_on=date(2026, 5, 13), actor=CLERK,
                   today=date(2026, 5, 14))  # fmt: skip
    at_every_door(web, reference, f"Review panel held 13 May 2026, {late}")


def test_a_panel_in_time_says_nothing_and_one_never_arranged_is_said_once_overdue(
    web: Web,
) -> None:
    in_time, never = web.new_case(), web.new_case()
    for reference in (in_time, never):
        at_stage_three(web, reference)
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == in_time)).one()
        arrange_panel(build_case_service(web.context), session, case=case,
                      panel_on=date(2026, 4, 15), actor=CLERK, today=date(2026, 3, 2))  # fmt: skip
    web.clock.set(datetime(2026, 4, 15, 10, tzinfo=UTC))  # the deadline day: not yet late
    said_nowhere(web, in_time)
    at_every_door(web, never, "not yet arranged: it must meet by 15 April 2026 (today)")
    web.clock.set(datetime(2026, 4, 22, 10, tzinfo=UTC))
    at_every_door(
        web, never, "Review panel not yet arranged: it was due by 15 April 2026, 30 working "
        "days after the stage 3 request, and 5 working days have passed since",
    )  # fmt: skip
    said_nowhere(web, in_time)  # arranged for its last day, in time


def test_a_panel_still_to_arrange_is_said_from_the_day_it_is_chased(web: Web) -> None:
    """From the day the chaser goes (HEARD_PANEL_WARNING_WORKING_DAYS, 10, before 15 April:
    30 March) the card, the case page and `heard cases show` say the panel is still to be
    arranged, not only once its deadline has gone."""
    reference = web.new_case()
    at_stage_three(web, reference)
    web.clock.set(datetime(2026, 3, 27, 10, tzinfo=UTC))
    said_nowhere(web, reference)
    web.clock.set(datetime(2026, 3, 30, 10, tzinfo=UTC))
    at_every_door(
        web,
        reference,
        "Review panel not yet arranged: it must meet by 15 April 2026 (10 working days from today)",
    )
    assert ReminderKind.PANEL_NOT_ARRANGED.value == PANEL_NOT_ARRANGED  # store's copy
