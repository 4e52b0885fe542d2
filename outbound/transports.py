"""The ways an email in the outbox leaves heard (HEARD_MAIL_TRANSPORT): the council's
smarthost over SMTP, the shared mailbox through Graph's sendMail (so replies land in the
mailbox staff already watch, and a copy in its Sent Items), or GOV.UK Notify (whose record of
delivery comes back as a receipt: web/'s /notify/callback).

Each transport sends one composed message and says how it went; OutboxMailer claims, records
and retries. heard's own copy of what was sent is the outbox row (the exact bytes) and the
outbound correspondence on the case, whatever the transport: Notify keeps content 7 days only.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Protocol
from urllib.parse import quote

import aiosmtplib

from outbound.graph_client import GraphClient, GraphError, Keep, TokenRefused
from outbound.graph_upload import DraftSender, fits_one_request
from outbound.notify_client import NotifyClient, NotifyError
from outbound.notify_layout import unwrapped


@dataclass(frozen=True)
class OutboundEmail:
    """One claimed outbox row: the exact bytes to send, and to whom."""

    outbox_id: int
    raw: bytes
    envelope_from: str
    recipients: list[str]
    letter_reference: str  # heard's reference for this letter: the case's and the row's number
    # A letter to a complainant (written from outbound/templates/, wrapped by hand), not a
    # chaser, a digest or a MASH referral: Notify is given its paragraphs a line each.
    letter: bool = False
    retry: bool = False  # tried before (store.outbox.tried_before): the service may hold it


@dataclass(frozen=True)
class OutboundText:
    """One claimed text message (a letter to someone who gave only a phone number)."""

    outbox_id: int
    phone: str
    body: str
    letter_reference: str
    retry: bool = False  # tried before (store.outbox.tried_before): the service may hold it


@dataclass(frozen=True)
class OutboundPost:
    """One claimed postal letter (staff chose post)."""

    outbox_id: int
    address: list[str]  # lines 1 to 7, the last a UK postcode
    subject: str
    body: str
    letter_reference: str
    retry: bool = False  # tried before (store.outbox.tried_before): the service may hold it


@dataclass(frozen=True)
class Outcome:
    sent: bool
    error: str = ""
    permanent: bool = False
    retry_after: timedelta | None = None
    result: dict[str, Any] | None = None  # what the service said (Notify's notification id)


class ClaimLost(Exception):
    """The outbox row being sent is no longer this worker's: its lease lapsed and another
    worker claimed it. Nothing more may go for it, and nothing is recorded (the row is the
    other worker's to send and mark)."""


class MailTransport(Protocol):
    name: str

    def describe(self) -> str: ...

    async def send(self, email: OutboundEmail, keep: Keep | None = None) -> Outcome:
        """Send it. `keep` (OutboxMailer's, renewing the row's lease) is awaited before each
        request and retry of a send that may take long (a large letter's upload through
        Graph); a transport whose send is one short exchange need not call it."""
        ...

    async def send_text(self, text: OutboundText) -> Outcome:
        """Only Notify sends text messages; the others never claim them."""
        ...

    @property
    def sends_texts(self) -> bool: ...

    async def send_post(self, letter: OutboundPost) -> Outcome:
        """Only Notify posts letters; the others never claim them."""
        ...

    @property
    def sends_post(self) -> bool: ...

    async def close(self) -> None: ...


def letter_reference(*, outbox_id: int, case_reference: str | None) -> str:
    """What Notify (and a reader of the logs) is told a letter is: the case's reference and
    the outbox row's number, never an address or a name."""
    return f"{case_reference or 'heard'}-{outbox_id}"


def outbox_id_of(reference: str) -> int | None:
    """The outbox row a letter reference names (the inverse of letter_reference)."""
    number = reference.rsplit("-", 1)[-1]
    return int(number) if number.isdigit() else None


# --- SMTP ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Smarthost:
    """The council's relay for outbound mail (the HEARD_SMARTHOST_* settings)."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False

    def __repr__(self) -> str:  # never the password, in a log line or a traceback
        return f"Smarthost(host={self.host!r}, port={self.port})"


@dataclass
class SmtpTransport:
    """`reply_seconds`: how long the relay may take to answer MAIL, RCPT and the end of the
    data (RFC 5321 4.5.3.2: up to 10 minutes for the last). A relay scanning a large letter
    answers late but has taken it: giving up sooner sent it again at every retry (walkerE, a
    relay answering the final dot after 40 s got the same acknowledgement at each attempt).
    Connecting and the greeting keep `connect_seconds`, so a relay that is down is seen at once."""

    smarthost: Smarthost
    name: str = "smtp"
    connect_seconds: float = 30
    reply_seconds: float = 600

    def describe(self) -> str:
        return f"outbound mail via {self.smarthost.host}:{self.smarthost.port}"

    async def send(self, email: OutboundEmail, keep: Keep | None = None) -> Outcome:
        client = aiosmtplib.SMTP(
            hostname=self.smarthost.host,
            port=self.smarthost.port,
            username=self.smarthost.username,
            password=self.smarthost.password,
            start_tls=self.smarthost.starttls or None,
            timeout=self.connect_seconds,
        )
        try:
            async with client:
                await client.send_message(
                    message_from_bytes(email.raw, policy=policy.SMTP),
                    sender=email.envelope_from,
                    recipients=email.recipients,
                    timeout=self.reply_seconds,
                )
        except (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPResponseException) as error:
            return Outcome(sent=False, error=repr(error), permanent=_is_permanent(error))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return Outcome(sent=False, error=repr(error))
        return Outcome(sent=True)

    async def close(self) -> None:
        return None

    sends_texts = False
    sends_post = False

    async def send_text(self, text: OutboundText) -> Outcome:
        raise NotImplementedError("text messages go through GOV.UK Notify only")

    async def send_post(self, letter: OutboundPost) -> Outcome:
        raise NotImplementedError("letters are posted through GOV.UK Notify only")


def _refused_for_good(error: GraphError) -> bool:
    """A message Exchange cannot take (400), one larger than a request may be (413) or a
    mailbox that does not exist (404) is refused for good; anything else (401/403 until consent
    is given, 5xx, no token while a setting is wrong, a draft or an upload session gone) is
    retried."""
    if isinstance(error, TokenRefused) or error.code == "ErrorItemNotFound":
        return False
    return error.status in (400, 404, 413)


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return all(500 <= refusal.code < 600 for refusal in error.recipients)
    code = getattr(error, "code", 0)
    return 500 <= code < 600


# --- Graph -----------------------------------------------------------------------------------
@dataclass
class GraphTransport:
    """sendMail as the shared mailbox, with heard's composed MIME (base64, text/plain), so
    the letter staff see in Sent Items is byte for byte the one heard keeps. A letter with
    files too large for one request (Graph's 4 MB) goes as a draft given its files, then sent
    (outbound/graph_upload.py): Exchange writes that one's MIME itself."""

    client: GraphClient
    mailbox: str
    # The app may write drafts (Mail.ReadWrite, which reading the mailbox needs too); sending
    # only (HEARD_GRAPH_INTAKE=false, Mail.Send alone) every letter goes by sendMail.
    drafts: bool = True
    name: str = "graph"

    def describe(self) -> str:
        return f"outbound mail sent as {self.mailbox} through {self.client.credentials.api_url}"

    async def send(self, email: OutboundEmail, keep: Keep | None = None) -> Outcome:
        try:
            if self.drafts and not fits_one_request(email.raw):
                await DraftSender(self.client, self.mailbox, keep).send(email.raw)
            else:
                await self._send_mail(email.raw, keep)
        except GraphError as error:
            return Outcome(sent=False, error=str(error), permanent=_refused_for_good(error))
        except (OSError, TimeoutError) as error:
            return Outcome(sent=False, error=repr(error))
        return Outcome(sent=True)

    async def _send_mail(self, raw: bytes, keep: Keep | None) -> None:
        """One sendMail; a 413 (Graph's "4 MB" counted otherwise than fits_one_request
        counts it) is not the letter's fault: it goes as a draft instead, when it may."""
        try:
            await self.client.request(
                "POST",
                f"users/{quote(self.mailbox)}/sendMail",
                data=base64.b64encode(raw),
                headers={"Content-Type": "text/plain"},
                keep=keep,
            )
        except GraphError as error:
            if error.status != 413 or not self.drafts:
                raise
            await DraftSender(self.client, self.mailbox, keep).send(raw)

    async def close(self) -> None:
        await self.client.close()

    sends_texts = False
    sends_post = False

    async def send_text(self, text: OutboundText) -> Outcome:
        raise NotImplementedError("text messages go through GOV.UK Notify only")

    async def send_post(self, letter: OutboundPost) -> Outcome:
        raise NotImplementedError("letters are posted through GOV.UK Notify only")


# --- GOV.UK Notify -------------------------------------------------------------------------------
@dataclass
class NotifyTransport:
    """An email through Notify's one email template, `((subject))` and `((body))` filled with
    the letter's subject and plain text."""

    client: NotifyClient
    email_template_id: str
    sms_template_id: str | None = None
    letter_template_id: str | None = None
    name: str = "notify"

    @property
    def sends_post(self) -> bool:
        return self.letter_template_id is not None

    async def send_post(self, letter: OutboundPost) -> Outcome:
        """A letter through the template with `((subject))` and `((body))`, printed and posted
        to address lines 1 to 7."""
        assert self.letter_template_id is not None
        template_id = self.letter_template_id
        personalisation = {
            f"address_line_{number}": line
            for number, line in enumerate(letter.address[:7], start=1)
        }
        personalisation.update(subject=letter.subject, body=unwrapped(letter.body))
        return await self._notify(
            "letter",
            letter.letter_reference,
            letter.retry,
            [None],
            template_id,
            lambda _: self.client.send_letter(
                template_id=template_id,
                personalisation=personalisation,
                reference=letter.letter_reference,
            ),
        )

    @property
    def sends_texts(self) -> bool:
        return self.sms_template_id is not None

    async def send_text(self, text: OutboundText) -> Outcome:
        """A text message through the template whose message is `((body))`."""
        assert self.sms_template_id is not None
        template_id = self.sms_template_id
        return await self._notify(
            "sms",
            text.letter_reference,
            text.retry,
            [text.phone],
            template_id,
            lambda phone: self.client.send_sms(
                to=phone or "",
                template_id=template_id,
                personalisation={"body": unwrapped(text.body)},
                reference=text.letter_reference,
            ),
        )

    def describe(self) -> str:
        return f"outbound mail through GOV.UK Notify at {self.client.api_url}"

    async def send(self, email: OutboundEmail, keep: Keep | None = None) -> Outcome:
        subject, body = subject_and_text(email.raw)
        if email.letter:
            body = unwrapped(body)
        return await self._notify(
            "email",
            email.letter_reference,
            email.retry,
            list(email.recipients),
            self.email_template_id,
            lambda to: self.client.send_email(
                to=to or "",
                template_id=self.email_template_id,
                personalisation={"subject": subject, "body": body},
                reference=email.letter_reference,
            ),
        )

    async def _notify(
        self,
        kind: str,
        reference: str,
        retry: bool,
        recipients: list[str | None],
        template_id: str,
        send: Callable[[str | None], Awaitable[dict[str, Any]]],
    ) -> Outcome:
        """Send to each recipient (None: a letter's address is in its personalisation) what
        Notify does not already hold under this letter's reference. A send whose answer heard
        never recorded (heard stopped, the answer lost or too late) was maybe taken: on a
        retry Notify is asked first, so a retry never writes to anyone twice; a first attempt
        is not (nothing can be held yet, and each question counts against Notify's rate
        limit). Notify's id for each is kept, which its delivery receipts must name."""
        ids: list[str] = []
        try:
            held = await self.client.sent_with_reference(reference, kind=kind) if retry else []
            for recipient in recipients:
                taken = _taken(held, reference, template_id, recipient)
                ids.append(taken or str((await send(recipient)).get("id", "")))
        except NotifyError as error:
            wait = timedelta(seconds=error.retry_after) if error.retry_after is not None else None
            return Outcome(
                sent=False, error=str(error), permanent=error.permanent, retry_after=wait
            )
        except (OSError, TimeoutError) as error:
            return Outcome(sent=False, error=repr(error))
        return Outcome(sent=True, result={"notify_ids": ids, "reference": reference})

    async def close(self) -> None:
        await self.client.close()


def _taken(
    held: list[dict[str, Any]], reference: str, template_id: str, recipient: str | None
) -> str | None:
    """Notify's id of the notification it holds for this letter and recipient, if any."""
    for item in held:
        template = item.get("template")
        if item.get("reference") != reference or not isinstance(template, dict):
            continue
        if str(template.get("id", "")).lower() != template_id.lower():
            continue
        if recipient is None or _same_recipient(item, recipient):
            return str(item.get("id", ""))
    return None


def _same_recipient(item: dict[str, Any], recipient: str) -> bool:
    if "@" in recipient:
        return str(item.get("email_address") or "").lower() == recipient.lower()
    digits = "".join(ch for ch in str(item.get("phone_number") or "") if ch.isdigit())
    wanted = "".join(ch for ch in recipient if ch.isdigit())
    return bool(wanted) and digits[-10:] == wanted[-10:]


def subject_and_text(raw: bytes) -> tuple[str, str]:
    """The subject and the plain-text body of a composed message (its HTML part, if any, is
    left out: Notify lays out the text itself)."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    # Composed for SMTP (CRLF line ends); Notify lays out plain newlines.
    return str(message.get("Subject", "")), str(text).replace("\r\n", "\n").strip()
