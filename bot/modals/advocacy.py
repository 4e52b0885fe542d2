"""Advocacy from the card's More menu: a child or young person is offered an advocate, takes it
up or declines, with the advocate's organisation; and the advocate themself, as `heard case REF
advocate` records them: their name, their email, and whether the complainant agreed that they
get a copy of every letter (with consent only: the letters carry the family's details). Saved
through casework.records; the annual report counts advocacy outcomes from it."""

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
    checkboxes,
    datepicker,
    enum_options,
    input_block,
    modal,
    select,
    text_input,
)
from bot.modals.dated import saving
from cases.enums import AdvocacyStatus
from casework import records
from casework.advocate_rules import EMAIL, NAME, advocate_problems
from casework.person_text import LONGEST
from store.models import Case

ORGANISATION_MAX = 200
NAME_MAX, EMAIL_MAX = LONGEST[NAME], LONGEST[EMAIL]
_BLOCK_OF = {NAME: "advocate_name", EMAIL: "advocate_email"}  # the rules' fields, the modal's
CONSENT = [("yes", "The complainant agreed that the advocate gets a copy of every letter")]
STATUSES = enum_options(list(AdvocacyStatus))


def advocacy_modal(reference: str, *, today: date) -> View:
    return modal(
        ids.ADVOCACY_VIEW,
        "Advocacy",
        [
            input_block("status", "Advocacy", select(STATUSES)),
            input_block(
                "organisation",
                "Advocate's organisation",
                text_input(ORGANISATION_MAX),
                optional=True,
            ),
            input_block("on", "On", datepicker(initial=today)),
            input_block("advocate_name", "The advocate's name", text_input(NAME_MAX),
                        optional=True, hint="When an advocate speaks for the complainant"),
            input_block("advocate_email", "The advocate's email", text_input(EMAIL_MAX),
                        optional=True),
            input_block("consent", "Copies of letters", checkboxes(CONSENT), optional=True),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class AdvocacyInput:
    status: AdvocacyStatus
    organisation: str | None
    on: date
    advocate: tuple[str, str | None, bool] | None = None  # name, email, consent to copy


def parse_advocacy(form: Form, dates: Dates) -> AdvocacyInput | None:
    status = form.enum("status", AdvocacyStatus, STATUSES, required="Choose what happened.")
    organisation = form.text("organisation", max_length=ORGANISATION_MAX)
    on = dates.happened(form, "on", required="Choose the day.")
    name = form.text("advocate_name", max_length=NAME_MAX)
    email = form.text("advocate_email", max_length=EMAIL_MAX)
    consent = bool(form.ticked("consent", CONSENT))
    if name or email or consent:  # an advocate is being recorded: casework's rules, its words
        problems = advocate_problems(name, email, consent_to_copy=consent)
        for field, problem in problems.items():
            form.errors[_BLOCK_OF[field]] = f"{problem}."
    if status is None or on is None or form.errors:
        return None
    return AdvocacyInput(status, organisation, on, (name, email, consent) if name else None)


def apply_advocacy(given: AdvocacyInput) -> Change:
    def apply(act: Act) -> None:
        records.record_advocacy(
            act.service,
            act.session,
            case=act.case,
            status=given.status,
            on=given.on,
            organisation=given.organisation,
            actor=act.actor,
            today=act.today,
        )
        if given.advocate is not None:
            name, email, consent = given.advocate
            records.record_advocate(
                act.service, act.session, case=act.case, name=name, email=email,
                consent_to_copy=consent, actor=act.actor, today=act.today,
            )  # fmt: skip

    return apply


def opener(kit: Kit) -> Listener:
    async def open_advocacy(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return advocacy_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.ADVOCACY, view_for=view_for)

    return open_advocacy


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> AdvocacyInput | None:
        return parse_advocacy(form, kit.dates_for(case, today))

    return saving(
        kit,
        permission=ids.ADVOCACY,
        check=check,
        apply=apply_advocacy,
        refusal_field="status",
    )
