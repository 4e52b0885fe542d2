"""Log a contact (a phone call, visit, letter or compliment): opened from the slash command or
the shortcut; submitting it creates the case and triages it as mail is triaged."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Body, Kit, Listener, slack_actor, user_of
from bot.modals.common import Form, View, enum_options, input_block, modal, select, text_input
from cases.enums import Channel, RecordKind
from casework import contacts
from org.addresses import is_email, is_phone

CHANNELS = enum_options(
    [c for c in Channel if c not in (Channel.EMAIL, Channel.SLACK, Channel.UNKNOWN)]
)
KINDS = enum_options(list(RecordKind))
NAME_MAX = 200
CONTACT_MAX = 320
TEXT_MAX = 3000


def log_contact_modal() -> View:
    return modal(
        ids.LOG_CONTACT_VIEW,
        "Log a contact",
        [
            input_block("channel", "How it came in", select(CHANNELS)),
            input_block("kind", "What it is", select(KINDS)),
            input_block("name", "Name of the person", text_input(NAME_MAX)),
            input_block("contact", "Email or phone", text_input(CONTACT_MAX), optional=True),
            input_block("child", "Child concerned", text_input(NAME_MAX), optional=True),
            input_block("text", "What they said", text_input(TEXT_MAX, multiline=True)),
        ],
    )


@dataclass(frozen=True)
class LogContactInput:
    channel: Channel
    kind: RecordKind
    name: str
    email: str | None
    phone: str | None
    child: str | None
    text: str


def parse_log_contact(form: Form) -> LogContactInput | None:
    channel = form.enum("channel", Channel, CHANNELS, required="Choose how it came in.")
    kind = form.enum("kind", RecordKind, KINDS, required="Choose what it is.")
    name = form.text("name", max_length=NAME_MAX, required="A name is needed.")
    contact = form.text("contact", max_length=CONTACT_MAX)
    child = form.text("child", max_length=NAME_MAX)
    text = form.text("text", max_length=TEXT_MAX, required="Write down what they said.")
    email = phone = None
    if contact and "@" in contact:
        if is_email(contact):
            email = contact
        else:
            form.errors["contact"] = "Not an email address: write it as name@example.org."
    elif contact:
        if is_phone(contact):
            phone = contact
        else:
            form.errors["contact"] = "An email address, or a phone number of digits and spaces."
    if channel is None or kind is None or name is None or text is None or form.errors:
        return None
    return LogContactInput(channel, kind, name, email, phone, child, text)


def submission(kit: Kit) -> Listener:
    async def log_contact_submitted(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        form = Form(((body.get("view") or {}).get("state") or {}).get("values"))
        contact = parse_log_contact(form)
        if contact is None:
            await ack(response_action="errors", errors=form.errors)
            return
        await ack()
        user = user_of(body)
        if not await kit.permitted(ids.LOG_CONTACT_VIEW, body, client, None):
            return
        now = kit.deps.now()

        def log(session: Session) -> str:
            case = contacts.log_contact(
                kit.deps.cases,
                session,
                contact=contacts.LoggedContact(
                    channel=contact.channel,
                    record_kind=contact.kind,
                    name=contact.name,
                    email=contact.email,
                    phone=contact.phone,
                    child=contact.child,
                    text=contact.text,
                ),
                actor=slack_actor(user),
                now=now,
            )
            kit.deps.triage_logged_contact(session, case=case, text=contact.text, now=now)
            return case.reference

        reference = await kit.write(log)
        await client.chat_postMessage(channel=user, text=f"Logged as {reference}.")

    return log_contact_submitted
