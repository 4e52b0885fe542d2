"""Intake from the application context (used by `heard serve`, tests and bench/): the settings
turned into intake/pipeline.py's parts."""

from __future__ import annotations

from heard.context import AppContext
from heard.wiring import (
    build_case_service,
    letter_config,
    mash_referral,
    messenger,
    own_addresses,
)
from intake.parsing import ParseLimits
from intake.pipeline import IntakePipeline, assemble
from intake.reader import InlineReader, SubprocessReader
from intake.service import IntakePolicy, IntakeService
from intake.smtp_handler import IntakeHandler
from intake.tuning import GC_THRESHOLDS

__all__ = ["IntakePipeline", "build_intake", "build_intake_service", "build_pipeline"]


def parse_limits(context: AppContext) -> ParseLimits:
    settings = context.settings
    return ParseLimits(
        attachment_max_bytes=settings.attachment_max_bytes,
        attachments_total_max_bytes=settings.attachments_total_max_bytes,
        reference_prefix=settings.reference_prefix,
    )


def intake_policy(context: AppContext) -> IntakePolicy:
    settings = context.settings
    return IntakePolicy(
        reference_prefix=settings.reference_prefix,
        require_dmarc_pass_for_threading=settings.require_dmarc_pass_for_threading,
        letters=letter_config(context),
        acknowledgements_per_sender_per_day=settings.acknowledgements_per_sender_per_day,
        own_addresses=own_addresses(context),
    )


def build_intake_service(context: AppContext) -> IntakeService:
    return IntakeService(
        engine=context.engine,
        policy=intake_policy(context),
        clock=context.clock,
        cases=build_case_service(context),
        rulebook=context.rulebook,
        organisation=context.organisation,
        limits=parse_limits(context),
        messenger=messenger(context.settings),
        mash=mash_referral(context.settings),
    )


def build_pipeline(context: AppContext) -> IntakePipeline:
    service = build_intake_service(context)
    # The bank holidays load when first needed (about half a second, more without bytecode
    # caches), and the phrase index when a text is first scanned (the listener's look for an
    # urgent phrase, before the 250): both here, not while the first message's client waits.
    context.calendar.receipt_day(context.clock.now())
    context.rulebook.warm()
    settings = context.settings
    reader: InlineReader | SubprocessReader = (
        SubprocessReader(
            settings.rules_path,
            processes=settings.intake_reader_processes,
            read_seconds=settings.intake_read_seconds,
            gc_thresholds=GC_THRESHOLDS,
        )
        if settings.intake_read_in_subprocess
        else InlineReader(context.rulebook)
    )
    return assemble(
        service,
        reader,
        max_recipients=settings.smtp_max_recipients,
        lmtp=settings.smtp_mode == "lmtp",
    )


def build_intake(context: AppContext) -> IntakeHandler:
    """Only the listener's side, for tests of the SMTP conversation itself."""
    return build_pipeline(context).handler
