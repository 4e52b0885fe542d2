"""The one way heard tells a person or a channel something: by email, in Slack, or both.

Nothing is sent here. Each message is composed and put in the outbox inside the caller's
transaction, so it commits (or rolls back) with the change that caused it; the workers in
outbound/mailer.py and outbound/slack_poster.py send it afterwards, retrying until the other
side answers. Each message has a dedupe key: queuing it a second time does nothing, which is
what makes a chaser, a digest or a referral go out exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlmodel import Session

from cases.enums import OutboxKind, OutboxPurpose
from outbound.compose import Enclosure, compose_email
from outbound.mailer import queue_email
from store import outbox


@dataclass(frozen=True)
class MailIdentity:
    """Who heard's own mail comes from."""

    address: str  # From: and envelope sender (HEARD_MAIL_FROM)
    message_id_domain: str  # the right-hand side of our Message-IDs (HEARD_SMTP_HOSTNAME)
    templates_dir: Path | None = None  # a council's own letters (HEARD_TEMPLATES_DIR)
    # Letters may go as text messages (GOV.UK Notify with a text message template): to a
    # complainant who gave only a phone number.
    texts: bool = False
    # Letters may go by post (GOV.UK Notify with a letter template), when staff choose post.
    posts: bool = False
    # An email can carry files: SMTP and Graph send heard's MIME as composed; GOV.UK Notify's
    # email sends only the text, so a letter that way encloses nothing.
    encloses: bool = True
    # The most the files a letter encloses may weigh together, where the way heard sends mail
    # has a limit of its own (Graph: the mailbox's maximum message size, graph_upload's
    # enclosures_max); None: none known.
    enclosures_max: int | None = None
    # That limit as staff are told it when reports cannot go (which way, which setting).
    enclosures_limit: str = ""


@dataclass(frozen=True)
class Addressee:
    """Where one person or group is told things: an email address, a Slack channel or user id,
    or both (each gets the message)."""

    email: str | None = None
    slack: str | None = None


@dataclass(frozen=True)
class Messenger:
    identity: MailIdentity

    def tell(
        self,
        session: Session,
        to: Addressee,
        *,
        subject: str,
        text: str,
        purpose: OutboxPurpose,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
        html: str | None = None,
        slack_text: str | None = None,
        slack_blocks: list[dict[str, Any]] | None = None,
    ) -> int:
        """Tell `to` this on every channel they have; returns how many were newly queued.

        The email carries `subject` and `text` (and `html` if given); Slack gets `slack_text`
        (default `text`) with `slack_blocks`. Keys are `dedupe_key` + ":email" / ":slack".
        """
        queued = 0
        if to.email:
            queued += self.email(
                session,
                to=to.email,
                subject=subject,
                text=text,
                html=html,
                purpose=purpose,
                dedupe_key=f"{dedupe_key}:email",
                now=now,
                case_id=case_id,
            )
        if to.slack:
            queued += self.slack(
                session,
                channel=to.slack,
                text=slack_text if slack_text is not None else text,
                blocks=slack_blocks,
                purpose=purpose,
                dedupe_key=f"{dedupe_key}:slack",
                now=now,
                case_id=case_id,
            )
        return queued

    def email(
        self,
        session: Session,
        *,
        to: str,
        subject: str,
        text: str,
        purpose: OutboxPurpose,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
        html: str | None = None,
    ) -> bool:
        """Compose an automatic email from heard and queue it; False if already queued."""
        message = self._compose(
            to, subject, text, now=now, html=html, auto_submitted="auto-generated"
        )
        return self._queue(
            session,
            message,
            to=to,
            purpose=purpose,
            dedupe_key=dedupe_key,
            now=now,
            case_id=case_id,
        )

    def letter(
        self,
        session: Session,
        *,
        to: str,
        subject: str,
        text: str,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
        in_reply_to: str | None = None,
        enclosures: Sequence[Enclosure] = (),
    ) -> EmailMessage | None:
        """Queue a letter to a complainant (a stage response, an extension, a first letter);
        the message, to keep on the case, or None if it was queued before.

        Unlike `email` it carries no Auto-Submitted header: a letter is the council writing to
        a person, who is expected to reply, and mail marked automatic may be filtered away or
        never answered by their software (RFC 3834)."""
        message = self._compose(
            to, subject, text, now=now, in_reply_to=in_reply_to, auto_submitted=None,
            enclosures=enclosures,
        )  # fmt: skip
        queued = self._queue(
            session,
            message,
            to=to,
            purpose=OutboxPurpose.LETTER,
            dedupe_key=dedupe_key,
            now=now,
            case_id=case_id,
        )
        return message if queued else None

    def text_message(
        self,
        session: Session,
        *,
        to: str,
        text: str,
        reference: str,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
    ) -> str | None:
        """Queue a letter as a text message; the text sent, or None if queued before (or if
        heard sends no text messages). Notify takes at most 918 characters: a longer letter
        goes up to the last paragraph that fits, then says how to get the rest."""
        if not self.identity.texts:
            return None
        body = fit_text_message(text, reference=reference)
        queued = outbox.enqueue(
            session,
            kind=OutboxKind.TEXT_MESSAGE,
            purpose=OutboxPurpose.LETTER,
            target=to,
            now=now,
            case_id=case_id,
            dedupe_key=dedupe_key,
            payload={"phone": to, "body": body},
        )
        return body if queued else None

    def postal_letter(
        self,
        session: Session,
        *,
        address: list[str],
        subject: str,
        text: str,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
    ) -> bool:
        """Queue a letter to be printed and posted (address lines 1-7, the last a postcode);
        False if queued before or if heard sends no post."""
        if not self.identity.posts:
            return False
        return outbox.enqueue(
            session,
            kind=OutboxKind.POSTAL_LETTER,
            purpose=OutboxPurpose.LETTER,
            target=address[-1],  # the postcode: ordering only, never sent anywhere else
            now=now,
            case_id=case_id,
            dedupe_key=dedupe_key,
            payload={"address": address, "subject": subject, "body": text},
        )

    def _compose(
        self,
        to: str,
        subject: str,
        text: str,
        *,
        now: datetime,
        auto_submitted: str | None,
        html: str | None = None,
        in_reply_to: str | None = None,
        enclosures: Sequence[Enclosure] = (),
    ) -> EmailMessage:
        return compose_email(
            to=to,
            from_address=self.identity.address,
            subject=subject,
            text=text,
            html=html,
            message_id_domain=self.identity.message_id_domain,
            in_reply_to=in_reply_to,
            auto_submitted=auto_submitted,
            sent_at=now,
            enclosures=enclosures,
        )

    def _queue(
        self,
        session: Session,
        message: EmailMessage,
        *,
        to: str,
        purpose: OutboxPurpose,
        dedupe_key: str,
        now: datetime,
        case_id: int | None,
    ) -> bool:
        return queue_email(
            session,
            message=message,
            to=to,
            envelope_from=self.identity.address,
            purpose=purpose,
            dedupe_key=dedupe_key,
            now=now,
            case_id=case_id,
        )

    def acknowledge_reply(
        self,
        session: Session,
        *,
        to: str,
        case_id: int,
        reference: str,
        text: str,
        in_reply_to: str | None,
        now: datetime,
        day: date,
    ) -> EmailMessage | None:
        """Queue the acknowledgement of a message on a case staff closed or withdrew; None if
        the case had one that `day` (several messages in a day get one answer). Like the first
        acknowledgement it is an automatic reply, and counts towards the sender's daily limit of
        acknowledgements."""
        message, queued = self.auto_reply(
            session,
            to=to,
            reference=reference,
            text=text,
            in_reply_to=in_reply_to,
            now=now,
            dedupe_key=f"reply-ack:{case_id}:{day.isoformat()}",
            case_id=case_id,
        )
        return message if queued else None

    def auto_reply(
        self,
        session: Session,
        *,
        to: str,
        reference: str,
        text: str,
        in_reply_to: str | None,
        now: datetime,
        dedupe_key: str,
        case_id: int | None,
        batch: outbox.Batch | None = None,
    ) -> tuple[EmailMessage, bool]:
        """Queue an automatic reply to a sender, counted as an acknowledgement: a null envelope
        sender and Auto-Submitted (RFC 3834), and our subject, never theirs. The message, and
        whether it was queued (False: one with `dedupe_key` already was)."""
        message = self._compose(
            to,
            f"Your reference {reference}",
            text,
            now=now,
            auto_submitted="auto-replied",
            in_reply_to=in_reply_to,
        )
        queued = queue_email(
            session,
            message=message,
            to=to,
            envelope_from="",
            purpose=OutboxPurpose.ACKNOWLEDGEMENT,
            dedupe_key=dedupe_key,
            now=now,
            case_id=case_id,
            batch=batch,
        )
        return message, queued

    def slack(
        self,
        session: Session,
        *,
        channel: str,
        text: str,
        purpose: OutboxPurpose,
        dedupe_key: str,
        now: datetime,
        case_id: int | None = None,
        blocks: list[dict[str, Any]] | None = None,
        card_for_case: int | None = None,
        card_kind: str | None = None,
        thread_of_case: int | None = None,
        priority: outbox.Priority | None = None,
    ) -> bool:
        """Queue a Slack post (sent in order per channel, about one a second, a higher
        `priority` first); False if queued before. `card_for_case` makes it that case's card in the channel (`card_kind` "triage"
        or "team"); `thread_of_case` a reply under the triage card."""
        args: dict[str, Any] = {"channel": channel, "text": text}
        if blocks is not None:
            args["blocks"] = blocks
        return outbox.enqueue(
            session,
            kind=OutboxKind.SLACK_POST,
            purpose=purpose,
            target=channel,
            now=now,
            case_id=case_id,
            dedupe_key=dedupe_key,
            priority=priority,
            payload=outbox.slack_call(
                "chat.postMessage",
                card_for_case=card_for_case,
                card_kind=card_kind,
                thread_of_case=thread_of_case,
                **args,
            ),
        )

    def update_card(
        self,
        session: Session,
        *,
        case_id: int,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]],
        dedupe_key: str,
        now: datetime,
        post_key: str | None = None,
        priority: outbox.Priority | None = None,
    ) -> bool:
        """Queue an in-place update of the case's card in `channel` (sent once that card's post
        has its ts; `post_key` is the post's dedupe key, to tell a post still to come from one
        that will never come)."""
        return outbox.enqueue(
            session,
            kind=OutboxKind.SLACK_UPDATE,
            purpose=OutboxPurpose.CARD,
            target=channel,
            now=now,
            case_id=case_id,
            dedupe_key=dedupe_key,
            priority=priority,
            payload=outbox.slack_call(
                "chat.update",
                update_case=case_id,
                post_key=post_key,
                channel=channel,
                text=text,
                blocks=blocks,
            ),
        )


TEXT_MESSAGE_LIMIT = 918  # GOV.UK Notify's longest text message


def fit_text_message(text: str, *, reference: str) -> str:
    """The letter's paragraphs that fit in one text message, and how to ask for the rest."""
    text = text.strip()
    if len(text) <= TEXT_MESSAGE_LIMIT:
        return text
    tail = f"\n\nThis is the start of our letter. For all of it, contact us quoting {reference}."
    kept: list[str] = []
    for paragraph in text.split("\n\n"):
        if len("\n\n".join([*kept, paragraph])) + len(tail) > TEXT_MESSAGE_LIMIT:
            break
        kept.append(paragraph)
    if not kept:  # one long paragraph: cut at a word
        room = TEXT_MESSAGE_LIMIT - len(tail) - 1
        kept = [text[:room].rsplit(" ", 1)[0] + "…"]
    return "\n\n".join(kept) + tail
