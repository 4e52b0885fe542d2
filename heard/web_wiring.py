"""Builds the web view's dependencies from the settings and the organisation (web/deps.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from heard.context import AppContext

if TYPE_CHECKING:
    from sqlmodel import Session
    from starlette.routing import Route

    from cases.actor import Actor
    from casework.service import CaseService
    from casework.triage_change import TriageChange
    from store.models import Case
    from web.deps import ChangeTriage, Directory, WebDeps


def web_deps(context: AppContext) -> WebDeps:
    from heard.serve import logged_contact_triage
    from heard.wiring import build_case_service
    from web.deps import OidcConfig, WebConfig, WebDeps

    settings = context.settings
    oidc = None
    if settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret:
        assert settings.web_base_url  # Settings refuses an issuer without a base URL
        oidc = OidcConfig(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            redirect_uri=settings.web_base_url + "/auth/callback",
            slack_team_id=settings.oidc_slack_team_id,
        )
    organisation = context.organisation
    return WebDeps(
        config=WebConfig(
            host=settings.web_host,
            port=settings.web_port,
            base_url=settings.web_base_url,
            oidc=oidc,
            session_idle=timedelta(minutes=settings.web_session_idle_minutes),
            session_absolute=timedelta(hours=settings.web_session_absolute_hours),
            council_name=settings.council_name,
            attachment_max_bytes=settings.attachment_max_bytes,
            chaser_hour=settings.chaser_hour,
        ),
        engine=context.engine,
        calendar=context.calendar,
        clock=context.clock,
        zone=settings.zone,
        roles_of=organisation.roles_for_email,
        directory=directory_of(context),
        cases=(service := build_case_service(context)),
        triage_logged_contact=logged_contact_triage(context, service),
        change_triage=staff_triage_change(service),
        complainant_types=complainant_types_of(context),
        posts_letters=settings.mail_choice.posts,
    )


def directory_of(context: AppContext) -> Directory:
    """The rule file's organisation as the web view shows it (staff names, teams, categories)."""
    from web.deps import Directory

    return Directory.of(
        context.organisation,
        category_labels={
            key: category.label for key, category in context.rulebook.category_specs.items()
        },
    )


def complainant_types_of(context: AppContext) -> tuple[tuple[str, str], ...]:
    return tuple((kind.id, kind.label) for kind in context.rulebook.complainant_type_specs.values())


def follow_rule_file(context: AppContext, deps: WebDeps) -> None:
    """After SIGHUP's reload (context.rulebook now holds the new file): the web view shows the
    new file's staff names, teams and lists too, as Slack and intake already do."""
    deps.take_rule_file(directory_of(context), complainant_types_of(context))


def staff_triage_change(service: CaseService) -> ChangeTriage:
    """The web's Change triage: casework's, with triage/'s corrections (web/ may not read them)."""
    from casework.triage_change import change_triage
    from triage.corrections import corrections_found

    def change(
        session: Session, *, case: Case, actor: Actor, change: TriageChange, now: datetime
    ) -> None:
        change_triage(
            service,
            session,
            case=case,
            actor=actor,
            change=change,
            now=now,
            find_corrections=corrections_found,
        )

    return change


def notify_callback_routes(context: AppContext) -> list[Route]:
    """GOV.UK Notify's delivery receipts at /notify/callback on HEARD_WEB_PORT (none when
    HEARD_NOTIFY_CALLBACK_TOKEN is unset): outbound/ answers them, web/ only serves the route."""
    from heard.wiring import build_case_service
    from outbound.notify_callback import callback_routes
    from outbound.notify_receipts import DeliveryReceipts

    token = context.settings.notify_callback_token
    if token is None:
        return []
    receipts = DeliveryReceipts(
        engine=context.engine, cases=build_case_service(context), clock=context.clock
    )
    return callback_routes(token.get_secret_value(), receipts)
