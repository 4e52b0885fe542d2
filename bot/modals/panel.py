"""Arrange panel: stage 3's review panel gets its date (again, if it moves), as `heard case REF
panel-arranged` and the web form do. The complainant's letter gives the date, the time and place
staff write, and the right to attend with an advocate; Save shows that letter first and Send
sends it (bot/modals/preview.py). A day gone by is refused (casework.stage_three, by the date)
unless staff tick that the panel has already met on it: then it is kept with no letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import (
    Form,
    View,
    checkboxes,
    datepicker,
    input_block,
    modal,
    text_input,
)
from bot.modals.preview import previewing
from cases.procedure import (
    PANEL_ALREADY_MET,
    PANEL_DETAILS_HINT,
    PANEL_LATE,
    PANEL_ON_CLOSED_DAY,
)
from casework import stage_three
from store.models import Case

DETAILS_MAX = 1000
# a bank holiday or closure day is refused (casework.stage_three) unless ticked
CONFIRM_DAY = [("confirmed", PANEL_ON_CLOSED_DAY)]
MET_ALREADY = [("met", PANEL_ALREADY_MET)]
# a day after the panel's statutory deadline is refused unless ticked
CONFIRM_LATE = [("late", PANEL_LATE)]


@dataclass(frozen=True)
class PanelInput:
    panel_on: date
    details: str | None
    confirm_day: bool = False
    met_already: bool = False
    confirm_late: bool = False


def panel_modal(reference: str, *, today: date) -> View:
    return modal(
        ids.PANEL_ARRANGED_VIEW,
        "Arrange the panel",
        [
            input_block("panel_on", "The day the review panel meets",
                        datepicker(initial=today + timedelta(days=14))),
            input_block("details", "Time and place (goes in the letter to the complainant)",
                        text_input(DETAILS_MAX, multiline=True), optional=True,
                        hint=PANEL_DETAILS_HINT),
            input_block("confirm_day", "A bank holiday or closure day", checkboxes(CONFIRM_DAY),
                        optional=True),
            input_block("met_already", "A day gone by", checkboxes(MET_ALREADY), optional=True),
            input_block("confirm_late", "A day after the panel's deadline",
                        checkboxes(CONFIRM_LATE), optional=True),
        ],
        reference=reference,
    )  # fmt: skip


def parse_panel(form: Form) -> PanelInput | None:
    panel_on = form.day("panel_on", required="Choose the day the panel meets.")
    details = form.text("details", max_length=DETAILS_MAX)
    if panel_on is None or form.errors:
        return None
    return PanelInput(
        panel_on,
        details,
        bool(form.ticked("confirm_day", CONFIRM_DAY)),
        bool(form.ticked("met_already", MET_ALREADY)),
        bool(form.ticked("confirm_late", CONFIRM_LATE)),
    )


def apply_panel(given: PanelInput) -> Change:
    def apply(act: Act) -> None:
        stage_three.arrange_panel(
            act.service, act.session, case=act.case, panel_on=given.panel_on,
            details=given.details, actor=act.actor, today=act.today,
            confirm_day=given.confirm_day, met_already=given.met_already,
            confirm_late=given.confirm_late,
        )  # fmt: skip

    return apply


def opener(kit: Kit) -> Listener:
    async def open_panel(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return panel_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.PANEL_ARRANGED, view_for=view_for)

    return open_panel


def submission(kit: Kit) -> tuple[Listener, Listener]:
    def check(session: Session, case: Case, form: Form, today: date) -> PanelInput | None:
        return parse_panel(form)

    return previewing(
        kit,
        permission=ids.PANEL_ARRANGED,
        check=check,
        apply=apply_panel,
        refusal_field="panel_on",
        preview_id=ids.PANEL_ARRANGED_PREVIEW_VIEW,
    )
