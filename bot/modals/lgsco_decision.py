"""Ombudsman's decision: the card's button (while an enquiry is open) opens this modal for the
Ombudsman's reference, the decision date, the finding (with the reason when not investigated),
the remedy and up to four recommendations each with its due date. Saving it goes through
casework.ombudsman.lgsco_decided, as `heard case REF lgsco-decision` does: a premature referral
sends the complaint back to the stage the complainant had not finished, which the form names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import (
    Block,
    Form,
    View,
    datepicker,
    enum_options,
    input_block,
    modal,
    select,
    text_input,
)
from bot.modals.preview import previewing
from cases.day_words import long_day
from cases.enums import LgscoDecision
from cases.lgsco_reference import lgsco_reference
from cases.procedure import LGSCO_COST_MAX, LGSCO_FINDINGS, ProcedureError
from casework import ombudsman
from store.cases.lgsco import open_enquiry
from store.cases.queries import get_case
from store.models import Case

RECOMMENDATIONS = 4  # fields for recommendations; more are rare (the CLI takes any number)
REFERENCE_MAX, REASON_MAX, REMEDY_MAX, RECOMMENDATION_MAX = 40, 1000, 2000, 2000
FINDINGS = enum_options(list(LGSCO_FINDINGS))


@dataclass(frozen=True)
class Enquiry:
    received_on: date
    reference: str | None
    premature_to: str | None = None  # the stage a premature finding starts; None: none does


def lgsco_decision_modal(reference: str, *, enquiry: Enquiry, today: date) -> View:
    known = f", Ombudsman's reference {enquiry.reference}" if enquiry.reference else ""
    blocks: list[Block] = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"Enquiry received {long_day(enquiry.received_on)}{known}. "
                + (
                    f"A premature finding sends the complaint back to {enquiry.premature_to}."
                    if enquiry.premature_to
                    else "A premature finding restarts no stage: the stage under way carries "
                    "on, or the procedure is complete."
                ),
            },
        },
        input_block(
            "lgsco_reference",
            "Ombudsman's reference",
            text_input(REFERENCE_MAX, initial=enquiry.reference),
            optional=True,
        ),
        input_block("decided_on", "Decision date", datepicker(initial=today)),
        input_block("finding", "Finding", select(FINDINGS)),
        input_block(
            "reason",
            "Why not investigated (if so)",
            text_input(REASON_MAX, multiline=True),
            optional=True,
        ),
        input_block(
            "remedy", "Remedy asked for", text_input(REMEDY_MAX, multiline=True), optional=True
        ),
        input_block("remedy_cost", "What the remedy costs (£)", text_input(12), optional=True),
    ]
    for number in range(1, RECOMMENDATIONS + 1):
        blocks.append(
            input_block(
                f"recommendation_{number}",
                f"Recommendation {number}",
                text_input(RECOMMENDATION_MAX, multiline=True),
                optional=True,
            )
        )
        blocks.append(
            input_block(
                f"recommendation_{number}_due",
                f"Recommendation {number} due by",
                {"type": "datepicker", "action_id": "value"},
                optional=True,
            )
        )
    return modal(ids.LGSCO_DECISION_VIEW, "Ombudsman's decision", blocks, reference=reference)


@dataclass(frozen=True)
class DecisionInput:
    reference: str | None
    decided_on: date
    finding: LgscoDecision
    reason: str | None
    remedy: str | None
    remedy_cost_pence: int | None
    recommendations: list[ombudsman.RecommendationInput]


def parse_lgsco_decision(
    form: Form, dates: Dates, *, received_on: date | None = None
) -> DecisionInput | None:
    """`received_on`: the open enquiry's date; the decision cannot come before it."""
    earliest = max(dates.received, received_on) if received_on else dates.received
    decided_on = form.day(
        "decided_on",
        required="Choose the decision date.",
        earliest=earliest,
        earliest_why=", the day the enquiry arrived" if received_on else "",
        latest=dates.today,
        latest_why=" (today)",
    )
    finding = form.enum("finding", LgscoDecision, FINDINGS, required="Choose the finding.")
    reason = form.text("reason", max_length=REASON_MAX)
    if finding == LgscoDecision.NOT_INVESTIGATED and reason is None and "reason" not in form.errors:
        form.errors["reason"] = "Say why the Ombudsman did not investigate."
    reference = form.text("lgsco_reference", max_length=REFERENCE_MAX)
    try:  # the shape every door takes (cases.lgsco_reference)
        reference = lgsco_reference(reference)
    except ProcedureError as refused:
        form.errors["lgsco_reference"] = str(refused)
    remedy = form.text("remedy", max_length=REMEDY_MAX)
    cost = form.pounds("remedy_cost", maximum=LGSCO_COST_MAX)
    recommendations = []
    for number in range(1, RECOMMENDATIONS + 1):
        text = form.text(f"recommendation_{number}", max_length=RECOMMENDATION_MAX)
        due = form.day(f"recommendation_{number}_due")
        if text and due is None and f"recommendation_{number}_due" not in form.errors:
            form.errors[f"recommendation_{number}_due"] = "Choose the date it is due by."
        elif due and not text and f"recommendation_{number}" not in form.errors:
            form.errors[f"recommendation_{number}"] = "Say what the Ombudsman recommended."
        elif text and due and decided_on and due < decided_on:
            form.errors[f"recommendation_{number}_due"] = "Not before the decision date."
        elif text and due:
            recommendations.append(ombudsman.RecommendationInput(text, due))
    if decided_on is None or finding is None or form.errors:
        return None
    return DecisionInput(reference, decided_on, finding, reason, remedy, cost, recommendations)


def apply_lgsco_decision(given: DecisionInput) -> Change:
    def apply(act: Act) -> None:
        ombudsman.lgsco_decided(
            act.service,
            act.session,
            case=act.case,
            decided_on=given.decided_on,
            decision=given.finding,
            actor=act.actor,
            remedy=given.remedy,
            remedy_cost_pence=given.remedy_cost_pence,
            reason=given.reason,
            lgsco_reference=given.reference,
            recommendations=given.recommendations,
            today=act.today,
        )

    return apply


def open_enquiry_of(reference: str) -> Callable[[Session], Enquiry | None]:
    """The open enquiry of the case, read in the worker thread."""

    def read(session: Session) -> Enquiry | None:
        case = get_case(session, reference=reference) if reference else None
        found = open_enquiry(session, case) if case else None
        if case is None or found is None:
            return None
        stage = ombudsman.premature_returns_to(session, case)
        return Enquiry(found.received_on, found.lgsco_reference, stage.label if stage else None)

    return read


def opener(kit: Kit) -> Listener:
    async def open_lgsco_decision(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            enquiry = await kit.read(open_enquiry_of(reference))
            if enquiry is None:
                return f"{reference} has no Ombudsman enquiry awaiting a decision."
            return lgsco_decision_modal(reference, enquiry=enquiry, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.LGSCO_DECISION, view_for=view_for)

    return open_lgsco_decision


def submission(kit: Kit) -> tuple[Listener, Listener]:
    """Save checks the form; a decision that writes to the complainant (premature: which stage
    the council now answers at) shows that letter first, Send records it and sends it."""

    def check(session: Session, case: Case, form: Form, today: date) -> DecisionInput | None:
        enquiry = open_enquiry(session, case)
        return parse_lgsco_decision(
            form,
            kit.dates_for(case, today),
            received_on=enquiry.received_on if enquiry else None,
        )

    return previewing(
        kit,
        permission=ids.LGSCO_DECISION,
        check=check,
        apply=apply_lgsco_decision,
        refusal_field="finding",
        preview_id=ids.LGSCO_DECISION_PREVIEW_VIEW,
    )
