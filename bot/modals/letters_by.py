"""Letters by…: staff choose post for a complainant's letters (GOV.UK Notify prints and posts
them) with the address to post to, or go back to email (a text message for someone who gave
only a phone number), as `heard case REF letters-by` and the web form do.

The button is on the card only when heard can post letters (HEARD_MAIL_TRANSPORT=notify with a
letter template); a forged click or submission without that is refused with the setting to
change. The address is checked here as Notify would check it (3 to 7 lines, the last a UK
postcode) so a wrong one is a form error, not a letter Notify refuses days later. The address
goes into the case's details only: the audit entry and the thread reply say "... gets letters: post",
never where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, select, text_input
from bot.modals.dated import saving
from casework import contacts
from outbound.notify_client import MAX_ADDRESS_LINES, address_problem
from store.models import Case

ADDRESS_MAX = 101 * MAX_ADDRESS_LINES  # Notify's 7 lines of at most 100 characters
HOW = [
    ("post", "By post (printed and posted by GOV.UK Notify)"),
    ("email", "By email (or text message if they gave only a phone number)"),
]
NO_POST = (
    "Letters go by email here: posting them needs GOV.UK Notify "
    "(HEARD_MAIL_TRANSPORT=notify and HEARD_NOTIFY_LETTER_TEMPLATE_ID). Ask the council's IT."
)


def letters_by_modal(reference: str) -> View:
    return modal(
        ids.LETTERS_BY_VIEW,
        "How letters go",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"How {reference}'s complainant gets every later letter. "
                    "Choose post when they asked for it or have no email.",
                },
            },
            input_block("how", "Letters go", select(HOW)),
            input_block(
                "address",
                "Address to post to",
                text_input(ADDRESS_MAX, multiline=True),
                optional=True,
                hint="One line each, 3 to 7 lines, the last a UK postcode. Only for post.",
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class LettersBy:
    post_to: list[str] | None  # None: email, or text message, as before


def parse_letters_by(form: Form, *, posts_letters: bool) -> LettersBy | None:
    how = form.choice("how", HOW, required="Choose how letters go.")
    address = form.text("address", max_length=ADDRESS_MAX)
    if how is None or form.errors:
        return None
    if how == "email":
        if address:
            form.errors["address"] = "An address goes with post only: clear it, or choose post."
            return None
        return LettersBy(None)
    if not posts_letters:
        form.errors["how"] = NO_POST
        return None
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    problem = address_problem(lines)
    if problem:
        form.errors["address"] = problem[0].upper() + problem[1:] + "."
        return None
    return LettersBy(lines)


def apply_letters_by(given: LettersBy) -> Change:
    def apply(act: Act) -> None:
        contacts.choose_letters_by(
            act.service, act.session, case=act.case, post_to=given.post_to, actor=act.actor
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_letters_by(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return letters_by_modal(reference) if kit.deps.posts_letters else NO_POST

        await kit.open_modal(ack, body, client, permission=ids.LETTERS_BY, view_for=view_for)

    return open_letters_by


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> LettersBy | None:
        return parse_letters_by(form, posts_letters=kit.deps.posts_letters)

    return saving(
        kit,
        permission=ids.LETTERS_BY,
        check=check,
        apply=apply_letters_by,
        refusal_field="how",
    )
