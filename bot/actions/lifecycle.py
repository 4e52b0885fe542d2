"""The card's one-click buttons (Acknowledge, Confirm triage, Close, Withdraw): each is one step
of the case lifecycle, applied through the case service; the card updates from the outbox.
A step that writes to the complainant (a withdrawal confirmed, a contact not logged told why on
Confirm triage) opens its letter first, Send and Cancel (bot/modals/preview.button_previewing).

The steps that happened on a day of their own (Escalate, Panel held, Chair's report in, LGSCO
enquiry received) open a modal for that date instead (bot/modals/escalate.py, stage_three.py,
lgsco_received.py): the click date is not when the complainant asked or the panel met."""

from __future__ import annotations

from collections.abc import Callable

from bot import ids
from bot.kit import Act, Kit, Listener
from bot.modals.preview import button_previewing
from casework import acknowledgement, closing
from casework.triage import confirm_triage


def _acknowledge(act: Act) -> None:
    acknowledgement.acknowledge(
        act.service, act.session, case=act.case, actor=act.actor, now=act.now
    )


def _confirm_triage(act: Act) -> None:
    confirm_triage(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


def _close(act: Act) -> None:
    # Unconfirmed: while the complainant may still ask for the next stage the click opens
    # bot/modals/close.py instead, and a window that opened since is refused here.
    closing.close(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


def _withdraw(act: Act) -> None:
    closing.withdraw(act.service, act.session, case=act.case, actor=act.actor, now=act.now)


STEPS: dict[str, Callable[[Act], None]] = {
    ids.ACKNOWLEDGE: _acknowledge,
    ids.ACKNOWLEDGE_STAGE: _acknowledge,  # acknowledge() sees the open Code clock
    ids.CONFIRM_TRIAGE: _confirm_triage,
    ids.CLOSE: _close,
    ids.WITHDRAW: _withdraw,
}


def preview_id(action_id: str) -> str:
    """The view of the letter a step's click writes, shown before Send."""
    return f"{action_id}_preview_view"


def button(
    kit: Kit, action_id: str, *, done: Callable[[str], str] | None = None
) -> tuple[Listener, Listener]:
    """The click (the step, or its letter shown first) and the letter's Send."""
    return button_previewing(
        kit,
        permission=action_id,
        step=STEPS[action_id],
        preview_id=preview_id(action_id),
        done=done,
    )
