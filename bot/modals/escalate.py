"""Escalate: the card's button opens this modal for the day the complainant asked for the next
stage (the new stage's clock starts then, not on the day staff click). A request after the time
allowed is accepted only with the reason for using discretion; the procedure's rule
(cases.procedure.check_escalation) is checked here so a missing reason is a form error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import Bound, date_field, day_between, earliest
from bot.modals.preview import previewing
from cases.procedure import ProcedureError
from casework import escalation
from store.models import Case

REASON_MAX = 1000


def escalate_modal(reference: str, *, today: date) -> View:
    reason = input_block(
        "reason",
        "Reason (only if needed)",
        text_input(REASON_MAX, multiline=True),
        optional=True,
        hint="Needed when the request came after the time allowed (why you accept it), or "
        "to move a historic or serious complaint to stage 2 before stage 1 is due.",
    )
    return modal(
        ids.ESCALATE_VIEW,
        "Escalation requested",
        [
            date_field("requested_on", "Date the complainant asked for the next stage", today),
            reason,
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class EscalateInput:
    requested_on: date
    reason: str | None


def check_escalate(
    facts: escalation.EscalationFacts | None,
    case: Case,
    form: Form,
    today: date,
    *,
    arrived: date,
) -> EscalateInput | None:
    """The date (not before receipt or the stage's response, not after today) and, where the
    procedure needs one, the reason."""
    if facts is None:
        form.errors["requested_on"] = "This case has no stage to escalate from."
        return None
    answered = facts.stage.responded_on
    after = (
        Bound(answered, ", the day the last response was sent")
        if answered
        else Bound(facts.stage.opened_on, ", the day this stage started")
    )
    requested = day_between(
        form, "requested_on", earliest(arrived, after), today, "the complainant asked"
    )
    reason = form.text("reason", max_length=REASON_MAX)
    if requested is None or form.errors:
        return None
    try:
        facts.check(requested_on=requested, reason=reason)
    except ProcedureError as error:
        form.errors.update(_why_refused(facts, requested, reason, error))
        return None
    return EscalateInput(requested, reason)


def _why_refused(
    facts: escalation.EscalationFacts, requested: date, reason: str | None, error: Exception
) -> dict[str, str]:
    try:  # would a reason make it acceptable? Then the reason is what is missing.
        facts.check(requested_on=requested, reason=reason or "given")
    except ProcedureError:
        return {"requested_on": _sentence(str(error))}
    if facts.responded and facts.request_due is not None:
        return {
            "reason": f"The request came after {facts.request_due:%-d %B %Y}, the last day to "
            "ask: give the reason for using discretion to accept it."
        }
    due = f" (due {facts.stage_due:%-d %B %Y})" if facts.stage_due else ""
    return {
        "reason": f"Stage 1 is not answered yet and not overdue{due}: to move a historic or "
        "serious complaint to stage 2 now, give the reason staff agreed."
    }


def _sentence(text: str) -> str:
    text = text.replace(" (--reason)", "")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def apply_escalate(answer: EscalateInput) -> Change:
    def apply(act: Act) -> None:
        escalation.escalate(
            act.service,
            act.session,
            case=act.case,
            requested_on=answer.requested_on,
            reason=answer.reason,
            actor=act.actor,
            today=act.today,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_escalate(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(reference, lambda session, case: case)
            if isinstance(found, str):
                return found
            return escalate_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.ESCALATE, view_for=view_for)

    return open_escalate


def submission(kit: Kit) -> tuple[Listener, Listener]:
    """Save checks the form and shows the letter (stage 2 accepted, or stage 3 requested);
    Send escalates and sends it."""

    def check(session: Session, case: Case, form: Form, today: date) -> EscalateInput | None:
        facts = escalation.escalation_facts(kit.deps.cases, session, case)
        return check_escalate(facts, case, form, today, arrived=kit.deps.cases.arrived_on(case))

    return previewing(
        kit,
        permission=ids.ESCALATE,
        check=check,
        apply=apply_escalate,
        refusal_field="requested_on",
        preview_id=ids.ESCALATE_PREVIEW_VIEW,
    )
