"""Attach a stage 2 report: the investigating officer's or the independent person's, as a file
(the form's one upload), checked as `heard case REF attach-report` checks it (cases.report_files:
a PDF, Word, OpenDocument or RTF file within HEARD_ATTACHMENT_MAX_BYTES), each problem next to
the file field. Offered on a statutory case that has reached stage 2 (WebAction.needs)."""

from __future__ import annotations

from typing import Any

from cases.enums import ReportKind
from cases.permissions import StaffAction
from cases.report_files import ACCEPTED, ReportFileError, check_size, checked_report
from cases.sizes import size_text
from web.actions import usecases
from web.actions.base import Act, RefusedField, WebAction
from web.actions.fields import Field, Kind


def _fields(act: Act) -> tuple[Field, ...]:
    limit = size_text(act.deps.config.attachment_max_bytes)
    return (
        Field("kind", "Whose report it is", Kind.RADIOS,
              choices=tuple((kind.value, kind.label) for kind in ReportKind)),
        Field("report", "The report", Kind.FILES, required=False,
              hint=f"One {ACCEPTED} file, at most {limit}. " + (
                  LATE_HINT if usecases.after_the_response(act.session, case=act.case)
                  else "A later upload of the same report replaces it in the stage 2 response.")),
    )  # fmt: skip


LATE_HINT = (
    "The stage 2 response has been sent: a report kept now is for the record and goes with no "
    "letter, so send the complainant a copy yourself."
)


def _attach(act: Act, values: dict[str, Any]) -> str:
    uploads = values.get("report") or []
    if len(uploads) != 1:
        raise RefusedField(
            "report",
            usecases.ProcedureError("Choose the report's file" if not uploads else "Choose one file"),
        )
    upload, limit = uploads[0], act.deps.config.attachment_max_bytes
    try:
        check_size(upload.size or 0, max_bytes=limit)  # as spooled: nothing read yet
        report = checked_report(upload.filename or "", upload.file.read(), max_bytes=limit)
    except ReportFileError as error:
        message = str(error)
        raise RefusedField(
            "report", usecases.ProcedureError(message[:1].upper() + message[1:])
        ) from None
    kind = ReportKind(values["kind"])
    usecases.attach_report(
        act.service, act.session, case=act.case, kind=kind, report=report, actor=act.actor,
        now=act.now,
    )  # fmt: skip
    kept = f"{kind.label} kept ({report.filename})"
    if usecases.after_the_response(act.session, case=act.case):
        return f"{kept}: {usecases.LATE_REPORT}"
    return kept


ATTACH_REPORT = WebAction(
    "attach-report", "Attach a stage 2 report", StaffAction.ATTACH_REPORT, None, _fields,
    _attach, "kind", button="Attach it", needs="stage_two",
)  # fmt: skip
