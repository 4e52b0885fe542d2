"""Extend: the button on the card opens this modal; submitting it extends the open stage's
deadline, refused past the statutory maximum (cases/timescales.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import Form, View, datepicker, input_block, modal, text_input
from bot.modals.preview import previewing
from cases.day_words import long_day
from cases.text_limits import REASON_MAX
from casework.extension import extend
from store.cases.queries import get_case, stage_due
from store.models import Case


def extend_modal(reference: str, *, current_due: date, maximum: date | None) -> View:
    limit = f" The statutory maximum is {long_day(maximum)}." if maximum else ""
    return modal(
        ids.EXTEND_VIEW,
        "Extend deadline",
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"Now due {long_day(current_due)}.{limit}"},
            },
            input_block("new_due", "New due date", datepicker()),
            input_block(
                "agreed_on",
                "Date the complainant agreed",
                datepicker(),
                optional=True,
                hint="Not needed at statutory stage 2 (up to 65 working days): the letter "
                "tells the complainant why.",
            ),
            input_block(
                "reason",
                "Internal reason (staff only, never in a letter)",
                text_input(REASON_MAX, multiline=True),
            ),
            input_block(
                "reason_for_complainant",
                "Reason for the complainant (goes in the letter to them, as written)",
                text_input(REASON_MAX, multiline=True),
                optional=True,
                hint="Needed when the complainant did not agree: the letter tells them why.",
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class ExtendInput:
    new_due: date
    agreed_on: date | None
    reason: str
    reason_for_complainant: str | None = None


def parse_extend(form: Form, dates: Dates, *, maximum: date | None = None) -> ExtendInput | None:
    """`maximum`: the statutory maximum of the stage's deadline, when it has one."""
    new_due = form.day(
        "new_due",
        required="Choose the new due date.",
        earliest=dates.today,
        earliest_why=" (today): an extension moves the date later",
        latest=maximum,
        latest_why=", the statutory maximum for this stage",
    )
    agreed = dates.happened(form, "agreed_on")
    reason = form.text("reason", max_length=REASON_MAX, required="Say why the extension is needed.")
    told = form.text("reason_for_complainant", max_length=REASON_MAX)
    if agreed is None and told is None and not form.errors and new_due and reason:
        form.errors["reason_for_complainant"] = (
            "The complainant did not agree: write the reason as they will read it."
        )
    if new_due is None or reason is None or form.errors:
        return None
    return ExtendInput(new_due, agreed, reason, told)


def apply_extend(extension: ExtendInput) -> Change:
    def apply(act: Act) -> None:
        extend(
            act.service,
            act.session,
            case=act.case,
            new_due=extension.new_due,
            reason=extension.reason,
            reason_for_complainant=extension.reason_for_complainant,
            agreed_on=extension.agreed_on,
            actor=act.actor,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_extend(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            def due(session: Session) -> tuple[date, date | None] | str:
                case = get_case(session, reference=reference)
                deadline = stage_due(session, case_id=case.id) if case and case.id else None
                if deadline is None:
                    return f"{reference} has no open deadline to extend."
                return deadline.extended_to or deadline.due_on, deadline.maximum_on

            found = await kit.read(due)
            if isinstance(found, str):
                return found
            return extend_modal(reference, current_due=found[0], maximum=found[1])

        await kit.open_modal(ack, body, client, permission=ids.EXTEND, view_for=view_for)

    return open_extend


def submission(kit: Kit) -> tuple[Listener, Listener]:
    """Save checks the form and shows the extension letter; Send extends and sends it."""

    def check(session: Session, case: Case, form: Form, today: date) -> ExtendInput | None:
        deadline = stage_due(session, case_id=case.id) if case.id else None
        maximum = deadline.maximum_on if deadline else None
        return parse_extend(form, kit.dates_for(case, today), maximum=maximum)

    return previewing(
        kit,
        permission=ids.EXTEND,
        check=check,
        apply=apply_extend,
        refusal_field="new_due",
        preview_id=ids.EXTEND_PREVIEW_VIEW,
    )
