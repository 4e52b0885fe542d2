"""Putting intake together from the application context (used by `heard serve`, tests and
bench/): the listener, the group committer and the worker that reads what was stored."""

from __future__ import annotations

from dataclasses import dataclass

from heard.context import AppContext
from heard.interpreter import GC_THRESHOLDS
from heard.wiring import build_case_service, mash_referral, messenger
from intake.group_commit import GroupCommitter
from intake.parsing import ParseLimits
from intake.processing import InboundProcessor
from intake.reader import InlineReader, SubprocessReader
from intake.reading_loop import IntakeActivity, ProcessingLoop
from intake.service import IntakePolicy, IntakeService
from intake.smtp_handler import IntakeHandler


@dataclass
class IntakePipeline:
    """The listener's handler (store, then 250) and the worker that reads what it stored."""

    handler: IntakeHandler
    committer: GroupCommitter
    processing: ProcessingLoop
    reader: InlineReader | SubprocessReader
    service: IntakeService  # the Graph mailbox reader stores through it too
    activity: IntakeActivity

    @property
    def processor(self) -> InboundProcessor:
        return self.processing.processor

    def close(self) -> None:
        """Stop the child process that reads mail, if there is one."""
        self.reader.close()
        self.processing.close()


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
        council_name=settings.council_name,
        immediate_risk_text=settings.immediate_risk_text,
        acknowledgements_per_sender_per_day=settings.acknowledgements_per_sender_per_day,
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
    # caches): here, not while the first message's client waits for its 250.
    context.calendar.receipt_day(context.clock.now())
    activity = IntakeActivity()
    committer = GroupCommitter(service.deliver_many)
    handler = IntakeHandler(
        store=committer.store,
        mailbox_kind=service.mailbox_kind,
        max_recipients=context.settings.smtp_max_recipients,
        lmtp=context.settings.smtp_mode == "lmtp",
        on_stored=activity.delivered,
    )
    reader: InlineReader | SubprocessReader = (
        SubprocessReader(
            context.settings.rules_path,
            processes=context.settings.intake_reader_processes,
            read_seconds=context.settings.intake_read_seconds,
            gc_thresholds=GC_THRESHOLDS,
        )
        if context.settings.intake_read_in_subprocess
        else InlineReader(context.rulebook)
    )
    processing = ProcessingLoop(
        InboundProcessor(service, reader),
        activity,
        reads_at_once=(
            context.settings.intake_reader_processes if isinstance(reader, SubprocessReader) else 1
        ),
    )
    return IntakePipeline(handler, committer, processing, reader, service, activity)


def build_intake(context: AppContext) -> IntakeHandler:
    """Only the listener's side, for tests of the SMTP conversation itself."""
    return build_pipeline(context).handler
