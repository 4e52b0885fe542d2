"""Record response: the card's button opens this modal (with a reason-for-delay field when the
response is late); submitting it records the stage's response, remedies and learning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import (
    Form,
    View,
    datepicker,
    enum_options,
    input_block,
    modal,
    select,
    text_input,
)
from cases.enums import LearningStatus, Outcome, RemedyKind
from store.cases import actions as case_actions
from store.cases.queries import first_team, get_case, stage_due

OUTCOMES = enum_options(list(Outcome))
YES_NO = [("yes", "Yes"), ("no", "No")]
REMEDY_MAX = 1000
LEARNING_MAX = 2000
DELAY_MAX = 1000
COMPENSATION_MAX_POUNDS = 100_000  # above any local-authority remedy the LGSCO recommends


def respond_modal(reference: str, *, late: bool) -> View:
    blocks = [
        input_block("outcome", "Outcome", select(OUTCOMES)),
        input_block("responded_on", "Response sent on", datepicker()),
        input_block(
            "manager_contact", "Did a manager call or meet the complainant?", select(YES_NO)
        ),
        input_block(
            "remedy",
            "Remedy (explanation, apology, action…)",
            text_input(REMEDY_MAX),
            optional=True,
        ),
        input_block(
            "compensation",
            "Compensation in pounds",
            {
                "type": "number_input",
                "action_id": "value",
                "is_decimal_allowed": True,
                "min_value": "0",
                "max_value": str(COMPENSATION_MAX_POUNDS),
            },
            optional=True,
        ),
        input_block(
            "learning",
            "Learning or service improvement",
            text_input(LEARNING_MAX, multiline=True),
            optional=True,
        ),
    ]
    if late:
        blocks.append(
            input_block(
                "reason_for_delay",
                "Reason for delay (the response is late)",
                text_input(DELAY_MAX),
            )
        )
    return modal(ids.RESPOND_VIEW, "Record response", blocks, reference=reference)


@dataclass(frozen=True)
class RespondInput:
    outcome: Outcome
    responded_on: date
    manager_contacted: bool
    remedy: str | None
    compensation_pence: int | None
    learning: str | None
    reason_for_delay: str | None


def parse_respond(form: Form, dates: Dates) -> RespondInput | None:
    outcome = form.enum("outcome", Outcome, OUTCOMES, required="Choose an outcome.")
    responded = form.day(
        "responded_on",
        required="Choose the date the response was sent.",
        earliest=dates.received,
        earliest_why=", the day the complaint was received",
        latest=dates.today,
        latest_why=" (today)",
    )
    contact = form.choice(
        "manager_contact", YES_NO, required="Say whether a manager spoke to them."
    )
    remedy = form.text("remedy", max_length=REMEDY_MAX)
    compensation = form.pounds("compensation", maximum=COMPENSATION_MAX_POUNDS)
    learning = form.text("learning", max_length=LEARNING_MAX)
    delay = form.text(
        "reason_for_delay",
        max_length=DELAY_MAX,
        required="The response is late: say why." if form.has("reason_for_delay") else None,
    )
    if outcome is None or responded is None or contact is None or form.errors:
        return None
    return RespondInput(
        outcome=outcome,
        responded_on=responded,
        manager_contacted=contact == "yes",
        remedy=remedy,
        compensation_pence=compensation,
        learning=learning,
        reason_for_delay=delay,
    )


def apply_respond(answer: RespondInput) -> Change:
    def apply(act: Act) -> None:
        session, case = act.session, act.case
        remedies = []
        if answer.remedy:
            remedies.append(case_actions.RemedyInput(RemedyKind.EXPLANATION, answer.remedy))
        if answer.compensation_pence:
            remedies.append(
                case_actions.RemedyInput(
                    RemedyKind.FINANCIAL, "compensation", answer.compensation_pence
                )
            )
        learning = []
        if answer.learning:
            owner = first_team(session, case_id=case.id) if case.id else None
            learning.append(
                case_actions.LearningInput(answer.learning, owner, LearningStatus.PLANNED)
            )
        case_actions.record_response(
            act.service,
            session,
            case=case,
            actor=act.actor,
            response=case_actions.ResponseInput(
                responded_on=answer.responded_on,
                outcome=answer.outcome,
                issue_outcomes={},
                remedies=remedies,
                learning=learning,
                manager_contacted=answer.manager_contacted,
                reason_for_delay=answer.reason_for_delay,
            ),
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_respond(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            today = kit.deps.today()

            def late(session: Session) -> bool | None:
                case = get_case(session, reference=reference)
                if case is None or case.id is None:
                    return None
                deadline = stage_due(session, case_id=case.id)
                return deadline is not None and (deadline.extended_to or deadline.due_on) < today

            found = await kit.read(late)
            if found is None:
                return f"There is no case {reference}."
            return respond_modal(reference, late=found)

        await kit.open_modal(ack, body, client, permission=ids.RESPOND, view_for=view_for)

    return open_respond


def submission(kit: Kit) -> Listener:
    async def respond_submitted(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await kit.submitted(
            ack, body, client, permission=ids.RESPOND, parse=parse_respond, apply=apply_respond
        )

    return respond_submitted
