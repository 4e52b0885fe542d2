"""Panel held and Chair's report in: stage 3's two steps before the council's response; and
Replied to the Ombudsman, which meets the council's reply deadline. Each card button opens a
modal for the day it happened (the next clock starts then, not on the day
staff click): not before the step's clock started, not after today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, modal
from bot.modals.dated import Bound, date_field, day_between, earliest
from bot.modals.preview import previewing
from cases.enums import DeadlineRule
from cases.timescales import STAGE_3_STEPS
from casework import ombudsman, stage_three
from store.cases.queries import open_deadlines_by_id
from store.models import Case


@dataclass(frozen=True)
class Step:
    """One stage 3 step: its button and modal, its words, and the store action it runs."""

    action_id: str
    view_id: str
    preview_id: str  # the letter's view, where the step writes to the complainant
    rule: DeadlineRule  # the clock the step meets: the date is not before it started
    title: str
    label: str  # the date field's label
    what: str  # "the panel met"
    after_why: str  # why the date cannot be earlier than its clock's start
    record: Callable[[Act, date], object]


PANEL_HELD = Step(
    ids.PANEL_HELD,
    ids.PANEL_HELD_VIEW,
    "panel_held_preview_view",
    STAGE_3_STEPS["panel_held"][0],
    "Review panel held",
    "Date the review panel met",
    "the panel met",
    ", the day stage 3 was requested",
    lambda act, on: stage_three.panel_held(
        act.service, act.session, case=act.case, held_on=on, actor=act.actor, today=act.today
    ),
)
CHAIR_REPORT = Step(
    ids.CHAIR_REPORT,
    ids.CHAIR_REPORT_VIEW,
    "chair_report_preview_view",
    STAGE_3_STEPS["chair_report"][0],
    "Chair's report in",
    "Date the panel chair's report arrived",
    "the chair's report arrived",
    ", the day the panel met",
    lambda act, on: stage_three.chair_report(
        act.service, act.session, case=act.case, received_on=on, actor=act.actor, today=act.today
    ),
)


LGSCO_REPLIED = Step(
    ids.LGSCO_REPLIED,
    ids.LGSCO_REPLIED_VIEW,
    "lgsco_replied_preview_view",
    DeadlineRule.LGSCO_RESPONSE,
    "Replied to the Ombudsman",
    "Date the council replied to the Ombudsman",
    "the council replied",
    ", the day the Ombudsman's enquiry arrived",
    lambda act, on: ombudsman.lgsco_replied(
        act.service, act.session, case=act.case, replied_on=on, actor=act.actor, today=act.today
    ),
)


def step_modal(step: Step, reference: str, *, today: date) -> View:
    return modal(
        step.view_id, step.title, [date_field("on", step.label, today)], reference=reference
    )


def check_step(
    step: Step, session: Session, case: Case, form: Form, today: date, *, arrived: date
) -> date | None:
    """The date: not before the step's clock started (the request, or the panel), nor today."""
    clock = next(
        (
            d
            for d in open_deadlines_by_id(session, case_id=case.id or 0)
            if d.rule == step.rule.value
        ),
        None,
    )
    after = Bound(clock.start_on, step.after_why) if clock else None
    return day_between(form, "on", earliest(arrived, after), today, step.what)


def apply_step(step: Step) -> Callable[[date], Change]:
    def for_day(on: date) -> Change:
        def apply(act: Act) -> None:
            step.record(act, on)

        return apply

    return for_day


def opener(kit: Kit, step: Step) -> Listener:
    async def open_step(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(reference, lambda session, case: case)
            if isinstance(found, str):
                return found
            return step_modal(step, reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=step.action_id, view_for=view_for)

    return open_step


def submission(kit: Kit, step: Step) -> tuple[Listener, Listener]:
    """Save checks the date; a step that writes to the complainant (the chair's report is in)
    shows the letter first and Send records it; the others are recorded at once."""

    def check(session: Session, case: Case, form: Form, today: date) -> date | None:
        return check_step(step, session, case, form, today, arrived=kit.deps.cases.arrived_on(case))

    return previewing(
        kit,
        permission=step.action_id,
        check=check,
        apply=apply_step(step),
        refusal_field="on",
        preview_id=step.preview_id,
    )
