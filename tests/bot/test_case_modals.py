"""The case card's Pause/Resume, Ombudsman's decision, learning and advocacy, and View details'
pages, clicked as a user does: the signed block_actions a click (or a pick in the card's More
menu) sends, with the element's own action_id and value, then the modal heard opened, filled in
and saved. Bad answers come back as form errors; good ones change the store, audited."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot import ids
from cases.enums import Channel, Direction
from cases.procedure import paused_working_days
from store.db import session_scope
from store.models import (
    Advocacy,
    Attachment,
    Case,
    CasePause,
    Correspondence,
    Deadline,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    OutboxMessage,
    Stage,
)
from tests.bot.clicking import (
    action_ids,
    card,
    choose,
    click,
    click_in_view,
    closed,
    eventually,
    menu_items,
    opened_view,
    submit,
    updated_view,
)
from tests.bot.conftest import Slack
from tests.bot.test_clicks import audit, by_modal, step

ACK = "acknowledgement"


def today(slack: Slack) -> str:
    return slack.context.calendar.local_date(slack.context.clock.now()).isoformat()


async def open_case(slack: Slack, days_ago: int = 0) -> str:
    reference = await asyncio.to_thread(lambda: slack.new_case(days_ago=days_ago))
    await step(slack, reference, ids.CONFIRM_TRIAGE, "triage_confirmed")
    return reference


async def errors_of(slack: Slack, view: dict[str, Any], answers: dict[str, Any]) -> dict[str, str]:
    response = await submit(slack, view, answers)
    assert response.status == 200
    body = json.loads(await response.text())
    assert body["response_action"] == "errors"
    return dict(body["errors"])


async def saved(
    slack: Slack, view: dict[str, Any], answers: dict[str, Any], audited: str, **kw: Any
) -> None:
    seen = len(audit(slack, audited))
    response = await submit(slack, view, answers, **kw)
    assert response.status == 200 and closed(await response.text())
    await eventually(lambda: len(audit(slack, audited)) > seen)
    assert audit(slack, audited)[-1].actor == f"slack:{kw.get('user', 'UOFFICER')}"


async def from_menu(slack: Slack, reference: str, item: str, callback_id: str) -> dict[str, Any]:
    opened = len(slack.api.received("views.open"))
    await choose(slack, await card(slack, reference), item)
    view = await opened_view(slack, callback_id, after=opened)
    assert view["private_metadata"] == reference
    return view


async def from_button(
    slack: Slack, reference: str, action: str, callback_id: str
) -> dict[str, Any]:
    opened = len(slack.api.received("views.open"))
    await click(slack, await card(slack, reference), action)
    view = await opened_view(slack, callback_id, after=opened)
    assert view["private_metadata"] == reference
    return view


def open_deadlines(slack: Slack, reference: str) -> list[Deadline]:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return list(
            session.exec(
                select(Deadline).where(
                    Deadline.case_id == case.id,
                    col(Deadline.met_on).is_(None),
                    col(Deadline.cancelled).is_(False),
                )
            )
        )


async def test_pause_and_resume_from_the_card(slack: Slack) -> None:
    reference = await open_case(slack, days_ago=20)
    received = slack.case(reference).receipt_day
    (due_before,) = [d.effective_due for d in open_deadlines(slack, reference) if d.rule != ACK]
    blocks = await card(slack, reference)

    def day(n: int) -> str:
        return (received + timedelta(days=n)).isoformat()

    assert ids.RESUME not in action_ids(blocks) and ids.PAUSE in menu_items(blocks)
    await choose(slack, blocks, ids.PAUSE, user="UMANAGER")  # a team manager may not pause
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    assert "complaints officer role" in slack.api.received("chat.postEphemeral")[-1]["text"]
    assert not [v for v in slack.api.received("views.open") if ids.PAUSE_VIEW in str(v)]

    view = await from_menu(slack, reference, ids.PAUSE, ids.PAUSE_VIEW)
    future = (slack.context.clock.now() + timedelta(days=3)).date().isoformat()
    errors = await errors_of(slack, view, {"reason": "holiday", "paused_on": future})
    assert errors == {
        "reason": "Choose one of the options offered.",
        "paused_on": errors["paused_on"],
    } and errors["paused_on"].startswith("Not after")
    assert slack.case(reference).paused_on is None
    await saved(
        slack,
        view,
        {"reason": "police_investigation", "paused_on": day(2), "note": "CID asked"},
        "pause",
    )
    assert slack.case(reference).paused_on.isoformat() == day(2)
    # the same modal saved again (a second tab, a double click): the store's refusal is shown
    # next to the date and nothing changes
    again = await errors_of(slack, view, {"reason": "legal_proceedings", "paused_on": day(3)})
    # in words, without the CLI's status code words (walking stage 3 in the Slack stand-in, a
    # refusal read 'CSC-2026-000002 (open, statutory_3): cannot panel held: ...'), as one
    # sentence, as the web view says it, with no reference before it (walkerA)
    assert again["paused_on"] == "Cannot pause: the case is paused: resume it first."
    assert slack.case(reference).paused_on.isoformat() == day(2)
    assert {d.paused_on.isoformat() for d in open_deadlines(slack, reference)} == {day(2)}
    assert "CID asked" in (audit(slack, "pause")[-1].reason or "")
    with session_scope(slack.context.engine) as session:  # the complainant's pause letter
        letters = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.dedupe_key).startswith("letter:pause:"))
        ).all()
        assert len(letters) == 1

    blocks = await card(slack, reference)
    assert ids.RESUME in action_ids(blocks) and ids.PAUSE not in menu_items(blocks)
    assert ids.RESPOND not in action_ids(blocks)  # nothing else moves while paused
    view = await from_button(slack, reference, ids.RESUME, ids.RESUME_VIEW)
    assert "Police investigation" in str(view) or "police investigation" in str(view)
    errors = await errors_of(slack, view, {"resumed_on": day(1)})
    assert errors == {
        "resumed_on": f"Not before {received + timedelta(days=2):%-d %B %Y}, the day it was paused."
    }
    await saved(slack, view, {"resumed_on": day(16)}, "resume")
    assert slack.case(reference).paused_on is None
    lost = paused_working_days(
        paused_on=received + timedelta(days=2),
        resumed_on=received + timedelta(days=16),
        calendar=slack.context.calendar,
    )
    (deadline,) = [d for d in open_deadlines(slack, reference) if d.rule != ACK]
    assert deadline.paused_on is None and lost >= 8
    assert slack.context.calendar.working_days_between(due_before, deadline.effective_due) == lost
    with session_scope(slack.context.engine) as session:
        row = session.exec(select(CasePause)).one()
        assert row.resumed_on is not None and row.resumed_by == "slack:UOFFICER"
    blocks = await card(slack, reference)
    assert ids.RESUME not in action_ids(blocks) and ids.PAUSE in menu_items(blocks)


async def test_ombudsman_decision_from_the_card(slack: Slack) -> None:
    reference = await open_case(slack)
    assert ids.LGSCO_DECISION not in action_ids(await card(slack, reference))
    await by_modal(
        slack,
        reference,
        ids.LGSCO_RECEIVED,
        ids.LGSCO_RECEIVED_VIEW,
        {"lgsco_reference": "25 012 345", "received_on": today(slack)},
        "lgsco_received",
    )
    blocks = await card(slack, reference)
    assert ids.LGSCO_DECISION in action_ids(blocks)
    assert ids.LGSCO_RECEIVED not in action_ids(blocks)  # one enquiry at a time

    view = await from_button(slack, reference, ids.LGSCO_DECISION, ids.LGSCO_DECISION_VIEW)
    day = today(slack)
    errors = await errors_of(
        slack,
        view,
        {
            "decided_on": day,
            "finding": "not_investigated",
            "remedy_cost": "lots",
            "recommendation_1": "Apologise",
            "recommendation_2_due": day,
        },
    )
    assert set(errors) == {
        "reason",
        "remedy_cost",
        "recommendation_1_due",
        "recommendation_2",
    }
    errors = await errors_of(
        slack, view, {"decided_on": day, "finding": "upheld_without_injustice"}
    )
    assert errors == {"finding": "Choose one of the options offered."}

    due = (slack.context.clock.now() + timedelta(days=30)).date().isoformat()
    await saved(
        slack,
        view,
        {
            "lgsco_reference": "25 012 345",
            "decided_on": day,
            "finding": "upheld_with_injustice",
            "remedy": "Apologise and pay £300",
            "remedy_cost": "300",
            "recommendation_1": "Apologise in writing",
            "recommendation_1_due": due,
            "recommendation_3": "Train the team",
            "recommendation_3_due": due,
        },
        "lgsco_decided",
    )
    with session_scope(slack.context.engine) as session:
        enquiry = session.exec(select(LgscoCase)).one()
        assert (enquiry.lgsco_reference, enquiry.decision.value) == (
            "25 012 345",
            "upheld_with_injustice",
        )
        assert enquiry.decided_on.isoformat() == day and enquiry.remedy_cost_pence == 30000
        texts = [r.text for r in session.exec(select(LgscoRecommendation))]
        assert texts == ["Apologise in writing", "Train the team"]
    blocks = await card(slack, reference)
    assert ids.LGSCO_DECISION not in action_ids(blocks) and ids.LGSCO_RECEIVED in action_ids(blocks)

    # a second enquiry, referred back as premature while stage 1 runs
    await by_modal(
        slack,
        reference,
        ids.LGSCO_RECEIVED,
        ids.LGSCO_RECEIVED_VIEW,
        {"lgsco_reference": "25 012 345", "received_on": today(slack)},
        "lgsco_received",
    )
    view = await from_button(slack, reference, ids.LGSCO_DECISION, ids.LGSCO_DECISION_VIEW)
    await saved(slack, view, {"decided_on": day, "finding": "premature"}, "lgsco_decided")
    with session_scope(slack.context.engine) as session:
        stages = session.exec(select(Stage).order_by(col(Stage.id))).all()
        # stage 1 was still running: it carries on (never a second stage 1)
        assert [s.kind.value for s in stages] == ["statutory_1"]
    assert slack.case(reference).status.value == "open"


async def test_learning_and_advocacy_from_the_more_menu(slack: Slack) -> None:
    reference = await open_case(slack)
    opened = len(slack.api.received("views.open"))
    await choose(slack, await card(slack, reference), ids.UPDATE_LEARNING)
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    assert "no learning action yet" in slack.api.received("chat.postEphemeral")[-1]["text"]
    assert len(slack.api.received("views.open")) == opened

    view = await from_menu(slack, reference, ids.ADD_LEARNING, ids.ADD_LEARNING_VIEW)
    errors = await errors_of(slack, view, {"owner": "nobody", "identified_on": today(slack)})
    assert errors == {
        "text": "Say what will change.",
        "owner": "Choose one of the options offered.",
    }
    team = view["blocks"][1]["element"]["options"][0]["value"]
    due = (slack.context.clock.now() + timedelta(days=60)).date().isoformat()
    answers = {"text": "Return calls in 2 days", "owner": team, "due_on": due}
    await saved(slack, view, {**answers, "identified_on": today(slack)}, "learning_identified")
    with session_scope(slack.context.engine) as session:
        learning = session.exec(select(LearningAction)).one()
        assert (learning.owner_team_id, learning.due_on.isoformat()) == (team, due)
        assert learning.status.value == "identified" and learning.stage.value == "statutory_1"

    view = await from_menu(slack, reference, ids.UPDATE_LEARNING, ids.UPDATE_LEARNING_VIEW)
    chosen = view["blocks"][0]["element"]["options"][0]
    assert chosen["text"]["text"].startswith("1. Return calls in 2 days")
    errors = await errors_of(
        slack, view, {"learning": chosen["value"], "status": "not_implemented", "on": today(slack)}
    )
    assert errors == {"why": "Say why it was not implemented."}
    future = (slack.context.clock.now() + timedelta(days=2)).date().isoformat()
    errors = await errors_of(
        slack, view, {"learning": "999", "status": "implemented", "on": future}
    )
    assert set(errors) == {"learning", "on"}
    answers = {"learning": chosen["value"], "status": "implemented", "on": today(slack)}
    await saved(slack, view, answers, "learning_updated", user="UMANAGER")
    with session_scope(slack.context.engine) as session:
        learning = session.exec(select(LearningAction)).one()
        assert learning.status.value == "implemented"
        assert learning.implemented_on.isoformat() == today(slack)

    view = await from_menu(slack, reference, ids.ADVOCACY, ids.ADVOCACY_VIEW)
    assert await errors_of(slack, view, {"on": today(slack)}) == {"status": "Choose what happened."}
    answers = {"status": "taken_up", "organisation": "Coram Voice", "on": today(slack)}
    await saved(slack, view, answers, "advocacy")
    with session_scope(slack.context.engine) as session:
        row = session.exec(select(Advocacy)).one()
        assert (row.status.value, row.organisation) == ("taken_up", "Coram Voice")


def add_messages(slack: Slack, reference: str, count: int) -> None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        start = case.received_at
        for n in range(1, count + 1):
            message = Correspondence(
                case_id=case.id,
                direction=Direction.INBOUND if n % 2 else Direction.OUTBOUND,
                channel=Channel.EMAIL,
                at=start + timedelta(minutes=n),
                subject=f"Message {n}",
                text=f"Text of message number {n} <!channel>",
            )
            session.add(message)
            session.flush()
            if n == 1:
                session.add(
                    Attachment(
                        correspondence_id=message.id,
                        filename="school-report.pdf",
                        content_type="application/pdf",
                        size=2048,
                        sha256="0" * 64,
                        content=b"x",
                    )
                )


async def test_view_details_pages_through_every_message(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await asyncio.to_thread(add_messages, slack, reference, 70)
    await click(slack, await card(slack, reference), ids.VIEW_DETAILS, user="UMANAGER")
    view = await opened_view(slack, "details_view")
    assert "Test Parent" in str(view) and "school-report.pdf · application/pdf · 2.0 KB" in str(
        view
    )
    assert "<!channel>" not in str(view) and "&lt;!channel&gt;" in str(view)
    assert ids.DETAILS_PREVIOUS not in action_ids(view["blocks"])

    seen, pages = str(view), [view]
    while ids.DETAILS_NEXT in action_ids(pages[-1]["blocks"]):
        before = len(slack.api.received("views.update"))
        await click_in_view(slack, pages[-1], ids.DETAILS_NEXT, view_id=f"V{len(pages)}")
        page = await updated_view(slack, after=before)
        assert page["_view_id"] == f"V{len(pages)}" and page["_hash"] == "h1"
        assert page["private_metadata"] == reference and len(page["blocks"]) <= 100
        pages.append(page)
        seen += str(page)
    assert len(pages) == 3 and "Page 3 of 3" in str(pages[-1])
    for n in range(1, 71):
        assert f"Text of message number {n} " in seen, n

    before = len(slack.api.received("views.update"))
    await click_in_view(slack, pages[-1], ids.DETAILS_PREVIOUS)
    back = await updated_view(slack, after=before)
    assert back["blocks"] == pages[1]["blocks"]
