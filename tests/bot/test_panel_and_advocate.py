"""Slack buttons for what only the CLI and the web could do (issue 23 item 2): Arrange panel on
a stage 3 card, its letter (the date, the time and place, the right to attend with an advocate)
shown before Send; and the advocate themself, with consent to copy letters, in the advocacy
form of the card's More menu. Each checked on the server and audited."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

from sqlmodel import select

from bot import ids
from cases.actor import Actor, Via
from cases.day_words import long_date
from cases.enums import Outcome
from casework.advocate_rules import COPIES_NEED_A_NAME
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case, Correspondence, PartyRole, Person
from tests.bot.clicking import (
    action_ids,
    card,
    choose,
    closed,
    drain,
    eventually,
    opened_view,
    pushed_view,
    submit,
)
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "o")
PLACE = "10am, Room 2, the Civic Centre"


def at_stage_three(slack: Slack, reference: str, on: date | None = None) -> None:
    """Answered and escalated twice, on `on` (today if not given)."""
    service = slack.component.deps.cases
    today = slack.context.calendar.local_date(slack.context.clock.now())
    on = on or today
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        for _ in range(2):
            record_response(service, session, case=case, actor=OFFICER, today=today,
                            response=ResponseInput(responded_on=on,
                                                   issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
            escalate(service, session, case=case, requested_on=on, actor=OFFICER, today=today)


def panel_letters(slack: Slack) -> list[str]:
    with session_scope(slack.context.engine) as session:
        return [
            row.text or ""
            for row in session.exec(select(Correspondence))
            if (row.details or {}).get("letter") == "panel_date"
        ]


async def test_arrange_panel_shows_its_letter_then_sends_it(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await asyncio.to_thread(at_stage_three, slack, reference)
    case = slack.case(reference)
    assert (case.status.value, case.stage.value if case.stage else None) == ("open", "statutory_3")
    await drain(slack)  # each change queued a card update and a thread reply
    assert ids.PANEL_ARRANGED in action_ids(await card(slack, reference))
    view = await open_modal(slack, reference, ids.PANEL_ARRANGED, ids.PANEL_ARRANGED_VIEW,
                            "UOFFICER")  # fmt: skip
    today = slack.context.calendar.local_date(slack.context.clock.now())
    past = await submit(slack, view, {"panel_on": (today - timedelta(days=1)).isoformat()})
    # stage 3 was asked for today: the day before cannot be its panel's
    said = json.loads(await past.text())["errors"]["panel_on"]
    assert f"panel cannot meet before {long_date(today)}, when the complainant asked" in said
    # more than a year ahead is refused by casework's rule, by the date, as at every door
    far = await submit(slack, view, {"panel_on": (today + timedelta(days=366)).isoformat()})
    assert "is more than a year away" in json.loads(await far.text())["errors"]["panel_on"]
    # a bank holiday or closure day is a slip unless ticked (walker3's panel on Christmas Day)
    calendar = slack.context.calendar
    panel_on = next(day for day in (today + timedelta(days=n) for n in range(1, 366))
                    if calendar.closed_why(day))  # fmt: skip
    slip = await submit(slack, view, {"panel_on": panel_on.isoformat(), "details": PLACE})
    said = json.loads(await slip.text())["errors"]["panel_on"]
    assert f"is {calendar.closed_why(panel_on)}: choose another day" in said, said
    assert panel_letters(slack) == []
    saved = await submit(slack, view, {"panel_on": panel_on.isoformat(), "details": PLACE,
                                       "confirm_day": ["confirmed"]}, send=False)  # fmt: skip
    preview = pushed_view(await saved.text())
    assert preview is not None and preview["callback_id"] == ids.PANEL_ARRANGED_PREVIEW_VIEW
    shown = " ".join(json.dumps(preview["blocks"]).split())
    assert "review panel for your complaint will meet on" in shown and PLACE in shown
    assert "advocate" in shown and panel_letters(slack) == []  # nothing sent yet
    assert closed(await (await submit(slack, preview, {})).text())
    await eventually(lambda: len(panel_letters(slack)) == 1)
    assert PLACE in panel_letters(slack)[0]
    with session_scope(slack.context.engine) as session:
        said = session.exec(select(AuditEntry).where(AuditEntry.action == "panel_arranged")).one()
        assert said.actor == "slack:UOFFICER"


async def test_a_panel_day_gone_by_is_refused_unless_it_met_then(slack: Slack) -> None:
    """walker1 item 2, the rule casework.stage_three keeps for every door: a day gone by is no
    panel to invite the family to (refused by the date, in casework's words), unless staff tick
    that the panel met on it; then it is kept with no letter and can be recorded as held."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=10)
    await asyncio.to_thread(confirm_triage, slack, reference)
    today = slack.context.calendar.local_date(slack.context.clock.now())
    await asyncio.to_thread(at_stage_three, slack, reference, today - timedelta(days=7))
    await drain(slack)
    view = await open_modal(slack, reference, ids.PANEL_ARRANGED, ids.PANEL_ARRANGED_VIEW,
                            "UOFFICER")  # fmt: skip
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert labels["met_already"] == "A day gone by"
    met_on = next(day for day in (today - timedelta(days=n) for n in range(1, 7))
                  if not slack.context.calendar.closed_why(day))  # fmt: skip
    refused = await submit(slack, view, {"panel_on": met_on.isoformat()})
    said = json.loads(await refused.text())["errors"]["panel_on"]
    assert said.endswith(
        f"{long_date(met_on)} has passed: a panel is arranged for a day to come, and the "
        "complainant is sent its date. If the panel met on that day, confirm that it has met "
        "(no letter goes)."  # one sentence, as every Slack refusal ends
    ), said
    kept = await submit(slack, view, {"panel_on": met_on.isoformat(), "met_already": ["met"]})
    assert closed(await kept.text()), await kept.text()  # no letter: made at once

    def arranged() -> list[dict[str, object] | None]:
        with session_scope(slack.context.engine) as session:
            found = select(AuditEntry).where(AuditEntry.action == "panel_arranged")
            return [entry.after for entry in session.exec(found)]

    await eventually(lambda: bool(arranged()))
    assert arranged() == [{"panel_on": met_on.isoformat(), "panel_details": None,
                           "already_met": True, "moved_from": None}]  # fmt: skip
    assert panel_letters(slack) == []


async def test_the_advocate_is_recorded_with_consent_to_copy(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    opened = len(slack.api.received("views.open"))
    await choose(slack, await card(slack, reference), ids.ADVOCACY)
    view = await opened_view(slack, ids.ADVOCACY_VIEW, after=opened)
    base = {"status": "taken_up", "organisation": "Coram Voice"}

    async def errors(answers: dict[str, object]) -> dict[str, str]:
        response = await submit(slack, view, {**base, **answers})
        return dict(json.loads(await response.text())["errors"])

    assert "email" in (await errors({"advocate_name": "Sam Lee", "consent": ["yes"]}))[
        "advocate_email"
    ]
    assert "name" in (await errors({"advocate_email": "sam@coram.example"}))["advocate_name"]
    # Only the box ticked: the answer is about the box, not an email they never gave
    assert await errors({"consent": ["yes"]}) == {  # casework.advocate_rules' words, once
        "advocate_name": f"{COPIES_NEED_A_NAME}."
    }
    for address in ("not an address", '"sam lee"@coram.example', "sam\\lee@coram.example"):
        assert "email address" in (await errors({"advocate_name": "Sam Lee",
                                                 "advocate_email": address}))[
            "advocate_email"
        ]  # fmt: skip
    saved = await submit(slack, view, {**base, "advocate_name": "Sam Lee",
                                       "advocate_email": "sam@coram.example", "consent": ["yes"]})  # fmt: skip
    assert closed(await saved.text())
    # the card says what came of the offer, and no longer asks for one (walkerJ)
    shown = json.dumps(await card(slack, reference))
    assert "Advocacy taken up" in shown and "Offer an advocate" not in shown
    with session_scope(slack.context.engine) as session:
        advocate = session.exec(select(Person).where(Person.role == PartyRole.ADVOCATE)).one()
        assert (advocate.name, advocate.email, advocate.consent_given) == (
            "Sam Lee", "sam@coram.example", True,
        )  # fmt: skip
        reasons = [
            e.reason for e in audit_entries(session, select(AuditEntry)) if e.action == "advocacy"
        ]
        assert any("advocate recorded, copied on letters with consent" in (r or "")
                   for r in reasons)  # fmt: skip


async def test_a_panel_after_its_deadline_is_refused_unless_ticked(slack: Slack) -> None:
    """walkerJ: a panel months past its 30 working days was taken silently. casework's refusal
    names the deadline day by the date; the box 'meets after its deadline' lets it through."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=10)
    await asyncio.to_thread(confirm_triage, slack, reference)
    today = slack.context.calendar.local_date(slack.context.clock.now())
    await asyncio.to_thread(at_stage_three, slack, reference, today - timedelta(days=7))
    await drain(slack)
    view = await open_modal(slack, reference, ids.PANEL_ARRANGED, ids.PANEL_ARRANGED_VIEW,
                            "UOFFICER")  # fmt: skip
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert labels["confirm_late"] == "A day after the panel's deadline"
    late = next(day for day in (today + timedelta(days=n) for n in range(120, 140))
                if not slack.context.calendar.closed_why(day))  # fmt: skip
    refused = await submit(slack, view, {"panel_on": late.isoformat()})
    said = json.loads(await refused.text())["errors"]["panel_on"]
    assert f"{long_date(late)} is after the panel's deadline, " in said, said
    saved = await submit(slack, view, {"panel_on": late.isoformat(), "confirm_late": ["late"]},
                         send=False)  # fmt: skip
    preview = pushed_view(await saved.text())
    assert preview is not None and preview["callback_id"] == ids.PANEL_ARRANGED_PREVIEW_VIEW
