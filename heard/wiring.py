"""Builds the services from the context, with the listeners each package contributes.

Listeners run inside the transaction of the change that caused them, so the outbox rows and
reminders they write commit (or roll back) together with the change.
"""

from __future__ import annotations

from heard.context import AppContext
from store.cases.service import CaseListener, CaseService
from store.deadlines import DeadlineListener


def case_listeners(context: AppContext) -> list[CaseListener]:
    """Letters and Slack cards follow every case change."""
    settings = context.settings
    listeners: list[CaseListener] = [letter_writer(context)]
    if not (settings.slack_enabled and settings.slack_triage_channel):
        return listeners
    from bot.notify import CardNotifier

    return [
        *listeners,
        CardNotifier(
            calendar=context.calendar,
            rulebook=context.rulebook,
            triage_channel=settings.slack_triage_channel,
            show_subject=settings.slack_show_details_in_private_channels,
        ),
    ]


def letter_writer(context: AppContext) -> CaseListener:
    """The complainant's letters: responses, extensions, pauses, logged contacts."""
    from outbound.letters import LetterConfig, LetterWriter

    settings = context.settings
    return LetterWriter(
        LetterConfig(
            council_name=settings.council_name,
            from_address=settings.mail_from,
            message_id_domain=settings.smtp_hostname,
            immediate_risk_text=settings.immediate_risk_text,
            templates_dir=settings.templates_dir,
        ),
        rulebook=context.rulebook,
    )


def deadline_listeners(context: AppContext) -> list[DeadlineListener]:
    """Reminders follow every deadline written or changed."""
    from scheduler.planner import ReminderPlanner, chaser_policy

    return [ReminderPlanner(calendar=context.calendar, policy=chaser_policy(context.settings))]


def build_case_service(context: AppContext) -> CaseService:
    return CaseService(
        calendar=context.calendar,
        timescales=context.timescales,
        reference_prefix=context.settings.reference_prefix,
        case_listeners=case_listeners(context),
        deadline_listeners=deadline_listeners(context),
    )
