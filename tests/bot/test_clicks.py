"""Every button and modal, clicked as a user does: the signed request a click sends, built from
the blocks heard posted (the element's own action_id and value), then the modal heard opened,
filled in and saved; each asserts the effect in the store, the audit log and the card."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any, cast

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import col, select

from bot import ids
from cases.enums import IssueCategory
from outbound import chaser_ids
from scheduler.rules import ReminderKind
from scheduler.sweep import chaser_buttons
from store.audit import Entry
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import (
    AuditEntry,
    Case,
    Child,
    Correspondence,
    Cost,
    Deadline,
    Issue,
    IssueOutcome,
    LgscoCase,
    OutboxMessage,
    Person,
    Remedy,
    Reminder,
    Stage,
)
from tests.bot.clicking import (
    action_ids,
    card,
    click,
    click_and_send,
    closed,
    drain,
    eventually,
    opened_view,
    said_since,
    slash_command,
    submit,
)
from tests.bot.conftest import Slack
from tests.panels import arranged


def audit(slack: Slack, action: str) -> list[Entry]:
    with session_scope(slack.context.engine) as session:
        statement = select(AuditEntry).where(AuditEntry.action == action)
        return audit_entries(session, statement.order_by(col(AuditEntry.id)))


def updates(slack: Slack) -> int:
    return len(slack.api.received("chat.update"))


async def step(slack: Slack, reference: str, action_id: str, audited: str, **kw: Any) -> None:
    """Click a one-click button on the card; the change is audited with who and the card
    updates."""
    before, seen = updates(slack), len(audit(slack, audited))
    await click_and_send(slack, await card(slack, reference), action_id,
                         done=lambda: len(audit(slack, audited)) > seen, **kw)  # fmt: skip
    entry = audit(slack, audited)[-1]
    assert entry.actor == f"slack:{kw.get('user', 'UOFFICER')}" and entry.at is not None
    await drain(slack)
    assert updates(slack) > before, f"the card did not follow {action_id}"


def stage_deadline(slack: Slack, reference: str) -> Deadline:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return session.exec(
            select(Deadline)
            .where(Deadline.case_id == case.id, Deadline.rule != "acknowledgement")
            .where(col(Deadline.met_on).is_(None), col(Deadline.cancelled).is_(False))
            .order_by(col(Deadline.id).desc())
        ).first()


async def by_modal(
    slack: Slack,
    reference: str,
    action_id: str,
    view_id: str,
    answers: dict[str, Any],
    audited: str,
    *,
    user: str = "UOFFICER",
) -> dict[str, Any]:
    """Click the card's button, fill in the modal it opens and save it: the change is made,
    audited with who, and the modal closes (no form errors). Returns the modal."""
    opened = len(slack.api.received("views.open"))
    await click(slack, await card(slack, reference), action_id, user=user)
    view = await opened_view(slack, view_id, after=opened)
    assert view["private_metadata"] == reference
    seen = len(audit(slack, audited))
    response = await submit(slack, view, answers, user=user)
    assert response.status == 200 and closed(await response.text()), await response.text()
    await eventually(lambda: len(audit(slack, audited)) > seen)
    assert audit(slack, audited)[-1].actor == f"slack:{user}"
    return view


def add_issue(slack: Slack, reference: str) -> None:
    """A second issue, for another team: each gets its own outcome."""
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        session.add(
            Issue(case_id=case.id, category=IssueCategory.COMMUNICATION, team_id="fostering")
        )


def labels(view: dict[str, Any]) -> dict[str, str]:
    return {block["block_id"]: block["label"]["text"] for block in view["blocks"]}


def stage_rows(slack: Slack, reference: str) -> dict[str, Any]:
    """What each stage recorded: stage, per-issue outcomes, remedies, costs, letters."""
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        rows = {
            kind.__name__: list(
                session.exec(select(kind).where(kind.case_id == case.id).order_by(col(kind.id)))
            )
            for kind in (Stage, IssueOutcome, Remedy, Cost, Deadline, Correspondence, LgscoCase)
        }
        session.expunge_all()
        return rows


async def test_a_complaint_through_every_card_button_to_the_ombudsman(slack: Slack) -> None:
    """Received 40 days ago, so every date staff enter is the day it happened, not today."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=40)
    await asyncio.to_thread(add_issue, slack, reference)
    received = slack.case(reference).receipt_day

    def day(n: int) -> str:
        return (received + timedelta(days=n)).isoformat()

    await step(slack, reference, ids.ACKNOWLEDGE, "acknowledge")
    assert slack.case(reference).acknowledged_at is not None
    await step(slack, reference, ids.CONFIRM_TRIAGE, "triage_confirmed")

    # Stage 1: an outcome per issue, typed remedies, a manager's call, sent on day 5
    view = await by_modal(
        slack,
        reference,
        ids.RESPOND,
        ids.RESPOND_VIEW,
        {
            "responded_on": day(5),
            "outcome_1": "upheld",
            "finding_1": "We read the records for issue 1.",
            "outcome_2": "not_upheld",
            "finding_2": "We read the records for issue 2.",
            "remedies": ["apology", "financial"],
            "financial_amount": "150.50",
            "manager_contact": "yes",
            "learning": "Return calls within two days",
        },
        "respond",
        user="UMANAGER",
    )
    shown = labels(view)
    assert shown["outcome_2"] == "Issue 2: Communication (Fostering)"
    assert shown["outcome_1"].startswith("Issue 1: ")
    assert "cost_independent_person" not in shown  # stage 1 has no independent person
    assert "reason_for_delay" in shown  # stage 1 was due weeks ago: asked, needed if late
    rows = stage_rows(slack, reference)
    stage_one = rows["Stage"][0]
    assert stage_one.responded_on.isoformat() == day(5) and stage_one.manager_contacted
    assert stage_one.timeliness.value == "in_time" and stage_one.outcome.value == "partially_upheld"
    assert [row.outcome.value for row in rows["IssueOutcome"]] == ["upheld", "not_upheld"]
    assert {(r.kind.value, r.amount_pence) for r in rows["Remedy"]} == {
        ("apology", None),
        ("financial", 15050),
    }
    assert [(c.kind.value, c.amount_pence) for c in rows["Cost"]] == [("compensation", 15050)]
    letters = [m for m in rows["Correspondence"] if (m.details or {}).get("letter") == "response"]
    assert len(letters) == 1 and "upheld" in letters[0].text.lower()

    # Stage 2, asked for on day 10; extended with the complainant's agreement
    await by_modal(
        slack, reference, ids.ESCALATE, ids.ESCALATE_VIEW, {"requested_on": day(10)}, "escalate"
    )
    stage_two = stage_rows(slack, reference)["Stage"][-1]
    assert stage_two.kind.value == "statutory_2" and stage_two.requested_on.isoformat() == day(10)
    due = stage_deadline(slack, reference)
    new_due = due.maximum_on or due.due_on + timedelta(days=7)
    view = await by_modal(
        slack,
        reference,
        ids.EXTEND,
        ids.EXTEND_VIEW,
        {"new_due": new_due.isoformat(), "agreed_on": day(20), "reason": "Worker off sick"},
        "extend",
        user="UMANAGER",
    )
    assert "statutory maximum" in str(view)
    assert stage_deadline(slack, reference).extended_to == new_due
    view = await by_modal(
        slack,
        reference,
        ids.RESPOND,
        ids.RESPOND_VIEW,
        {
            "responded_on": day(14),
            "outcome_1": "not_upheld",
            "finding_1": "We read the records for issue 1.",
            "outcome_2": "partially_upheld",
            "finding_2": "We read the records for issue 2.",
            "remedies": ["explanation"],
            "cost_independent_investigator": "1200",
            "cost_independent_person": "300.50",
        },
        "respond",
        user="UMANAGER",
    )
    assert "reason_for_delay" not in labels(view)  # not late today: not asked
    rows = stage_rows(slack, reference)
    assert [(c.kind.value, c.amount_pence) for c in rows["Cost"]][1:] == [
        ("independent_investigator", 120000),
        ("independent_person", 30050),
    ]
    assert rows["Stage"][-1].responded_on.isoformat() == day(14)
    assert [row.outcome.value for row in rows["IssueOutcome"]][2:] == [
        "not_upheld",
        "partially_upheld",
    ]

    # Stage 3: request, panel, chair's report, response; each on its own day
    await by_modal(
        slack, reference, ids.ESCALATE, ids.ESCALATE_VIEW, {"requested_on": day(16)}, "escalate"
    )
    await asyncio.to_thread(
        arranged,
        slack.context.engine,
        reference,
        date.fromisoformat(day(18)),
        slack.component.deps.cases,  # its listeners update the card
    )
    await drain(slack)  # the card offers Panel held once the panel is arranged
    await by_modal(
        slack, reference, ids.PANEL_HELD, ids.PANEL_HELD_VIEW, {"on": day(18)}, "panel_held"
    )
    await by_modal(
        slack, reference, ids.CHAIR_REPORT, ids.CHAIR_REPORT_VIEW, {"on": day(20)}, "chair_report"
    )
    await by_modal(
        slack,
        reference,
        ids.RESPOND,
        ids.RESPOND_VIEW,
        {
            "responded_on": day(22),
            "outcome_1": "not_upheld",
            "finding_1": "We read the records for issue 1.",
            "outcome_2": "not_upheld",
            "finding_2": "We read the records for issue 2.",
            "remedies": ["explanation"],
            "cost_panel_members": "450",
        },
        "respond",
        user="UMANAGER",
    )
    rows = stage_rows(slack, reference)
    met = {d.rule: d.met_on.isoformat() for d in rows["Deadline"] if d.met_on}
    assert (met["stage_3_panel"], met["panel_report"], met["council_response"]) == (
        day(18),
        day(20),
        day(22),
    )
    assert rows["Stage"][-1].timeliness.value == "in_time"
    assert (rows["Cost"][-1].kind.value, rows["Cost"][-1].amount_pence) == ("panel_members", 45000)

    # The Ombudsman's enquiry, with its reference, arrived on day 24
    await by_modal(
        slack,
        reference,
        ids.LGSCO_RECEIVED,
        ids.LGSCO_RECEIVED_VIEW,
        {"lgsco_reference": "24 012 345", "received_on": day(24)},
        "lgsco_received",
    )
    enquiry = stage_rows(slack, reference)["LgscoCase"][0]
    assert (enquiry.received_on.isoformat(), enquiry.lgsco_reference) == (day(24), "24 012 345")
    await step(slack, reference, ids.CLOSE, "close")
    assert slack.case(reference).status.value == "closed"
    assert ids.CLOSE not in action_ids(await card(slack, reference))


async def test_change_triage_by_modal_then_withdraw(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    opened = len(slack.api.received("views.open"))
    await click(slack, await card(slack, reference), ids.CHANGE_TRIAGE)
    view = await opened_view(slack, ids.CHANGE_TRIAGE_VIEW, after=opened)
    assert view["private_metadata"] == reference
    response = await submit(
        slack, view, {"kind": "complaint", "route": "corporate", "why": "About a school bus"}
    )
    assert response.status == 200
    await eventually(lambda: slack.case(reference).route.value == "corporate")
    case = slack.case(reference)
    assert case.stage.value == "corporate_1" and case.triage_confirmed_at is not None
    entry = audit(slack, "triaged")[-1]
    assert entry.actor == "slack:UOFFICER" and entry.reason == "About a school bus"
    stale = await card(slack, reference)  # the card as it was before the withdrawal
    await step(slack, reference, ids.WITHDRAW, "withdraw")
    assert slack.case(reference).status.value == "withdrawn"
    # a button on a card not yet updated: casework's refusal as one sentence, the case named
    # after it, never 'CSC-…: cannot withdraw: …' (walkerA)
    told, opened = (
        len(slack.api.received("chat.postEphemeral")),
        len(slack.api.received("views.open")),
    )
    await click(slack, stale, ids.WITHDRAW)
    await eventually(lambda: said_since(slack, told=told, opened=opened))
    said = said_since(slack, told=told, opened=opened)[-1]
    assert said.startswith("Cannot withdraw") and said.endswith(f" ({reference})."), said
    assert said.count(reference) == 1 and said.count(".") == 1, said


async def test_view_details_opens_the_personal_details_in_a_modal(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    assert "Test Parent" not in str(blocks)  # never on the card in the channel
    await click(slack, blocks, ids.VIEW_DETAILS, user="UMANAGER")
    view = await opened_view(slack, "details_view")
    assert view["private_metadata"] == reference
    assert "Test Parent" in str(view) and "parent@example.org" in str(view)
    # reading the messages is a staff read: the case leaves the reading queue
    await eventually(lambda: bool(audit(slack, "case viewed")))
    assert audit(slack, "case viewed")[-1].actor == "slack:UMANAGER"


async def test_an_unread_chasers_read_it_button_opens_the_messages(slack: Slack) -> None:
    from scheduler.unread import _blocks as unread_blocks

    reference = await asyncio.to_thread(slack.new_case)
    blocks = unread_blocks("not yet read", reference)
    await click(slack, blocks, chaser_ids.READ_CASE, channel="DOFFICER", user="UOFFICER")
    view = await opened_view(slack, "details_view")
    assert view["private_metadata"] == reference
    await eventually(lambda: bool(audit(slack, "case viewed")))
    assert audit(slack, "case viewed")[-1].actor == "slack:UOFFICER"


async def test_assign_from_the_cards_menu(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await click(
        slack, await card(slack, reference), ids.ASSIGN, user="UMANAGER", selected_user="UOFFICER"
    )
    await eventually(lambda: slack.case(reference).assignee == "UOFFICER")
    assert audit(slack, "assign")[-1].actor == "slack:UMANAGER"
    blocks = await card(slack, reference)
    assert "<@UOFFICER>" in str(blocks)
    # under the card, whom as Slack shows a person (it said "assign: UOFFICER", the bare id)
    await drain(slack)
    assert any(
        p["text"] == "<@UMANAGER> assigned the case to <@UOFFICER>"
        for p in slack.api.received("chat.postMessage") if p.get("thread_ts")
    )  # fmt: skip
    # walkerB item 3: Slack's menu lists the whole workspace; heard takes only staff it knows
    await click(
        slack, await card(slack, reference), ids.ASSIGN, user="UMANAGER", selected_user="UNOBODY"
    )
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    said = slack.api.received("chat.postEphemeral")[-1]["text"]
    assert "<@UNOBODY> is not in heard's rule file" in said
    assert slack.case(reference).assignee == "UOFFICER"


def chaser_blocks(reference: str, kind: ReminderKind) -> list[dict[str, Any]]:
    """The chaser exactly as the scheduler posts it."""
    return chaser_buttons(text="A chaser", reference=reference, kind=kind)


async def test_chaser_buttons(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = chaser_blocks(reference, ReminderKind.REASON_FOR_DELAY)
    dm = {"channel": "DMANAGER", "user": "UMANAGER"}

    await click(slack, blocks, chaser_ids.OPEN_CASE, **dm)
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    assert slack.api.received("chat.postEphemeral")[-1]["text"].startswith(f"{reference}: ")

    await click(slack, blocks, chaser_ids.ACKNOWLEDGE, **dm)
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)
    await eventually(lambda: "acknowledged" in slack.api.received("chat.postEphemeral")[-1]["text"])
    assert audit(slack, "acknowledge")[-1].actor == "slack:UMANAGER"

    # Record reason for delay: opens its modal (it crashed before); saving it is audited
    await click(slack, blocks, chaser_ids.REASON_FOR_DELAY, **dm)
    view = await opened_view(slack, ids.REASON_FOR_DELAY_VIEW)
    assert view["private_metadata"] == reference
    response = await submit(slack, view, {"reason": "Worker off sick"}, user="UMANAGER")
    assert response.status == 200

    def recorded() -> bool:
        with session_scope(slack.context.engine) as session:
            return session.exec(select(Stage)).one().reason_for_delay == "Worker off sick"

    await eventually(recorded)
    entry = audit(slack, "reason_for_delay")[-1]
    assert entry.actor == "slack:UMANAGER" and entry.after == {
        "reason_for_delay": "Worker off sick"
    }


async def test_snooze_brings_the_chaser_back_to_who_clicked(slack: Slack) -> None:
    from cases.clock import SettableClock
    from heard.wiring import messenger
    from scheduler.sweep import Sweeper

    reference = await asyncio.to_thread(slack.new_case)
    await asyncio.to_thread(_assign, slack, reference, "UOFFICER")  # someone else holds it
    blocks = chaser_blocks(reference, ReminderKind.DUE_SOON)
    await click(slack, blocks, chaser_ids.SNOOZE, user="UMANAGER", channel="DMANAGER")
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    assert "remind you" in slack.api.received("chat.postEphemeral")[-1]["text"]
    assert audit(slack, "snoozed")[-1].actor == "slack:UMANAGER"
    with session_scope(slack.context.engine) as session:
        reminder = session.exec(
            select(Reminder).where(col(Reminder.dedupe_key).startswith("snooze:"))
        ).one()
        due_at = reminder.due_at
    # the next working day at the chaser hour, the sweep sends it to UMANAGER, not the assignee
    context = slack.context
    sweeper = Sweeper(
        engine=context.engine,
        messenger=messenger(context.settings),
        clock=SettableClock(due_at + timedelta(minutes=1)),
        calendar=context.calendar,
        organisation=context.organisation,
    )
    await asyncio.to_thread(sweeper.sweep_all)
    with session_scope(slack.context.engine) as session:
        sent = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.dedupe_key).startswith("snooze:"))
        ).all()
        assert [row.target for row in sent] == ["UMANAGER"]  # a DM to who clicked
        assert sent[0].payload["args"]["channel"] == "UMANAGER"


def _assign(slack: Slack, reference: str, user: str) -> None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.assignee = user
        session.add(case)


async def test_slash_command_and_shortcut_open_log_a_contact(slack: Slack) -> None:
    await slash_command(slack, "")
    view = await opened_view(slack, ids.LOG_CONTACT_VIEW)
    answers = {
        "channel": "telephone",
        "kind": "complaint",
        "name": "Test Caller",
        "contact": "07700 900000",
        "child": "Test Child",
        "text": "My daughter's foster placement broke down, nobody told me.",
    }
    for address in ("ann[1]@example.org", '"ann b"@example.org', "ann@example"):
        refused = await submit(slack, view, {**answers, "contact": address}, user="UMANAGER")
        assert "Not an email address" in json.loads(await refused.text())["errors"]["contact"]
    response = await submit(slack, view, answers, user="UMANAGER")
    assert response.status == 200

    def logged() -> list[Case]:
        with session_scope(slack.context.engine) as session:
            return list(session.exec(select(Case).where(Case.channel == "telephone")))

    await eventually(lambda: bool(logged()))
    case = logged()[0]
    assert case.triage_decision and case.record_kind.value == "complaint"
    with session_scope(slack.context.engine) as session:
        person = session.exec(select(Person).where(Person.case_id == case.id)).one()
        assert (person.name, person.phone, person.email) == ("Test Caller", "07700 900000", None)
        assert session.exec(select(Child).where(Child.case_id == case.id)).one().name
        note = session.exec(select(Correspondence).where(Correspondence.case_id == case.id)).one()
        assert note.direction.value == "internal" and note.author == "slack:UMANAGER"
    created = [e for e in audit(slack, "created") if e.case_id == case.id]
    assert created and created[0].actor == "slack:UMANAGER"
    await drain(slack)
    assert any(case.reference in m.get("text", "") for m in slack.api.received("chat.postMessage"))

    opened = len(slack.api.received("views.open"))
    shortcut = {
        "type": "shortcut",
        "callback_id": ids.LOG_CONTACT_SHORTCUT,
        "team": {"id": "T0001"},
        "user": {"id": "UOFFICER"},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "t-shortcut",
        "action_ts": "1",
    }
    from testkit.slack_signing import interaction

    await slack.post(interaction(shortcut))
    await opened_view(slack, ids.LOG_CONTACT_VIEW, after=opened)


async def test_find_and_mine(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await asyncio.to_thread(_assign, slack, reference, "UMANAGER")
    # One answer at a time: the two commands run in worker threads and may answer in any order.
    await slash_command(slack, f"find {reference.lower()}")
    await eventually(lambda: len(slack.api.received("response")) == 1)
    await slash_command(slack, "mine")
    await eventually(lambda: len(slack.api.received("response")) == 2)
    found, mine = slack.api.received("response")
    assert found["text"].startswith(f"{reference}: Complaint, Open")
    assert mine["text"].startswith(f"{reference}: Open")
    assert "Test Parent" not in found["text"] + mine["text"]


async def test_app_home_lists_my_cases_and_nothing_for_strangers(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    await asyncio.to_thread(_assign, slack, reference, "UMANAGER")

    async def open_home(user: str) -> dict[str, Any]:
        before = len(slack.api.received("views.publish"))
        event = {
            "type": "event_callback",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "token": "legacy",
            "event_id": f"Ev{user}",
            "event_time": 1,
            "event": {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"},
        }
        import json as json_module

        from testkit.slack_signing import signed_headers

        body = json_module.dumps(event)
        response = await slack.post(
            body, headers=signed_headers(body, content_type="application/json")
        )
        assert response.status == 200
        await eventually(lambda: len(slack.api.received("views.publish")) > before)
        return slack.api.received("views.publish")[-1]

    assert reference in str(await open_home("UMANAGER"))
    stranger = await open_home("USTRANGER")
    assert reference not in str(stranger) and "no role" in str(stranger)


async def test_user_group_role_counts_on_the_first_click(slack: Slack) -> None:
    """The group cache starts empty, so the first lookup fetches (it compared 0.0 with the
    machine's uptime, and refused group roles on a machine up for less than 5 minutes)."""
    reference = await asyncio.to_thread(slack.new_case)
    await click(slack, await card(slack, reference), ids.ACKNOWLEDGE, user="UGROUPED")
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)
    assert len(slack.api.received("usergroups.list")) == 1


def test_the_group_cache_fetches_on_first_use_whatever_the_uptime(monkeypatch: Any) -> None:
    import time as time_module

    from bot.groups import GroupMembership

    class Client:
        calls = 0

        async def usergroups_list(self, include_users: bool) -> dict[str, Any]:
            Client.calls += 1
            return {"usergroups": [{"id": "S1", "users": ["U1"]}]}

    monkeypatch.setattr(time_module, "monotonic", lambda: 12.0)  # booted 12 s ago
    groups = GroupMembership(cast(AsyncWebClient, Client()), wanted=frozenset({"S1"}))
    assert asyncio.run(groups.of("U1")) == frozenset({"S1"}) and Client.calls == 1
