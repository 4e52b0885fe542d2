"""`heard case REF attach-report --kind io|ip FILE`: keep a statutory stage 2's investigating
officer's or independent person's report with the case (casework.stage_reports), checked as the
web form checks it (cases.report_files). `heard cases report REF N -o FILE` reads one back."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Annotated

import typer

from cli.case.common import Act, As, OneLineCommand, app, choice, run
from cli.common import fail


@app.command("attach-report", cls=OneLineCommand)
def attach_report(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The report: PDF, .docx, .doc, .odt or .rtf.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="io (the investigating officer's) or ip (the independent person's)."
        ),
    ],
    as_: As = None,
) -> None:
    """Keep stage 2's investigating officer's (io) or independent person's (ip) report."""
    from cases.enums import ReportKind
    from cases.report_files import ReportFileError, check_size, checked_report
    from casework.stage_reports import LATE_REPORT, after_the_response
    from casework.stage_reports import attach_report as keep

    chosen = choice(kind, ReportKind, option="--kind")

    def act(a: Act) -> str:
        limit = a.context.settings.attachment_max_bytes
        content = _read_at_most(file, limit + 1)  # one byte over says it is too large
        try:
            check_size(_size(file) or len(content), max_bytes=limit)
            report = checked_report(file.name, content, max_bytes=limit)
        except ReportFileError as error:
            raise fail(f"{file}: {error}") from None
        row = keep(
            a.service, a.session, case=a.case, kind=chosen, report=report, actor=a.actor, now=a.now
        )
        kept = f"{a.case.reference}: {chosen.label.lower()} kept ({row.filename}, {row.size} bytes)"
        return kept + (f"; {LATE_REPORT}" if after_the_response(a.session, case=a.case) else "")

    run(ctx, None, as_, act)


def _read_at_most(file: Path, limit: int) -> bytes:
    """The file's first `limit` bytes: a huge file, a device (/dev/zero) or a pipe is never
    read whole into memory, only far enough to refuse it."""
    try:
        with file.open("rb") as handle:
            return handle.read(limit)
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror}") from None


def _size(file: Path) -> int | None:
    """A regular file's size, to say how large it is; None for a device or a pipe (then what
    was read, one byte over the limit at most, is measured)."""
    try:
        status = file.stat()
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None
