"""Builds the parts from the context, each with the narrow configuration it needs.

This is where `Settings` is turned into the typed pieces the packages take (`MailIdentity`,
`Smarthost`, `ChaserPolicy`, `SchedulePolicy`, `IntakePolicy`, `ListenerSettings`): no package
outside heard/ sees `Settings` or the context. The case service and its listeners are built
once per process. Listeners run inside the transaction of the change that caused them, so the
outbox rows and reminders they write commit (or roll back) together with the change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from casework.service import CaseListener, CaseService
from heard.context import AppContext
from heard.settings import Settings
from org.own_addresses import OwnAddresses
from store.deadlines import DeadlineListener

if TYPE_CHECKING:
    from cases.retention import Schedule
    from intake.smtp_server import ListenerSettings
    from outbound.letters import LetterConfig
    from outbound.mailer import OutboxMailer, Smarthost
    from outbound.mash import MashReferral
    from outbound.messenger import Messenger
    from scheduler.rules import ChaserPolicy
    from scheduler.service import SchedulerService
    from scheduler.sweep import Sweeper
    from store.reminders import PendingReminder


# --- outbound ------------------------------------------------------------------------------
def messenger(settings: Settings) -> Messenger:
    from outbound.graph_upload import enclosures_limit, enclosures_max
    from outbound.messenger import MailIdentity, Messenger

    choice = settings.mail_choice
    return Messenger(
        MailIdentity(
            address=choice.sender(settings.mail_from),
            texts=choice.texts,
            posts=choice.posts,
            encloses=choice.kind != "notify",  # Notify's email sends the text alone
            enclosures_max=(
                # sending only (HEARD_GRAPH_INTAKE=false), the app has Mail.Send alone
                enclosures_max(settings.graph_message_max_mb, drafts=settings.graph_intake)
                if choice.kind == "graph"
                else None
            ),
            enclosures_limit=(
                enclosures_limit(settings.graph_message_max_mb, drafts=settings.graph_intake)
                if choice.kind == "graph"
                else ""
            ),
            message_id_domain=settings.smtp_hostname,
            templates_dir=settings.templates_dir,
        )
    )


def mash_referral(settings: Settings) -> MashReferral:
    from outbound.mash import MashReferral

    return MashReferral(
        messenger=messenger(settings),
        email=settings.mash_email,
        zone=settings.zone,
        slack_channel=settings.mash_slack_channel,
    )


def smarthost(settings: Settings) -> Smarthost:
    from outbound.mailer import Smarthost

    password = settings.smarthost_password
    return Smarthost(
        host=settings.smarthost_host,
        port=settings.smarthost_port,
        username=settings.smarthost_username,
        password=password.get_secret_value() if password else None,
        starttls=settings.smarthost_starttls,
    )


def lease(settings: Settings) -> timedelta:
    """How long a claimed outbox row or reminder stays with a worker that may have died."""
    return timedelta(seconds=settings.reminder_lease_seconds)


def build_mailer(context: AppContext) -> OutboxMailer:
    from heard.mail_services import mail_transport, shared_graph_client
    from outbound.mailer import OutboxMailer

    settings = context.settings
    graph = shared_graph_client(context) if settings.mail_transport == "graph" else None
    return OutboxMailer(
        engine=context.engine,
        transport=mail_transport(settings, graph=graph),
        clock=context.clock,
        lease=lease(context.settings),
        first_retry=timedelta(seconds=settings.outbox_retry_seconds),
        cases=build_case_service(context),
    )


# --- cases ---------------------------------------------------------------------------------
def case_listeners(context: AppContext) -> list[CaseListener]:
    """Letters and Slack cards follow every case change."""
    settings = context.settings
    listeners: list[CaseListener] = [letter_writer(context), threat_alert(context)]
    if not (settings.slack_enabled and settings.slack_triage_channel):
        return listeners
    from bot.notify import CardNotifier

    return [
        *listeners,
        CardNotifier(
            calendar=context.calendar,
            rulebook=context.rulebook,
            organisation=context.organisation,
            messenger=messenger(settings),
            triage_channel=settings.slack_triage_channel,
            show_subject=settings.slack_show_details_in_private_channels,
            case_pages_url=settings.web_base_url if settings.web_enabled else None,
            clock=context.clock,
        ),
    ]


def threat_alert(context: AppContext) -> CaseListener:
    """A threat to a member of staff, told to the team's manager (outbound.staff_alert)."""
    from outbound.staff_alert import ThreatAlert

    settings = context.settings
    return ThreatAlert(
        organisation=context.organisation,
        messenger=messenger(settings),
        case_pages_url=settings.web_base_url if settings.web_enabled else None,
        clock=context.clock,
    )


def letter_config(context: AppContext) -> LetterConfig:
    """What every letter's wording needs, the same for intake's first letters and the case's
    later ones: the council's name and time zone, its own templates, and its organisation,
    whose triage team signs (the rule file's, as SIGHUP last reloaded it)."""
    from outbound.letters import LetterConfig

    settings = context.settings
    return LetterConfig(
        council_name=settings.council_name,
        organisation=context.organisation,
        zone=settings.zone,
        immediate_risk_text=settings.immediate_risk_text,
        templates_dir=settings.templates_dir,
    )


def letter_writer(context: AppContext) -> CaseListener:
    """The complainant's letters: responses, extensions, pauses, logged contacts."""
    from outbound.letters import LetterWriter

    settings = context.settings
    return LetterWriter(
        letter_config(context),
        messenger=messenger(settings),
        rulebook=context.rulebook,
        clock=context.clock,
    )


def chaser_policy(settings: Settings) -> ChaserPolicy:
    from scheduler.rules import ChaserPolicy, parse_ladder

    return ChaserPolicy(
        chaser_time=settings.chaser_hour,
        due_soon_days=settings.due_soon_working_days,
        panel_warning_days=settings.panel_warning_working_days,
        ladder=parse_ladder(settings.escalation_ladder),
    )


def deadline_listeners(context: AppContext) -> list[DeadlineListener]:
    """Reminders follow every deadline written or changed."""
    from scheduler.planner import ReminderPlanner

    return [
        ReminderPlanner(
            calendar=context.calendar,
            policy=chaser_policy(context.settings),
            clock=context.clock,
        )
    ]


def build_case_service(context: AppContext) -> CaseService:
    """The process's one CaseService: built on first use, then the same for every caller."""
    if context.case_service is None:
        context.case_service = CaseService(
            calendar=context.calendar,
            timescales=context.timescales,
            reference_prefix=context.settings.reference_prefix,
            case_listeners=case_listeners(context),
            clock=context.clock,
            deadline_listeners=deadline_listeners(context),
            own_addresses=own_addresses(context),
        )
    return context.case_service


def own_addresses(context: AppContext) -> OwnAddresses:
    """heard's own addresses (org.own_addresses says what each use makes of them), for intake
    (heard.assembly) and casework (the CaseService) alike."""
    settings = context.settings
    return OwnAddresses.of(
        sends_as=(messenger(settings).identity.address, settings.mail_from, settings.graph_mailbox),
        others=(settings.mash_email, *context.organisation.mailbox_addresses()),
    )


# --- scheduler -----------------------------------------------------------------------------
def build_sweeper(context: AppContext) -> Sweeper:
    from scheduler.sweep import Sweeper

    return Sweeper(
        engine=context.engine,
        messenger=messenger(context.settings),
        clock=context.clock,
        calendar=context.calendar,
        organisation=context.organisation,
        lease=lease(context.settings),
        policy=chaser_policy(context.settings),
        case_pages_url=context.settings.web_base_url if context.settings.web_enabled else None,
        unread_after=(
            timedelta(minutes=context.settings.unread_chase_minutes)
            if context.settings.unread_chase_minutes
            else None
        ),
    )


def build_scheduler(context: AppContext) -> SchedulerService:
    from scheduler.digest_send import send_digests
    from scheduler.service import SchedulePolicy, SchedulerService

    settings = context.settings
    mail = messenger(settings)

    def digests(now: datetime) -> int:
        return send_digests(
            context.engine,
            messenger=mail,
            organisation=context.organisation,
            calendar=context.calendar,
            now=now,
            recipients=settings.digest_to,
            council_name=settings.council_name,
            workspace_url=settings.slack_workspace_url,
            case_pages_url=settings.web_base_url if settings.web_enabled else None,
        )

    def digest_sent_before(now: datetime) -> bool:
        from store.db import read_rows
        from store.digest import last_digest_at

        with read_rows(context.engine) as connection:
            return last_digest_at(connection, before=now) is not None

    return SchedulerService(
        sweeper=build_sweeper(context),
        send_digests=digests,
        digest_sent_before=digest_sent_before,
        apply_retention=lambda now: apply_retention(context, now=now),
        policy=SchedulePolicy(
            zone=settings.zone,
            digest_cron=settings.digest_cron,
            sweep_interval_seconds=settings.sweep_interval_seconds,
        ),
    )


def retention_schedule(context: AppContext) -> Schedule:
    """The rule file's `retention:` section as cases/retention.py reads it."""
    from cases.retention import Schedule

    spec = context.rulebook.spec.retention
    return Schedule(
        years_after_closure={str(kind): years for kind, years in spec.years_after_closure.items()},
        keep_flagged_until_reviewed=spec.keep_flagged_until_reviewed,
    )


def apply_retention(context: AppContext, *, now: datetime) -> int:
    """The daily retention run (casework/retention.py); how many cases were anonymised."""
    from casework.retention import apply_all

    today = context.calendar.local_date(now)
    return apply_all(context.engine, schedule=retention_schedule(context), today=today, now=now)


def planned_follow_ups(context: AppContext) -> list[PendingReminder]:
    """`heard reminders list`'s learning-action and recommendation chasers still to go: the
    sweep computes them (scheduler/follow_ups.py), no reminder row holds them."""
    from scheduler.follow_ups import planned_follow_ups as planned

    return planned(
        context.engine,
        calendar=context.calendar,
        policy=chaser_policy(context.settings),
        now=context.clock.now(),
    )


def digest_preview(
    context: AppContext, *, as_of: date, html: bool, directorate: str | None = None
) -> str:
    """`heard digest preview`: the digest as it stood at the end of `as_of`, from the same
    settings `heard serve` sends it with (cli/ reaches the scheduler's parts only through here);
    `directorate`: that directorate's own, as its director gets it."""
    from scheduler.digest_send import preview

    settings = context.settings
    return preview(
        context.engine,
        organisation=context.organisation,
        calendar=context.calendar,
        as_of=as_of,
        council_name=settings.council_name,
        workspace_url=settings.slack_workspace_url,
        case_pages_url=settings.web_base_url if settings.web_enabled else None,
        templates_dir=settings.templates_dir,
        html=html,
        past=as_of < context.calendar.local_date(context.clock.now()),
        directorate=directorate,
    )


# --- intake --------------------------------------------------------------------------------
def listener_settings(settings: Settings) -> ListenerSettings:
    from intake.smtp_server import ListenerSettings

    return ListenerSettings(
        smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port,
        smtp_hostname=settings.smtp_hostname,
        smtp_mode=settings.smtp_mode,
        smtp_max_message_bytes=settings.smtp_max_message_bytes,
        smtp_max_connections=settings.smtp_max_connections,
        smtp_timeout_seconds=settings.smtp_timeout_seconds,
        smtp_hard_error_limit=settings.smtp_hard_error_limit,
        smtp_tls_cert=settings.smtp_tls_cert,
        smtp_tls_key=settings.smtp_tls_key,
    )


def check_smtp_tls(settings: Settings) -> None:
    """Load HEARD_SMTP_TLS_CERT and _KEY as the listener would (OSError or ssl.SSLError)."""
    from intake.smtp_server import tls_context

    tls_context(listener_settings(settings))
