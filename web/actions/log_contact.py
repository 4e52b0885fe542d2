"""`/contacts/new`: log a phone call, letter, visit or web form as a new case, with the day it
was received and its attachments. The same use case as Slack's /complaint, and triage runs as
for mail (a safeguarding match is referred to the MASH at once)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cases.enums import Channel, Direction, RecordKind
from cases.permissions import StaffAction, allowed, refusal
from cases.sizes import size_text
from org.addresses import is_email, is_phone
from store.db import session_scope
from store.models import Attachment, Correspondence
from web import csrf
from web.actions import fields as form_fields
from web.actions import usecases
from web.actions.fields import Field, Kind
from web.deps import WebDeps
from web.form_size import read_form, too_large
from web.guard import form_refused, staff_or_refusal
from web.outage import DATABASE_AWAY, unless_database_away
from web.pages.case_page import FLASH_KEY
from web.paths import site_path
from web.render import Pages
from web.staff import Staff

CHANNELS = (Channel.TELEPHONE, Channel.LETTER, Channel.IN_PERSON, Channel.WEB_FORM, Channel.EMAIL)
KINDS = (RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT, RecordKind.PROFESSIONAL_COMPLAINT,
         RecordKind.ENQUIRY, RecordKind.COMMENT, RecordKind.COMPLIMENT)  # fmt: skip
MAX_FILES = 10
FIELDS = (
    Field("channel", "How it came", Kind.RADIOS, choices=tuple((c.value, c.label) for c in CHANNELS)),
    Field("kind", "What it is", Kind.RADIOS, choices=tuple((k.value, k.label) for k in KINDS)),
    Field("received", "The day it was received", Kind.DATE, hint="For example, 27 3 2026",
          today_by_default=True),
    Field("name", "Their name", max_length=200),
    Field("email", "Their email address", required=False, max_length=320),
    Field("phone", "Their phone number", required=False, max_length=40),
    Field("child", "The child it is about", required=False, max_length=200),
    Field("text", "What they said", Kind.TEXTAREA, max_length=20000),
    Field("attachments", "Attachments", Kind.FILES, required=False,
          hint="A scanned letter or a call log; up to 10 files"),
)  # fmt: skip


class _Action:
    """What the form template reads of an action."""

    title = "Log a contact"
    button = "Log it"


def contact_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    def page(
        request: Request, staff: Staff, *, typed: dict[str, Any], errors: dict[str, str]
    ) -> Response:
        dates = {"received"}
        # in the order of the fields on the page (GOV.UK's error summary), whichever check
        # found each: the email, phone and date checks run after the fields are read
        order = {spec.name: position for position, spec in enumerate(FIELDS)}
        summary = [
            {"text": m, "href": f"#{n}-day" if n in dates else f"#{n}"}
            for n, m in sorted(errors.items(), key=lambda item: order.get(item[0], len(order)))
        ]
        return pages.render(
            request, "action.html", staff=staff, nav="cases", action=_Action, fields=FIELDS,
            reference=None, typed=typed, field_errors=errors, errors=summary,
            status_code=400 if errors else 200,
        )  # fmt: skip

    def form_page(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        if not allowed(StaffAction.LOG_CONTACT, staff.roles):
            return pages.render(request, "no_access.html", staff=staff, status_code=403)
        return page(request, staff, typed=form_fields.blank(FIELDS, today=deps.today()), errors={})

    async def submit(request: Request) -> Response:
        limit = deps.config.attachment_max_bytes
        if too_large(request, files=MAX_FILES, file_bytes=limit):  # before anything is spooled
            return pages.render(request, "too_large.html", status_code=413,
                                limit=size_text(limit))  # fmt: skip
        form = await read_form(
            request, pages, max_files=MAX_FILES, max_fields=50, max_part_size=limit
        )
        if isinstance(form, Response):
            return form
        try:
            if not csrf.valid(request, form, deps):
                return form_refused(request, form, deps, pages)
            return await run_in_threadpool(_submit, request, form)
        finally:
            await form.close()  # the uploads' temporary files

    def _submit(request: Request, form: Any) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        if not allowed(StaffAction.LOG_CONTACT, staff.roles):
            return pages.render(request, "sign_in_refused.html", staff=staff, status_code=403,
                                reason=refusal(StaffAction.LOG_CONTACT))  # fmt: skip
        answers = form_fields.read(FIELDS, form, today=deps.today())
        received = answers.values.get("received")
        today = deps.today()
        if received is not None and received > today:
            answers.refuse("received", "The day it was received must be today or in the past")
        email = answers.values.get("email")
        if email and not is_email(email):
            answers.refuse("email", "Enter an email address in the form name@example.org")
        phone = answers.values.get("phone")
        if phone and not is_phone(phone):
            answers.refuse("phone", "Enter a phone number of digits and spaces, like 01632 960001")
        uploads: list[UploadFile] = answers.values.get("attachments") or []
        limit = deps.config.attachment_max_bytes
        for upload in uploads:  # spooled to disk, whatever its size: refused before it is read
            size = upload.size if upload.size is not None else upload.file.seek(0, 2)
            upload.file.seek(0)
            if size > limit:
                answers.refuse(
                    "attachments",
                    f"{upload.filename or 'A file'} is {size_text(size)}: each file may be at "
                    f"most {size_text(limit)}",
                )
        if answers.errors:
            return page(request, staff, typed=answers.typed, errors=answers.errors)
        reference = unless_database_away(
            lambda: _log(deps, staff=staff, values=answers.values, uploads=uploads),
            form="log-contact",
        )
        if reference is None:
            again = " (choose the files again: a browser cannot keep them)" if uploads else ""
            return page(request, staff, typed=answers.typed, errors={"text": DATABASE_AWAY + again})
        request.scope["session"][FLASH_KEY] = f"Logged as {reference}"
        return RedirectResponse(site_path(request, f"/cases/{reference}"), status_code=303)

    return [
        Route("/contacts/new", form_page, methods=["GET"]),
        Route("/contacts/new", submit, methods=["POST"]),
    ]


def _log(deps: WebDeps, *, staff: Staff, values: dict[str, Any], uploads: list[UploadFile]) -> str:
    moment = deps.calendar.moment_on(values["received"], deps.now())
    with session_scope(deps.engine) as session:
        case = usecases.log_contact(
            deps.cases, session, actor=staff.actor, now=moment,
            contact=usecases.LoggedContact(
                channel=Channel(values["channel"]), record_kind=RecordKind(values["kind"]),
                name=values["name"], email=values.get("email"), phone=values.get("phone"),
                child=values.get("child"), text=values["text"],
            ),
        )  # fmt: skip
        note_id = session.exec(
            select(Correspondence.id).where(
                Correspondence.case_id == case.id,
                Correspondence.direction == Direction.INTERNAL,
            )
        ).first()
        assert note_id is not None  # log_contact keeps what was said as an internal note
        for upload in uploads:
            content = upload.file.read()
            session.add(
                Attachment(
                    correspondence_id=note_id, filename=(upload.filename or "")[:255] or None,
                    content_type=(upload.content_type or "application/octet-stream")[:255],
                    size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content,
                )
            )  # fmt: skip
        deps.triage_logged_contact(session, case=case, text=values["text"], now=moment)
        return case.reference
