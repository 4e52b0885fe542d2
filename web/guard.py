"""The door to every case page: signed in, with a role, or sent to sign in (and back after)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.auth.routes import NEXT_KEY
from web.deps import WebDeps
from web.render import Pages
from web.staff import Staff, signed_in


def staff_or_refusal(request: Request, deps: WebDeps, pages: Pages) -> Staff | Response:
    staff = signed_in(request, deps)
    if staff is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        request.scope["session"][NEXT_KEY] = wanted
        return RedirectResponse("/sign-in", status_code=303)
    if not staff.may_read_cases:
        return pages.render(request, "no_access.html", staff=staff, status_code=403)
    return staff
