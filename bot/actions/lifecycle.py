"""The card's one-click buttons (Acknowledge, Confirm triage, Escalate, Panel held, Chair's
report in, LGSCO enquiry received, Close, Withdraw): each is one step of the case lifecycle,
applied through the case service; the card updates from the outbox."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.kit import Act, Body, Kit, Listener, action_value, user_of
from store.cases import actions as case_actions


def _acknowledge(act: Act) -> None:
    case_actions.acknowledge(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


def _confirm_triage(act: Act) -> None:
    act.service.confirm_triage(act.session, case=act.case, actor=act.actor, now=act.now)


def _escalate(act: Act) -> None:
    case_actions.escalate(
        act.service, act.session, case=act.case, actor=act.actor, requested_on=act.today
    )


def _panel_held(act: Act) -> None:
    case_actions.panel_held(
        act.service, act.session, case=act.case, actor=act.actor, held_on=act.today
    )


def _chair_report(act: Act) -> None:
    case_actions.chair_report(
        act.service, act.session, case=act.case, actor=act.actor, received_on=act.today
    )


def _lgsco_received(act: Act) -> None:
    case_actions.lgsco_received(
        act.service, act.session, case=act.case, actor=act.actor, received_on=act.today
    )


def _close(act: Act) -> None:
    case_actions.close(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


def _withdraw(act: Act) -> None:
    case_actions.withdraw(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


STEPS: dict[str, Callable[[Act], None]] = {
    ids.ACKNOWLEDGE: _acknowledge,
    ids.CONFIRM_TRIAGE: _confirm_triage,
    ids.ESCALATE: _escalate,
    ids.PANEL_HELD: _panel_held,
    ids.CHAIR_REPORT: _chair_report,
    ids.LGSCO_RECEIVED: _lgsco_received,
    ids.CLOSE: _close,
    ids.WITHDRAW: _withdraw,
}


async def run_step(
    kit: Kit, action_id: str, body: Body, client: AsyncWebClient, *, done: str | None = None
) -> None:
    """Check the role, apply the step to the case in the button's value, tell the user only
    what went wrong (or `done`, where no card shows the change)."""
    reference = action_value(body)
    if not await kit.permitted(action_id, body, client, reference):
        return
    problem = await kit.change(reference=reference, user=user_of(body), apply=STEPS[action_id])
    if problem or done:
        await kit.ephemeral(client, body, problem or done or "")


def button(kit: Kit, action_id: str) -> Listener:
    async def lifecycle_step(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        await run_step(kit, action_id, body, client)

    return lifecycle_step
