"""Which way heard's mail leaves (HEARD_MAIL_TRANSPORT: the smarthost, the Microsoft 365
mailbox through Graph's sendMail, or GOV.UK Notify), what that choice needs set, and the
transport it makes.

heard/settings.py hands the choice over at start (`Settings.mail_choice`), so the settings
that only make sense together are refused together, one line each, before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from outbound.graph_client import GraphClient
    from outbound.mailer import Smarthost
    from outbound.transports import MailTransport

TransportKind = Literal["smtp", "graph", "notify"]


@dataclass(frozen=True)
class NotifyService:
    """A GOV.UK Notify service and its templates (each template's body is ((body)))."""

    api_key: str | None
    api_url: str
    email_template_id: str | None
    sms_template_id: str | None
    letter_template_id: str | None


@dataclass(frozen=True)
class TransportChoice:
    kind: TransportKind
    graph_mailbox: str | None
    graph_intake: bool  # HEARD_GRAPH_INTAKE: read the mailbox, not only send as it
    graph_app: tuple[str | None, str | None]  # tenant id, client id
    graph_secret_set: bool
    graph_certificate_set: bool
    notify: NotifyService

    @property
    def reads_mailbox(self) -> bool:
        """Graph intake runs when a mailbox is named, unless HEARD_GRAPH_INTAKE=false."""
        return self.graph_mailbox is not None and self.graph_intake

    @property
    def uses_graph(self) -> bool:
        """heard talks to Graph at all: to read the mailbox, or to send as it."""
        return self.reads_mailbox or (self.graph_mailbox is not None and self.kind == "graph")

    @property
    def texts(self) -> bool:
        return self.kind == "notify" and self.notify.sms_template_id is not None

    @property
    def posts(self) -> bool:
        """Staff may choose post for a complainant's letters (Notify's letter template)."""
        return self.kind == "notify" and self.notify.letter_template_id is not None

    def sender(self, mail_from: str) -> str:
        """Mail sent through Graph goes as the shared mailbox itself (Exchange refuses another
        From), so replies land where staff already look."""
        if self.kind == "graph" and self.graph_mailbox:
            return self.graph_mailbox
        return mail_from

    def problems(self) -> list[str]:
        """Graph and Notify settings that only make sense together, one line each."""
        problems = []
        if self.kind == "graph" and self.graph_mailbox is None:
            problems.append(
                "HEARD_GRAPH_MAILBOX: needed to send as the mailbox (HEARD_MAIL_TRANSPORT=graph)"
            )
        if self.graph_mailbox is not None and not self.uses_graph:
            problems.append(
                "HEARD_GRAPH_INTAKE: false, and HEARD_MAIL_TRANSPORT is not graph: the mailbox "
                "HEARD_GRAPH_MAILBOX names would be neither read nor sent from"
            )
        if self.uses_graph:
            for name, value in zip(("TENANT_ID", "CLIENT_ID"), self.graph_app, strict=True):
                if value is None:
                    problems.append(f"HEARD_GRAPH_{name}: needed to use the Microsoft 365 mailbox")
            if self.graph_secret_set == self.graph_certificate_set:
                problems.append(
                    "HEARD_GRAPH_CLIENT_SECRET: set it or HEARD_GRAPH_CERTIFICATE_PATH (one of the two)"
                )
        if self.kind == "notify":
            if self.notify.api_key is None:
                problems.append("HEARD_NOTIFY_API_KEY: needed to send through GOV.UK Notify")
            elif self.notify.email_template_id is None:
                problems.append(
                    "HEARD_NOTIFY_EMAIL_TEMPLATE_ID: needed to send email through GOV.UK Notify"
                )
        return problems

    def transport(self, *, smarthost: Smarthost, graph: Callable[[], GraphClient]) -> MailTransport:
        """The way the outbox's emails leave; `graph` gives the process's Graph client (only
        asked for when mail goes through Graph). Call only on a choice without problems."""
        from outbound.notify_client import NotifyClient, NotifyKey
        from outbound.transports import GraphTransport, NotifyTransport, SmtpTransport

        if self.kind == "graph":
            assert self.graph_mailbox is not None
            return GraphTransport(
                client=graph(), mailbox=self.graph_mailbox, drafts=self.graph_intake
            )
        if self.kind == "notify":
            notify = self.notify
            assert notify.api_key is not None and notify.email_template_id is not None
            return NotifyTransport(
                client=NotifyClient(NotifyKey.parse(notify.api_key), api_url=notify.api_url),
                email_template_id=notify.email_template_id,
                sms_template_id=notify.sms_template_id,
                letter_template_id=notify.letter_template_id,
            )
        return SmtpTransport(smarthost)
