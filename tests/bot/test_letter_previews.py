"""Every Slack action that writes to the complainant shows the letter before Send (issue 23
item 2): Extend, Pause, Resume, Escalate (stage 2 accepted, stage 3 requested), Chair's report
in, Withdraw (a one-click button: its letter opens as a modal), Confirm triage of a contact
not logged, Change triage, and the Ombudsman's decision (premature). Save (or the click)
records nothing and queues nothing; Send does, and the letter then read from the SMTP capture
server is the one shown. A step with no letter (Panel held) is made at once."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from sqlmodel import func, select

from bot import ids
from cases.enums import Route
from store.db import session_scope
from store.models import AuditEntry, OutboxMessage
from tests.bot.clicking import (
    card,
    choose,
    click,
    closed,
    drain,
    opened_view,
    pushed_view,
    submit,
)
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.panels import arranged


def recorded(slack: Slack) -> tuple[int, int]:
    """Audit entries and outbox rows: what a change leaves behind."""
    with session_scope(slack.context.engine) as session:
        audited = session.exec(select(func.count()).select_from(AuditEntry)).one()
        queued = session.exec(select(func.count()).select_from(OutboxMessage)).one()
        return int(audited), int(queued)


def letter_text(view: dict[str, Any]) -> str:
    """The first letter on a preview (the complainant's; an advocate's copy follows it)."""
    parts: list[str] = []
    for block in view["blocks"][1:]:
        if block["type"] == "header" and parts:
            break
        if block["type"] == "section":
            parts.append(block["text"]["text"])
    return " ".join(" ".join(parts).split())


async def letter_first(
    slack: Slack, reference: str, action_id: str, view_id: str, answers: dict[str, Any],
    *, user: str = "UOFFICER",
) -> str:  # fmt: skip
    """Open the card's form, Save: the letter is shown and nothing changes; Send: it does."""
    if action_id == ids.MORE:  # a form on the card's More menu
        opened = len(slack.api.received("views.open"))
        await choose(slack, await card(slack, reference), {"pause_view": ids.PAUSE}[view_id],
                     user=user)  # fmt: skip
        view = await opened_view(slack, view_id, after=opened)
    else:
        view = await open_modal(slack, reference, action_id, view_id, user)
    action_id = view_id
    before = recorded(slack)
    saved = await submit(slack, view, answers, user=user, send=False)
    shown = pushed_view(await saved.text())
    assert shown is not None, (action_id, await saved.text())
    assert shown["callback_id"] == view_id.replace("_view", "_preview_view"), action_id
    assert (shown["submit"]["text"], shown["close"]["text"]) == ("Send", "Back")
    assert recorded(slack) == before, f"{action_id}: Save changed something before Send"
    sent = await submit(slack, shown, {}, user=user)
    assert closed(await sent.text()), await sent.text()
    assert recorded(slack) > before
    return letter_text(shown)


async def clicked_letter(slack: Slack, reference: str, action_id: str) -> str:
    """A one-click button whose step writes: its letter opens as a modal; Send makes it."""
    opened = len(slack.api.received("views.open"))
    before = recorded(slack)
    await click(slack, await card(slack, reference), action_id)
    shown = await opened_view(slack, f"{action_id}_preview_view", after=opened)
    assert (shown["submit"]["text"], shown["close"]["text"]) == ("Send", "Cancel")
    assert recorded(slack) == before, f"{action_id}: the click changed something before Send"
    sent = await submit(slack, shown, {})
    assert closed(await sent.text()), await sent.text()
    return letter_text(shown)


async def test_every_letter_in_slack_is_shown_before_it_goes(
    slack: Slack, mail_sink: MailSink
) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, reference)
    received = slack.case(reference).receipt_day
    today = slack.context.calendar.local_date(slack.context.clock.now())

    def day(n: int) -> str:
        return (received + timedelta(days=n)).isoformat()

    shown = [
        await letter_first(slack, reference, ids.EXTEND, ids.EXTEND_VIEW, {
            "new_due": (today + timedelta(days=3)).isoformat(), "agreed_on": day(2),
            "reason": "TM off sick", "reason_for_complainant": "the manager is away",
        }, user="UMANAGER"),
        await letter_first(slack, reference, ids.MORE, "pause_view", {
            "reason": "police_investigation", "paused_on": day(3)}),
    ]  # fmt: skip
    assert "the manager is away" in shown[0] and "off sick" not in shown[0]
    shown.append(
        await letter_first(slack, reference, ids.RESUME, ids.RESUME_VIEW, {"resumed_on": day(4)})
    )
    respond = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answered = {"responded_on": day(5), "outcome_1": "upheld", "remedies": ["apology"],
                "finding_1": "We read the records for issue 1."}
    assert closed(await (await submit(slack, respond, answered, user="UMANAGER")).text())
    shown.append(await letter_first(
        slack, reference, ids.ESCALATE, ids.ESCALATE_VIEW, {"requested_on": day(6)}))  # fmt: skip
    assert "considered at stage 2" in shown[-1]
    respond = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answered = {"responded_on": day(8), "outcome_1": "not_upheld", "remedies": ["explanation"],
                "finding_1": "We read the records for issue 1."}
    assert closed(await (await submit(slack, respond, answered, user="UMANAGER")).text())
    shown.append(await letter_first(
        slack, reference, ids.ESCALATE, ids.ESCALATE_VIEW, {"requested_on": day(9)}))  # fmt: skip
    assert "review panel" in shown[-1] and "advocate" in shown[-1]
    # Panel held writes nothing to the complainant: recorded at once, no letter to check
    await asyncio.to_thread(
        arranged,
        slack.context.engine,
        reference,
        date.fromisoformat(day(10)),
        slack.component.deps.cases,  # its listeners update the card
    )
    await drain(slack)  # the card offers Panel held once the panel is arranged
    held = await open_modal(slack, reference, ids.PANEL_HELD, ids.PANEL_HELD_VIEW, "UOFFICER")
    assert closed(await (await submit(slack, held, {"on": day(10)}, send=False)).text())
    shown.append(await letter_first(
        slack, reference, ids.CHAIR_REPORT, ids.CHAIR_REPORT_VIEW, {"on": day(11)}))  # fmt: skip
    assert "panel's report" in shown[-1]
    shown.append(await clicked_letter(slack, reference, ids.WITHDRAW))
    assert "has been withdrawn" in shown[-1] and slack.case(reference).status.value == "withdrawn"

    sent = [" ".join(text.split()) for text in await letters(
        slack.context.engine, slack.context.settings, mail_sink)]  # fmt: skip
    # each letter shown is a letter the complainant got (responses between them too)
    for letter in shown:
        assert letter in sent, letter[:120]


async def test_triage_and_the_ombudsman_show_their_letters_first(
    slack: Slack, mail_sink: MailSink
) -> None:
    court = ("I want to complain about the report the social worker wrote for the family court "
             "hearing next month. It has mistakes about my parenting.")  # fmt: skip
    refused = await asyncio.to_thread(slack.new_case, court, days_ago=5)
    assert slack.case(refused).route == Route.NOT_LOGGED  # triage's proposal, not yet told
    refusal = await clicked_letter(slack, refused, ids.CONFIRM_TRIAGE)
    assert "family court" in refusal and slack.case(refused).triage_confirmed_at is not None

    changed = await asyncio.to_thread(slack.new_case, days_ago=5)
    decision = await letter_first(slack, changed, ids.CHANGE_TRIAGE, ids.CHANGE_TRIAGE_VIEW, {
        "kind": "complaint", "route": "corporate", "why": "About a school bus"})  # fmt: skip
    assert "council's own complaints procedure" in decision
    assert slack.case(changed).route.value == "corporate"

    premature = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, premature)
    await drain(slack)
    received = slack.case(premature).receipt_day
    enquiry = await open_modal(
        slack, premature, ids.LGSCO_RECEIVED, ids.LGSCO_RECEIVED_VIEW, "UOFFICER"
    )
    on = (received + timedelta(days=2)).isoformat()
    assert closed(
        await (
            await submit(
                slack, enquiry, {"received_on": on, "lgsco_reference": "26 001 234"}, send=False
            )
        ).text()
    )
    restart = await letter_first(slack, premature, ids.LGSCO_DECISION, ids.LGSCO_DECISION_VIEW, {
        "decided_on": (received + timedelta(days=4)).isoformat(), "finding": "premature"})  # fmt: skip
    assert "stage 1" in restart

    sent = [" ".join(text.split()) for text in await letters(
        slack.context.engine, slack.context.settings, mail_sink)]  # fmt: skip
    for letter in (refusal, decision, restart):
        assert letter in sent, letter[:120]
