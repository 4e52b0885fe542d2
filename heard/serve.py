"""`heard serve`: SMTP intake, Slack, the outbox workers and the scheduler on one asyncio loop.

Each part is built here from the settings as a component with start/stop, which
runtime/components.py runs (order, banner, signals). Parts that are switched off by settings (no Slack
tokens, SMTP disabled) are reported once at start, so an operator sees what runs and what not.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from heard.context import AppContext
from heard.errors import StartupError
from intake.tuning import tune_interpreter
from runtime.components import Component, background, run_components

if TYPE_CHECKING:
    from pydantic import SecretStr
    from starlette.applications import Starlette

    from bot.deps import SlackDeps, TriageLoggedContact
    from bot.server import SlackComponent
    from casework.service import CaseService
    from telemetry.probes import Readiness
    from triage.rulebook import Rulebook
    from web.deps import WebDeps

log = logging.getLogger("heard.serve")


ComponentFactory = Callable[[AppContext], "Component | str"]


def component_factories() -> list[ComponentFactory]:
    """Each factory returns a Component, or a string saying why that part is disabled."""
    return [smtp_component, mailer_component, scheduler_component, slack_component, web_component]


def smtp_component(context: AppContext) -> Component | str:
    """Mail in: the SMTP listener and, when a mailbox is named, the Microsoft 365 mailbox
    reader, both storing through one pipeline and read after storing by one worker."""
    from heard.assembly import build_pipeline
    from heard.mail_services import build_graph_intake, describe_graph
    from heard.wiring import listener_settings
    from intake.running import MailIn
    from telemetry.probes import listener_probe
    from web.health import mailbox_probe

    settings = context.settings
    if not settings.smtp_enabled and not settings.graph_enabled:
        return (
            "SMTP intake (HEARD_SMTP_ENABLED=false) and no HEARD_GRAPH_MAILBOX to read "
            "(or HEARD_GRAPH_INTAKE=false)"
        )
    pipeline = build_pipeline(context)
    mail_in = MailIn(
        pipeline,
        listener=listener_settings(settings) if settings.smtp_enabled else None,
        graph=build_graph_intake(context, pipeline) if settings.graph_enabled else None,
    )
    parts = []
    if settings.smtp_enabled:
        readiness(context).add("smtp listener", listener_probe(mail_in.servers))
        mailboxes = ", ".join(context.organisation.mailbox_addresses())
        parts.append(
            f"{settings.smtp_mode.upper()} intake on {settings.smtp_host}:"
            f"{settings.smtp_port} for {mailboxes}"
        )
    if settings.graph_enabled and settings.graph_mailbox is not None:
        readiness(context).add(
            "mailbox",
            mailbox_probe(
                context.engine,
                context.clock,
                mailbox=settings.graph_mailbox,
                folder="inbox",
                poll_seconds=settings.graph_poll_seconds,
            ),
        )
        parts.append(describe_graph(settings))
    return Component(
        name="smtp",
        describe="; ".join(parts),
        start=mail_in.start,
        stop=mail_in.stop,
        rules_reloaded=pipeline.reader.reload,
    )


def scheduler_component(context: AppContext) -> Component | str:
    from heard.wiring import build_scheduler

    settings = context.settings
    if not settings.scheduler_enabled:
        return "scheduler (HEARD_SCHEDULER_ENABLED=false): no chasers or digests"
    service = build_scheduler(context)
    digest = (
        f"digest '{settings.digest_cron}' ({settings.timezone}) to {len(settings.digest_to)} "
        f"recipient{'' if len(settings.digest_to) == 1 else 's'}"
        if settings.digest_to
        else "digest off until HEARD_DIGEST_TO names a director"
    )
    return Component(
        name="scheduler",
        describe=f"scheduler: sweep every {settings.sweep_interval_seconds} s, chasers at "
        f"{settings.chaser_hour:%H:%M}, {digest}",
        start=service.start,
        stop=service.stop,
    )


def slack_component(context: AppContext) -> Component | str:
    settings = context.settings
    if not settings.slack_enabled:
        return "Slack (no HEARD_SLACK_BOT_TOKEN set): cards, actions and Slack chasers are off"
    from telemetry.probes import cached, slack_probe

    slack = build_slack(context)
    probe = cached(slack_probe(slack.client))

    async def slack_ready() -> str | None:
        """Socket Mode's websocket (asked each time: it is in memory), then auth.test."""
        return await slack.socket_mode_problem() or await probe()

    readiness(context).add("slack", slack_ready)
    return Component(
        name="slack",
        describe=slack.describe,
        start=slack.start,
        stop=slack.stop,
        reachable=probe,
        unreachable_means="cards and chasers wait in the outbox until it answers",
    )


def build_slack(context: AppContext) -> SlackComponent:
    """The Slack adapter, given only what it needs (bot/deps.py), never the settings."""
    from bot.deps import SlackConfigError
    from bot.server import SlackComponent

    try:
        return SlackComponent(slack_deps(context))
    except SlackConfigError as error:
        raise StartupError(str(error)) from None


def slack_deps(context: AppContext) -> SlackDeps:
    from bot.deps import SlackConfig, SlackDeps
    from heard.wiring import build_case_service

    settings = context.settings

    def secret(value: SecretStr | None) -> str | None:
        return value.get_secret_value() if value else None

    service = build_case_service(context)
    return SlackDeps(
        config=SlackConfig(
            bot_token=secret(settings.slack_bot_token),
            signing_secret=secret(settings.slack_signing_secret),
            app_token=secret(settings.slack_app_token),
            api_url=settings.slack_api_url,
            http_host=settings.slack_http_host,
            http_port=settings.slack_http_port,
            chaser_hour=settings.chaser_hour,
            outbox_retry_seconds=settings.outbox_retry_seconds,
        ),
        engine=context.engine,
        cases=service,
        rulebook=context.rulebook,
        organisation=context.organisation,
        calendar=context.calendar,
        clock=context.clock,
        triage_logged_contact=logged_contact_triage(context, service),
        posts_letters=settings.mail_choice.posts,
    )


def logged_contact_triage(context: AppContext, service: CaseService) -> TriageLoggedContact:
    """A contact staff log is triaged as mail is (intake/logged_contact.py)."""
    from heard.wiring import mash_referral
    from intake.logged_contact import logged_contact_triage as build

    mash = mash_referral(context.settings)
    return build(service, rulebook=context.rulebook, calendar=context.calendar, mash=mash)


def web_component(context: AppContext) -> Component | str:
    """The staff web view and /healthz; it runs without sign-in configured too (sign-in links)."""
    from web.server import WebServer

    settings = context.settings
    if not settings.web_enabled:
        return "web view (HEARD_WEB_ENABLED=false)"

    built: list[WebDeps] = []  # the app is built at start; SIGHUP refreshes its rule file

    def app() -> Starlette:
        from heard.web_wiring import notify_callback_routes, web_deps
        from web.app import build_app
        from web.health import health_routes

        deps = web_deps(context)
        built.append(deps)
        health = health_routes(
            readiness(context),
            engine=context.engine,
            clock=context.clock,
            mailbox=settings.graph_mailbox if settings.graph_enabled else None,
        )
        return build_app(deps, extra_routes=[*health, *notify_callback_routes(context)])

    def rules_reloaded() -> None:
        from heard.web_wiring import follow_rule_file

        for deps in built:
            follow_rule_file(context, deps)

    server = WebServer(app, host=settings.web_host, port=settings.web_port)
    sign_in = (
        f"sign-in with {settings.oidc_issuer}"
        if settings.oidc_issuer
        else "sign-in links from `heard web sign-in-link EMAIL` (no HEARD_OIDC_ISSUER)"
    )
    # the address staff and Notify use, behind the council's proxy (perhaps under a path)
    public = settings.web_base_url or server.url
    reached = f" (staff use {public}/cases)" if public != server.url else ""
    receipts = (
        f", GOV.UK Notify receipts at {public}/notify/callback"
        if settings.notify_callback_token
        else ""
    )
    return Component(
        name="web",
        describe=f"web view on {server.url}/cases{reached}, {sign_in}{receipts}; "
        f"/healthz, /readyz and /metrics",
        start=server.start,
        stop=server.stop,
        rules_reloaded=rules_reloaded,
    )


def mailer_component(context: AppContext) -> Component | str:
    from heard.wiring import build_mailer
    from telemetry.probes import cached, smtp_server_probe

    mailer = build_mailer(context)
    component = background("mailer", mailer.sender.describe(), mailer.run)
    if context.settings.mail_transport == "smtp":
        settings = context.settings
        probe = cached(smtp_server_probe(settings.smarthost_host, settings.smarthost_port))
        readiness(context).add("smarthost", probe)
        component.reachable = probe
        component.unreachable_means = "letters wait in the outbox until it answers"
    return component


def readiness(context: AppContext) -> Readiness:
    """What /readyz asks: made with the database's probe on first use, then each running part
    adds its own."""
    from telemetry.probes import Readiness
    from web.health import database_probe

    if context.readiness is None:
        context.readiness = Readiness()
        context.readiness.add("database", database_probe(context.engine))
    return context.readiness


async def run(context: AppContext, *, stop_event: asyncio.Event | None = None) -> None:
    # Intake, Slack's /complaint and the web's Log a contact triage as they come: the phrase
    # index is loaded now, not by the first message (and frozen out of the collector's walks).
    context.rulebook.warm()
    tune_interpreter()
    log.info(
        "heard starting: database %s, council %s",
        context.engine.url.render_as_string(hide_password=True),
        context.settings.council_name,
    )
    components: list[Component] = []
    for factory in component_factories():
        built = factory(context)
        if isinstance(built, str):
            log.warning("disabled: %s", built)
        else:
            components.append(built)
    await run_components(
        components,
        stop_event or asyncio.Event(),
        reload=lambda: reload_rules(context, components),
    )


async def reload_rules(context: AppContext, components: list[Component]) -> bool:
    """SIGHUP: read the rule file again and check it. A file with problems is not used (each
    problem is logged, and the rules loaded before stay in force); a good one takes effect for
    mail read from now on, and its teams are written to the database."""
    from heard.context import load_rules, sync_teams

    path = context.settings.rules_path

    def load_and_warm() -> Rulebook:
        rulebook = load_rules(context.settings)
        rulebook.warm()  # in this thread: mail read under the new rules does not wait for it
        return rulebook

    try:
        rulebook = await asyncio.to_thread(load_and_warm)
    except StartupError as error:
        lines = str(error).splitlines()
        log.error(
            "rule file %s not reloaded (%d problem(s)); the rules loaded before stay in force",
            path,
            len(lines),
        )
        for line in lines:
            log.error("rule file problem: %s", line)
        return False
    context.rulebook.replace_with(rulebook)
    try:
        await asyncio.to_thread(sync_teams, context)
    except Exception as error:  # the database away: the teams are written at the next start
        log.warning("rule file reloaded, but its teams not written (%s)", type(error).__name__)
    for component in components:
        if component.rules_reloaded is not None:
            component.rules_reloaded()
    log.info("rule file %s reloaded", path)
    return True
