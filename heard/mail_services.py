"""Builds heard's connections to Microsoft 365 (Graph) and GOV.UK Notify from the settings:
the Graph client both the mailbox reader and the Graph transport use, and the mailbox reader
itself, fed into the same intake pipeline as the SMTP listener."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heard.context import AppContext
from heard.settings import Settings

if TYPE_CHECKING:
    from heard.assembly import IntakePipeline
    from intake.graph_source import GraphIntake
    from outbound.graph_client import GraphClient, GraphCredentials
    from outbound.transports import MailTransport


def graph_credentials(settings: Settings) -> GraphCredentials:
    from outbound.graph_client import GraphCredentials

    assert settings.graph_tenant_id is not None and settings.graph_client_id is not None
    secret = settings.graph_client_secret
    return GraphCredentials(
        tenant_id=settings.graph_tenant_id,
        client_id=settings.graph_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        certificate_path=settings.graph_certificate_path,
        login_url=settings.graph_login_url,
        api_url=settings.graph_api_url,
    )


def graph_client(settings: Settings) -> GraphClient:
    from outbound.graph_client import GraphClient

    return GraphClient(graph_credentials(settings))


def shared_graph_client(context: AppContext) -> GraphClient:
    """One client per process: Graph allows four requests at once for the app on a mailbox,
    so the reader and the sender must share the four slots (and the token)."""
    if context.graph_client is None:
        context.graph_client = graph_client(context.settings)
    return context.graph_client


def build_graph_intake(context: AppContext, pipeline: IntakePipeline) -> GraphIntake:
    """The mailbox reader, storing through the listener's own IntakeService."""
    from intake.graph_source import GraphIntake, GraphMailbox

    settings = context.settings
    assert settings.graph_mailbox is not None
    return GraphIntake(
        client=shared_graph_client(context),
        mailbox=GraphMailbox(
            address=settings.graph_mailbox,
            processed_folder=settings.graph_processed_folder,
            poll_seconds=settings.graph_poll_seconds,
        ),
        engine=context.engine,
        deliver=pipeline.service.deliver_many,
        clock=context.clock,
        on_stored=pipeline.activity.delivered,
    )


def describe_graph(settings: Settings) -> str:
    after = (
        f"moved to '{settings.graph_processed_folder}'"
        if settings.graph_processed_folder
        else "marked read"
    )
    return (
        f"Microsoft 365 mailbox {settings.graph_mailbox} read every "
        f"{settings.graph_poll_seconds} s through {settings.graph_api_url} (stored mail {after})"
    )


def mail_transport(settings: Settings, *, graph: GraphClient | None = None) -> MailTransport:
    """The way the outbox's emails leave (HEARD_MAIL_TRANSPORT); `graph`, the process's
    shared Graph client (a new one if not given)."""
    from heard.wiring import smarthost

    return settings.mail_choice.transport(
        smarthost=smarthost(settings), graph=lambda: graph or graph_client(settings)
    )
