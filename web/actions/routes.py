"""`/cases/REF/actions/NAME`: each action's form (GET), then on POST: the answers checked,
errors shown beside their fields; letters previewed; done, back to the case with a banner."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cases.sizes import size_text
from casework.reading import record_read
from store.cases.case_file import case_file
from store.cases.queries import get_case
from store.db import read_scope, session_scope
from web import csrf
from web.actions import fields as form_fields
from web.actions.catalogue import BY_SLUG, Act, WebAction
from web.actions.offered import offered
from web.actions.running import run
from web.deps import WebDeps
from web.form_size import read_form, too_large
from web.guard import form_refused, staff_or_refusal
from web.outage import DATABASE_AWAY, unless_database_away
from web.pages.case_page import FLASH_KEY, REFERENCE
from web.paths import site_path
from web.render import Pages
from web.staff import Staff


def action_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    def form_page(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        found = _action_and_fields(request, deps, staff)
        if found is None:
            return pages.render(request, "not_found.html", staff=staff, status_code=404)
        action, fields, reference, not_open = found
        if not_open:
            return _not_open(request, pages, staff=staff, action=action, reference=reference,
                             why=not_open)  # fmt: skip
        if action.shows_details:
            _details_shown(deps, reference=reference, staff=staff, slug=action.slug)
        return _form(request, pages, staff=staff, action=action, fields=fields, reference=reference,
                     typed=form_fields.blank(fields, today=deps.today()), errors={})  # fmt: skip

    async def submit(request: Request) -> Response:
        limit = deps.config.attachment_max_bytes
        if too_large(request, files=1, file_bytes=limit):  # before anything is spooled
            return pages.render(request, "too_large.html", status_code=413,
                                limit=size_text(limit))  # fmt: skip
        # one file at most (a stage 2 report), refused beside its field if too large
        form = await read_form(request, pages, max_files=1)
        if isinstance(form, Response):
            return form
        try:
            if not csrf.valid(request, form, deps):
                return form_refused(request, form, deps, pages)
            return await run_in_threadpool(_submit, request, form)
        finally:
            await form.close()  # an upload's temporary file

    def _submit(request: Request, form: Any) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        found = _action_and_fields(request, deps, staff)
        if found is None:
            return pages.render(request, "not_found.html", staff=staff, status_code=404)
        # A form opened before the case moved on is answered by the procedure's own refusal.
        action, fields, reference, _ = found
        answers = form_fields.read(fields, form, today=deps.today())
        if action.check is not None:  # every problem at once, as GOV.UK forms say them
            for name, message in action.check(answers.values).items():
                answers.refuse(name, message)
        if answers.errors:
            return _form(request, pages, staff=staff, action=action, fields=fields,
                         reference=reference, typed=answers.typed, errors=answers.errors)  # fmt: skip
        result = unless_database_away(
            lambda: run(deps, reference=reference, action=action, staff=staff,
                        values=answers.values, confirmed=form.get("confirm") == "yes"),
            form=action.slug,
        )  # fmt: skip
        if result is None:
            return _form(request, pages, staff=staff, action=action, fields=fields,
                         reference=reference, typed=answers.typed,
                         errors={action.error_field or "main-content": DATABASE_AWAY},
                         status_code=503)  # fmt: skip
        if result.missing:
            return pages.render(request, "not_found.html", staff=staff, status_code=404)
        if result.refused:
            field = result.refused_field or action.error_field or "main-content"
            return _form(request, pages, staff=staff, action=action, fields=fields,
                         reference=reference, typed=answers.typed,
                         errors={field: result.refused}, status_code=400)  # fmt: skip
        if result.letters:
            return pages.render(
                request, "action_preview.html", staff=staff, nav="cases", action=action,
                reference=reference, letters=result.letters,
                hidden=[(name, value) for name, value in form.multi_items()
                        if name not in ("csrf_token", "confirm") and isinstance(value, str)],
            )  # fmt: skip
        request.scope["session"][FLASH_KEY] = result.done
        return RedirectResponse(site_path(request, f"/cases/{reference}"), status_code=303)

    return [
        Route("/cases/{reference}/actions/{slug}", form_page, methods=["GET"]),
        Route("/cases/{reference}/actions/{slug}", submit, methods=["POST"]),
    ]


def _action_and_fields(
    request: Request, deps: WebDeps, staff: Staff
) -> tuple[WebAction, tuple[Any, ...], str, str | None] | None:
    """The action, its fields for this case, the reference, and why the case does not offer
    the action now (None if it does)."""
    reference = request.path_params["reference"].strip().upper()
    action = BY_SLUG.get(request.path_params["slug"])
    if action is None or not REFERENCE.fullmatch(reference):
        return None
    with read_scope(deps.engine) as session:
        case = get_case(session, reference=reference)
        if case is None:
            return None
        now = deps.now()
        act = Act(deps, deps.cases, session, case, staff.actor, deps.calendar.local_date(now), now)
        found = case_file(session, case=case, text_limit=0)
        not_open = offered(deps, session, found=found, staff=staff).why_not(
            action, deps=deps, found=found
        )
        return action, action.fields_for(act), reference, not_open


def _details_shown(deps: WebDeps, *, reference: str, staff: Staff, slug: str) -> None:
    """The form about to be shown holds the complainant's contact details: a read of the case
    (who, when, which form), as the case page and Slack's opener record theirs; a summary read,
    so the case stays in the reading queue."""
    with session_scope(deps.engine) as session:
        record_read(session, reference=reference, actor=staff.actor, at=deps.now(),
                    where=f"web {slug} form", summary_only=True)  # fmt: skip


def _not_open(
    request: Request,
    pages: Pages,
    *,
    staff: Staff,
    action: WebAction,
    reference: str,
    why: str,
) -> Response:
    return pages.render(
        request, "action_not_open.html", staff=staff, nav="cases", action=action,
        reference=reference, why=why,
    )  # fmt: skip


def _form(
    request: Request,
    pages: Pages,
    *,
    staff: Staff,
    action: WebAction,
    fields: tuple[Any, ...],
    reference: str,
    typed: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    dates = {spec.name for spec in fields if spec.kind is form_fields.Kind.DATE}
    summary = [
        {"text": message, "href": f"#{name}-day" if name in dates else f"#{name}"}
        for name, message in errors.items()
    ]
    return pages.render(
        request, "action.html", staff=staff, nav="cases", action=action, fields=fields,
        reference=reference, typed=typed, field_errors=errors, errors=summary,
        status_code=status_code if not errors or status_code != 200 else 400,
    )  # fmt: skip
