"""Ombudsman recommendation… on the case card (issue 23: CLI and web could record a
recommendation's status, Slack could not): offered only while a recommendation is not completed,
on every card of the case; the modal records progress (it stays outstanding), completed or not
completed with the day and a note, refused beside the field when wrong; each step is kept and
audited with the Slack user, and the note never reaches a channel."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from bot import ids
from cases.actor import Actor, Via
from cases.day_words import long_date
from cases.enums import LgscoDecision, RecommendationStatus
from casework.ombudsman import RecommendationInput, lgsco_decided, lgsco_received
from store.db import session_scope
from store.models import Case, LgscoRecommendation, LgscoRecommendationUpdate
from tests.bot.clicking import action_ids, card, click, drain, opened_view
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, saved
from tests.bot.test_clicks import audit
from tests.bot.test_every_card import TWO_TEAMS, shown
from tests.bot.test_mash import team_channels  # noqa: F401  (the fixture, by name)

pytestmark = pytest.mark.usefixtures("team_channels")

OFFICER = Actor.staff(Via.CLI, "officer")
EVIDENCE = "Letter of apology to Ms Brown sent 3 Dec, copy on file"


def decided_with_recommendations(slack: Slack) -> tuple[str, date]:
    """A complaint the Ombudsman decided today with two recommendations, as the CLI records it."""
    reference = slack.new_case(body=TWO_TEAMS, days_ago=10)
    service, now = slack.component.deps.cases, slack.context.clock.now()
    today = slack.context.calendar.local_date(now)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        lgsco_received(service, session, case=case, lgsco_reference="25 012 345", received_on=today, actor=OFFICER)
        lgsco_decided(
            service, session, case=case, decided_on=today, actor=OFFICER,
            decision=LgscoDecision.UPHELD_WITH_INJUSTICE,
            recommendations=[
                RecommendationInput("Apologise in writing", today + timedelta(days=30)),
                RecommendationInput("Train the team", today + timedelta(days=60)),
            ],
        )  # fmt: skip
    return reference, today


def steps(slack: Slack) -> list[tuple[str, str, str | None, str]]:
    with session_scope(slack.context.engine) as session:
        rows = session.exec(
            select(LgscoRecommendationUpdate).order_by(col(LgscoRecommendationUpdate.id))
        )
        return [(r.status.value, r.updated_on.isoformat(), r.note, r.by) for r in rows]


async def test_a_recommendation_is_moved_on_from_every_card(slack: Slack) -> None:
    plain = await asyncio.to_thread(slack.new_case)
    assert ids.UPDATE_RECOMMENDATION not in action_ids(await card(slack, plain))
    reference, today = await asyncio.to_thread(decided_with_recommendations, slack)
    await card(slack, reference)
    await drain(slack)
    cards = shown(slack, reference)
    assert len(cards) == 3
    assert all(ids.UPDATE_RECOMMENDATION in action_ids(blocks) for blocks in cards.values())

    opened = len(slack.api.received("views.open"))
    await click(slack, cards["CFOSTERING"], ids.UPDATE_RECOMMENDATION, channel="CFOSTERING")
    view = await opened_view(slack, ids.UPDATE_RECOMMENDATION_VIEW, after=opened)
    assert view["private_metadata"] == reference
    with session_scope(slack.context.engine) as session:
        first, second = (
            str(r.id)
            for r in session.exec(select(LgscoRecommendation).order_by(col(LgscoRecommendation.id)))
        )
    day = today.isoformat()
    errors = await errors_of(
        slack, view, {"recommendation": first, "status": "completed", "on": day, "note": " "}
    )
    assert errors == {"note": "Say what shows it was done: the Ombudsman asks for evidence."}
    early = (today - timedelta(days=1)).isoformat()
    errors = await errors_of(
        slack, view, {"recommendation": first, "status": "outstanding", "on": early, "note": "x"}
    )
    assert set(errors) == {"on"} and "the day the Ombudsman decided" in errors["on"]
    errors = await errors_of(
        slack, view, {"recommendation": "999999", "status": "teleported", "on": day, "note": "x"}
    )
    assert errors == {
        "recommendation": "Choose one of the options offered.",
        "status": "Choose one of the options offered.",
    }

    await saved(
        slack, view,
        {"recommendation": second, "status": "outstanding", "on": day,
         "note": "Training booked for 14 January"},
        "lgsco_recommendation",
    )  # fmt: skip
    await saved(
        slack, view,
        {"recommendation": first, "status": "completed", "on": day, "note": EVIDENCE},
        "lgsco_recommendation",
    )  # fmt: skip
    assert steps(slack) == [
        ("outstanding", day, "Training booked for 14 January", "slack:UOFFICER"),
        ("completed", day, EVIDENCE, "slack:UOFFICER"),
    ]
    with session_scope(slack.context.engine) as session:
        rows = list(session.exec(select(LgscoRecommendation).order_by(col(LgscoRecommendation.id))))
        assert [(r.status, r.completed_on) for r in rows] == [
            (RecommendationStatus.COMPLETED, today),
            (RecommendationStatus.OUTSTANDING, None),
        ]
    entries = audit(slack, "lgsco_recommendation")
    assert [e.reason for e in entries] == [f"progress recorded {long_date(today)}", "Completed"]
    assert entries[-1].after is not None and entries[-1].after["note"] == EVIDENCE

    # the second is completed too: every card loses the button; no note reached a channel
    await saved(
        slack, view,
        {"recommendation": second, "status": "completed", "on": day,
         "note": "Twelve staff trained, register attached"},
        "lgsco_recommendation",
    )  # fmt: skip
    await drain(slack)
    cards = shown(slack, reference)
    for channel, blocks in cards.items():
        assert ids.UPDATE_RECOMMENDATION not in action_ids(blocks), channel
    said = json.dumps([call.body for call in slack.api.calls if call.method.startswith("chat.")])
    assert (
        "Ms Brown" not in said and "register attached" not in said and "Training booked" not in said
    )


SAME_OPENING = "Review how the team tells families about changes to contact arrangements with "


async def test_long_recommendations_are_cut_at_a_word_and_told_apart_by_value(
    slack: Slack,
) -> None:
    """Slack's option text holds 75 characters: two recommendations that open alike are cut
    after a whole word with an ellipsis, keeping their number and due date, and the one
    chosen is the one recorded (the option's value, the row's id, carries which)."""
    reference = await asyncio.to_thread(slack.new_case, body=TWO_TEAMS, days_ago=10)
    service, now = slack.component.deps.cases, slack.context.clock.now()
    today = slack.context.calendar.local_date(now)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        lgsco_received(service, session, case=case, lgsco_reference="25 012 346",
                       received_on=today, actor=OFFICER)  # fmt: skip
        lgsco_decided(
            service, session, case=case, decided_on=today, actor=OFFICER,
            decision=LgscoDecision.UPHELD_WITH_INJUSTICE,
            recommendations=[
                RecommendationInput(SAME_OPENING + "brothers and sisters", today + timedelta(days=30)),
                RecommendationInput(SAME_OPENING + "grandparents", today + timedelta(days=30)),
            ],
        )  # fmt: skip
    blocks = await card(slack, reference)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.UPDATE_RECOMMENDATION)
    view = await opened_view(slack, ids.UPDATE_RECOMMENDATION_VIEW, after=opened)
    menu = next(b for b in view["blocks"] if b["block_id"] == "recommendation")["element"]
    due = f" (outstanding, due {long_date(today + timedelta(days=30))})"
    texts = [option["text"]["text"] for option in menu["options"]]
    assert texts == [
        "1. Review how the team tells families…" + due,
        "2. Review how the team tells families…" + due,
    ]  # not "…families ab…": never half a word
    assert all(len(text) <= 75 for text in texts)
    second = menu["options"][1]["value"]
    await saved(
        slack, view,
        {"recommendation": second, "status": "completed", "on": today.isoformat(),
         "note": "Letter template changed"},
        "lgsco_recommendation",
    )  # fmt: skip
    with session_scope(slack.context.engine) as session:
        rows = list(session.exec(select(LgscoRecommendation).order_by(col(LgscoRecommendation.id))))
        assert [(r.text.endswith("grandparents"), r.status) for r in rows] == [
            (False, RecommendationStatus.OUTSTANDING),
            (True, RecommendationStatus.COMPLETED),
        ]
