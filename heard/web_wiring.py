"""Builds the web view's dependencies from the settings and the organisation (web/deps.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from heard.context import AppContext

if TYPE_CHECKING:
    from org.directory import Organisation
    from triage.rulebook import Rulebook
    from web.deps import Directory, WebDeps


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
        ),
        engine=context.engine,
        calendar=context.calendar,
        clock=context.clock,
        zone=settings.zone,
        roles_of=organisation.roles_for_email,
        directory=directory(organisation, context.rulebook),
        cases=(service := build_case_service(context)),
        triage_logged_contact=logged_contact_triage(context, service),
    )


def directory(spec: Organisation, rulebook: Rulebook) -> Directory:
    """The web view's directory: the organisation (org/) and the rule file's category labels."""
    from org.schema import Contact, StaffSpec
    from web.deps import Directory, TeamInfo

    teams = tuple(
        TeamInfo(
            id=team.id,
            name=team.name,
            directorate_id=team.directorate,
            managers=frozenset(
                contact.email.lower()
                for contact in (team.manager, team.service_manager)
                if contact is not None and contact.email
            ),
            triage_queue=team.triage_queue,
        )
        for team in spec.teams
    )
    names: dict[str, str] = {}
    slack_users: dict[str, str] = {}
    people: list[Contact | StaffSpec] = [
        c for team in spec.teams for c in (team.manager, team.service_manager) if c
    ]
    people += [d.director for d in spec.directorates if d.director]
    people += list(spec.staff)
    for person in people:
        if person.email:
            names[person.email.lower()] = person.name
            if person.slack_user:
                slack_users[person.email.lower()] = person.slack_user
    return Directory(
        teams=teams,
        directorates=tuple((d.id, d.name) for d in spec.directorates),
        directors={
            d.id: frozenset({d.director.email.lower()})
            for d in spec.directorates
            if d.director is not None and d.director.email
        },
        staff_names=names,
        slack_users=slack_users,
        category_labels={key: category.label for key, category in rulebook.category_specs.items()},
    )
