"""Mail in, put together: the listener's handler (store, then 250), the group committer under
it, and the worker that reads what was stored, sharing one IntakeService with the Microsoft
365 mailbox reader. heard/assembly.py chooses the reader and the limits from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from intake.group_commit import GroupCommitter
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
    service: IntakeService  # the Graph mailbox reader stores through it too
    activity: IntakeActivity

    @property
    def processor(self) -> InboundProcessor:
        return self.processing.processor

    def close(self) -> None:
        """Stop the child process that reads mail, if there is one."""
        self.reader.close()
        self.processing.close()


def assemble(
    service: IntakeService,
    reader: InlineReader | SubprocessReader,
    *,
    max_recipients: int,
    lmtp: bool,
) -> IntakePipeline:
    """A reading child process reads as many messages at once as it has processes."""
    activity = IntakeActivity()
    committer = GroupCommitter(service.deliver_many)
    handler = IntakeHandler(
        store=committer.store,
        mailbox_kind=service.mailbox_kind,
        max_recipients=max_recipients,
        lmtp=lmtp,
        on_stored=activity.delivered,
    )
    processing = ProcessingLoop(
        InboundProcessor(service, reader),
        activity,
        reads_at_once=reader.processes if isinstance(reader, SubprocessReader) else 1,
    )
    return IntakePipeline(handler, committer, processing, reader, service, activity)
