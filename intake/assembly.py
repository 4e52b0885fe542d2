"""Putting intake together from the application context (used by `heard serve` and tests)."""

from __future__ import annotations

from heard.context import AppContext
from heard.wiring import build_case_service
from intake.parsing import ParseLimits
from intake.service import IntakeService
from intake.smtp_handler import IntakeHandler


def parse_limits(context: AppContext) -> ParseLimits:
    settings = context.settings
    return ParseLimits(
        attachment_max_bytes=settings.attachment_max_bytes,
        attachments_total_max_bytes=settings.attachments_total_max_bytes,
        reference_prefix=settings.reference_prefix,
    )


def build_intake_service(context: AppContext) -> IntakeService:
    return IntakeService(
        engine=context.engine,
        settings=context.settings,
        clock=context.clock,
        cases=build_case_service(context),
        rulebook=context.rulebook,
        limits=parse_limits(context),
    )


def build_intake(context: AppContext) -> IntakeHandler:
    service = build_intake_service(context)
    return IntakeHandler(
        deliver=service.deliver,
        mailbox_kind=service.mailbox_kind,
        max_recipients=context.settings.smtp_max_recipients,
        lmtp=context.settings.smtp_mode == "lmtp",
    )
