"""Correct details…: the card's button opens a modal with the complainant's name, email and phone
as heard holds them, for staff to correct (a typo from a logged call, a mail display name such
as "mum2kids", a married name), as `heard case REF complainant` and the web form do, through the
same use case (casework.complainant_details).

The modal is the clicker's own, so it may show the details; the card and its thread never do:
the thread says which fields were corrected, the old and new values stay in the audit trail.
Each problem is shown beside its field in the words every door uses; a form that changes
nothing says so instead of closing as if it had saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener, Refused, slack_actor, user_of
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import saving
from casework.complainant_details import check_correction, correct_complainant, held_details
from casework.complainant_rules import EMAIL, NAME, PHONE, DetailsRefused
from casework.person_text import LONGEST
from casework.reading import record_read
from casework.service import CaseService
from store.models import Case

NOTHING_CHANGED = (
    "Nothing changed: these are the details heard holds. Correct one, or press Cancel."
)
# Slack keeps what is typed within the box's limit; the form reads a little more, so a value
# sent longer than the rules allow (a forged submission) is refused in the rules' own words.
READ_AT_MOST = 10_000


def complainant_modal(reference: str, held: dict[str, str | None]) -> View:
    return modal(
        ids.CORRECT_COMPLAINANT_VIEW,
        "Correct details",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"The complainant's details on {reference}, as every later letter "
                    "uses them. The change and who made it are kept in the case's audit trail.",
                },
            },
            input_block(
                NAME,
                "Name",
                text_input(LONGEST[NAME], initial=held.get(NAME)),
                hint="As letters should greet them: not an email display name such as mum2kids.",
            ),
            input_block(
                EMAIL,
                "Email address",
                text_input(LONGEST[EMAIL], initial=held.get(EMAIL)),
                optional=True,
            ),
            input_block(
                PHONE,
                "Phone number",
                text_input(LONGEST[PHONE], initial=held.get(PHONE)),
                optional=True,
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class Typed:
    values: dict[str, str]  # field -> what was typed ("" for an empty box)


def parse_correction(
    service: CaseService, session: Session, case: Case, form: Form
) -> Typed | None:
    typed = {
        field: form.text(field, max_length=READ_AT_MOST) or "" for field in (NAME, EMAIL, PHONE)
    }
    if form.errors:
        return None
    checked = check_correction(service, session, case, typed)
    form.errors.update({field: f"{text}." for field, text in checked.problems.items()})
    if not checked.problems and not checked.changed:
        form.errors[NAME] = NOTHING_CHANGED
    return None if form.errors else Typed(typed)


def apply_correction(given: Typed) -> Change:
    def apply(act: Act) -> None:
        try:
            correct_complainant(
                act.service, act.session, case=act.case, typed=given.values, actor=act.actor
            )
        except DetailsRefused as error:  # the case changed between the check and the save
            raise Refused(str(error)) from error

    return apply


def opener(kit: Kit) -> Listener:
    async def open_complainant(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        actor = slack_actor(user_of(body))

        async def view_for(reference: str) -> View | str:
            held = await kit.read_case(reference, held_details)
            return held if isinstance(held, str) else complainant_modal(reference, held)

        async def shown(reference: str) -> None:
            # The modal shows the complainant's name, email and phone: a read of the case, as
            # the web page that shows them is, though not of its messages (the case stays in
            # the reading queue).
            await kit.write(
                lambda session: record_read(
                    session,
                    reference=reference,
                    actor=actor,
                    at=kit.deps.now(),
                    where="slack correct details",
                    summary_only=True,
                )
            )

        await kit.open_modal(
            ack, body, client, permission=ids.CORRECT_COMPLAINANT, view_for=view_for, opened=shown
        )

    return open_complainant


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> Typed | None:
        return parse_correction(kit.deps.cases, session, case, form)

    return saving(
        kit,
        permission=ids.CORRECT_COMPLAINANT,
        check=check,
        apply=apply_correction,
        refusal_field=NAME,
    )
