"""A case page (`/cases/REF`) and its attachments: everything staff need to read a case, each
view written to the audit log before the page is shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cases.day_words import long_moment
from cases.deadline_standing import FAMILY_WINDOWS, DeadlineStanding, Standing, standing_of
from cases.enums import AuditAction, ComplainantType, label_of
from cases.triage_notes import triage_notes
from casework.stage_facts import remedies_on_no_stage, stage_facts
from casework.stage_three import panel_timing
from casework.trail import trail_line
from store.cases.case_file import CaseFile, attachment_content, case_file
from store.cases.queries import get_case
from store.cases.stage_reports import report_content
from store.db import session_scope
from store.models import Case, Deadline
from web.actions.offered import offered
from web.deps import WebDeps
from web.guard import staff_or_refusal
from web.render import Pages
from web.views_audit import record_view

FLASH_KEY = "flash"
REFERENCE = re.compile(r"[A-Z][A-Z0-9]{0,9}-\d{4}-\d{1,9}")
SAFE_CONTENT_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]{1,100}")


@dataclass(frozen=True)
class DeadlineRow:
    rule: str
    due_text: str
    extended: str | None
    standing: DeadlineStanding

    @property
    def overdue(self) -> bool:
        return self.standing.standing is Standing.OVERDUE


def case_page_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    def case_page(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        reference = request.path_params["reference"].strip().upper()
        if not REFERENCE.fullmatch(reference):
            return pages.render(request, "not_found.html", staff=staff, status_code=404)
        with session_scope(deps.engine) as session:
            case = get_case(session, reference=reference)
            if case is None:
                return pages.render(
                    request,
                    "not_found.html",
                    staff=staff,
                    status_code=404,
                    message=f"There is no case {reference}.",
                )
            record_view(session, deps, staff=staff, action=AuditAction.CASE_VIEWED, case_id=case.id)
            session.flush()
            found = case_file(session, case=case)
            offer = offered(deps, session, found=found, staff=staff)
            # the card's words for a panel outside its timescale (casework.stage_three)
            panel = panel_timing(session, case, today=deps.today(), calendar=deps.calendar)
        return pages.render(
            request, "case.html", staff=staff, nav="cases", actions=offer.actions,
            flash=request.scope["session"].pop(FLASH_KEY, None), panel_timing=panel,
            **case_context(found, deps=deps),
        )  # fmt: skip

    def attachment(request: Request) -> Response:
        def read(session: Session, case: Case, number: int) -> Kept:
            stored, content = attachment_content(session, case=case, number=number)
            return Kept(content, stored.content_type, stored.filename, stored.sha256)

        return kept_file(request, "attachment", AuditAction.ATTACHMENT_DOWNLOADED, read)

    def report(request: Request) -> Response:
        def read(session: Session, case: Case, number: int) -> Kept:
            stored, content = report_content(session, case=case, number=number)
            return Kept(content, stored.content_type, stored.filename, stored.sha256)

        return kept_file(request, "report", AuditAction.REPORT_DOWNLOADED, read)

    def kept_file(
        request: Request,
        what: str,
        action: AuditAction,
        read: Callable[[Session, Case, int], Kept],
    ) -> Response:
        """A file kept with a case, always as a download, its read audited first."""
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        reference = request.path_params["reference"].strip().upper()
        number = request.path_params["number"]
        with session_scope(deps.engine) as session:
            case = (
                get_case(session, reference=reference) if REFERENCE.fullmatch(reference) else None
            )
            if case is None:
                return pages.render(request, "not_found.html", staff=staff, status_code=404)
            try:
                stored = read(session, case, number)
            except LookupError as error:
                return pages.render(
                    request, "not_found.html", staff=staff, status_code=404, message=str(error)
                )
            record_view(
                session,
                deps,
                staff=staff,
                action=action,
                case_id=case.id,
                details={what: number, "sha256": stored.sha256},
            )
        content = stored.content
        content_type = stored.content_type.lower()
        if not SAFE_CONTENT_TYPE.fullmatch(content_type):
            content_type = "application/octet-stream"
        return Response(
            content,
            media_type=content_type,
            headers={
                # Always a download, never shown in heard's own origin: a complainant's HTML
                # or SVG attachment must not run as heard.
                "Content-Disposition": f'attachment; filename="{download_name(stored.filename, number)}"',
                "Content-Security-Policy": "sandbox; default-src 'none'",
            },
        )

    return [
        Route("/cases/{reference}", case_page),
        Route("/cases/{reference}/attachments/{number:int}", attachment),
        Route("/cases/{reference}/reports/{number:int}", report),
    ]


@dataclass(frozen=True)
class Kept:
    """A file kept with a case, as its download sends it."""

    content: bytes
    content_type: str
    filename: str | None
    sha256: str


def download_name(filename: str | None, number: int) -> str:
    """A file name safe in a header: the original's letters, digits, dots and dashes."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", filename or "")[:120].strip("._")
    return cleaned or f"attachment-{number}"


def case_context(found: CaseFile, *, deps: WebDeps) -> dict[str, Any]:
    case = found.case
    today = deps.today()
    zone = deps.zone

    def local(moment: datetime) -> str:
        return long_moment(moment.astimezone(zone))

    complainant_type = case.complainant_type
    if complainant_type == ComplainantType.UNKNOWN:
        complainant_type = next(
            (p.complainant_type for p in found.people if p.role.value == "complainant"),
            complainant_type,
        )
    notes = triage_notes(
        case.triage_decision,
        confirmed=case.triage_confirmed_at is not None,
        issue_rules=[issue.rule_id for _, issue, _ in found.issues],
        out_of_time=case.out_of_time,
        event_dated=case.event_on is not None,
    )
    return {
        "case": case,
        "assigned_to": (
            deps.directory.organisation.who(case.assignee) if case.assignee else None
        ),
        "found": found,
        "received": local(case.received_at),
        "complainant_type": label_of(complainant_type),
        "people": found.people,
        "children": found.children,
        "messages": [
            {
                "message": message,
                "at": local(message.at),
                "iso": message.at.isoformat(),
                # a note's author as staff know them (a sender is the family's own address)
                "author": deps.directory.organisation.who(message.author)
                if message.author
                else None,
            }
            for message in reversed(found.messages)
        ],
        "issues": [
            {
                "number": number,
                "category": deps.directory.category_label(issue.category),
                "team": deps.directory.team_name(issue.team_id)
                if issue.team_id
                else "Triage queue",
                "outcome": issue.outcome.label if issue.outcome else "No outcome yet",
                "history": history,
            }
            for number, issue, history in found.issues
        ],
        "deadlines": [
            deadline_row(deadline, deps=deps, today=today) for deadline in found.deadlines
        ],
        # the stages as `heard cases show` gives them (casework.stage_facts), one summary each
        "stages": stage_facts(found, who=deps.directory.organisation.who),
        "unstaged_remedies": remedies_on_no_stage(found),
        "reports": [{"report": row, "at": local(row.uploaded_at)} for row in found.reports],
        "triage_fired": notes.reasons,
        "triage_uncertain": notes.doubts,
        "triage_decided_doubts": notes.decided_doubts,
        "time_limit": notes.time_limit,
        "audit": [
            {
                "at": local(line.at),
                "iso": line.at.isoformat(),
                "actor": line.who,
                "action": line.what,
                "reason": line.reason,
            }
            for line in (
                trail_line(entry, organisation=deps.directory.organisation)
                for entry in reversed(found.audit)
            )
        ],
    }


def deadline_row(deadline: Deadline, *, deps: WebDeps, today: Any) -> DeadlineRow:
    due = deadline.effective_due
    return DeadlineRow(
        rule=label_of(deadline.rule),
        due_text=due.strftime("%-d %B %Y"),
        extended=(
            f"extended from {deadline.due_on:%-d %B %Y}, agreed {deadline.extension_agreed_on:%-d %B %Y}"
            if deadline.extended_to and deadline.extension_agreed_on
            else None
        ),
        standing=standing_of(
            due=due,
            met_on=deadline.met_on,
            paused_on=deadline.paused_on,
            cancelled=deadline.cancelled,
            today=today,
            calendar=deps.calendar,
            family_window=deadline.rule in FAMILY_WINDOWS,
        ),
    )
