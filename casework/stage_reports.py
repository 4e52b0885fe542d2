"""Staff upload a statutory stage 2's investigating officer's or independent person's report.
The stage 2 response is the council's decision on both, and the complainant is entitled to a
copy of each with it (Getting the Best from Complaints): heard keeps them with the case, lists
them, audits each read, and the response encloses them only when staff choose."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.enums import ReportKind, Route
from cases.report_files import ReportFile
from casework.service import CaseService, raise_invalid
from store.cases.stage_reports import stage_two
from store.models import Case, StageReport


def attach_report(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    kind: ReportKind,
    report: ReportFile,
    actor: Actor,
    now: datetime,
) -> StageReport:
    """Keep `report` (already checked: cases.report_files) on the case's stage 2. Refused on a
    case that is not statutory or has not reached stage 2. Taken at stage 3 and after closing
    too: a report that comes late (an investigating officer's final version, one found when a
    case is reviewed) is still the stage's record, and the complainant is entitled to it; only
    the stage 2 response encloses reports, so one kept after it is enclosed with nothing
    (LATE_REPORT says so to staff, the same words in the web view and the command line)."""
    stage = stage_two(session, case=case) if case.route == Route.STATUTORY else None
    if stage is None:
        where = case.stage.label.lower() if case.stage else "no stage"
        raise_invalid(
            case,
            f"attach the {kind.label.lower()}: reports belong to a statutory stage 2, "
            f"and this case is at {where}",
        )
    assert case.id is not None and stage.id is not None
    row = StageReport(
        case_id=case.id,
        stage_id=stage.id,
        kind=kind,
        filename=report.filename,
        content_type=report.content_type,
        size=len(report.content),
        sha256=report.sha256,
        content=report.content,
        uploaded_at=now,
        uploaded_by=str(actor)[:80],
    )
    session.add(row)
    session.flush()
    service.note(
        session,
        case=case,
        action=Note.REPORT_ATTACHED,
        actor=actor,
        reason=kind.label,
        after={"report": row.id, "kind": kind.value, "sha256": row.sha256, "file": row.filename,
               "after_response": stage.responded_on is not None},
    )  # fmt: skip
    return row


LATE_REPORT = (
    "the stage 2 response has been sent, so this report is kept for the record and enclosed "
    "with nothing: send the complainant a copy yourself"
)


def after_the_response(session: Session, *, case: Case) -> bool:
    """Whether the case's stage 2 response is recorded: a report kept now goes with no letter."""
    stage = stage_two(session, case=case)
    return stage is not None and stage.responded_on is not None
