"""Builds the services from the context, with the listeners each package contributes.

Listeners run inside the transaction of the change that caused them, so the outbox rows and
reminders they write commit (or roll back) together with the change.
"""

from __future__ import annotations

from heard.context import AppContext
from store.cases.service import CaseListener, CaseService
from store.deadlines import DeadlineListener


def case_listeners(context: AppContext) -> list[CaseListener]:
    """Slack cards follow every case change."""
    settings = context.settings
    if not (settings.slack_enabled and settings.slack_triage_channel):
        return []
    from bot.notify import CardNotifier

    return [
        CardNotifier(
            calendar=context.calendar,
            rulebook=context.rulebook,
            triage_channel=settings.slack_triage_channel,
            show_subject=settings.slack_show_details_in_private_channels,
        )
    ]


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
