"""Putting intake together from the application context (used by `heard serve` and tests)."""

from __future__ import annotations

from dataclasses import dataclass

from heard.context import AppContext
from heard.wiring import build_case_service
from intake.group_commit import GroupCommitter
from intake.parsing import ParseLimits
from intake.processing import InboundProcessor
from intake.reader import InlineReader, SubprocessReader
from intake.reading_loop import IntakeActivity, ProcessingLoop
from intake.service import IntakeService
from intake.smtp_handler import IntakeHandler


@dataclass
class IntakePipeline:
    """The listener's handler (store, then 250) and the worker that reads what it stored."""

    handler: IntakeHandler
    committer: GroupCommitter
    processing: ProcessingLoop
    reader: InlineReader | SubprocessReader

    @property
    def processor(self) -> InboundProcessor:
        return self.processing.processor

    def close(self) -> None:
        """Stop the child process that reads mail, if there is one."""
        self.reader.close()
        self.processing.executor.shutdown(wait=False)


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


def build_pipeline(context: AppContext) -> IntakePipeline:
    service = build_intake_service(context)
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
        SubprocessReader(context.settings.rules_path)
        if context.settings.intake_read_in_subprocess
        else InlineReader(context.rulebook)
    )
    processing = ProcessingLoop(InboundProcessor(service, reader), activity)
    return IntakePipeline(handler, committer, processing, reader)


def build_intake(context: AppContext) -> IntakeHandler:
    """Only the listener's side, for tests of the SMTP conversation itself."""
    return build_pipeline(context).handler
