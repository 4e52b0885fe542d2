"""The door to every case page: signed in, with a role, or sent to sign in (and back after);
and the answer to a form sent after the session ended."""

from __future__ import annotations

import logging

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.refusals import record_refusal
from store.db import session_scope
from store.outage import database_away, outage_cause
from web.auth.routes import NEXT_KEY
from web.csrf import FIELD as CSRF_FIELD
from web.csrf import origin_allowed
from web.deps import WebDeps
from web.paths import site_path
from web.render import Pages
from web.staff import Staff, signed_in

log = logging.getLogger("heard.web")


def staff_or_refusal(request: Request, deps: WebDeps, pages: Pages) -> Staff | Response:
    staff = signed_in(request, deps)
    if staff is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        request.scope["session"][NEXT_KEY] = wanted
        return RedirectResponse(site_path(request, "/sign-in"), status_code=303)
    if not staff.may_read_cases:
        _record_refused_read(request, deps, staff)
        return pages.render(request, "no_access.html", staff=staff, status_code=403)
    return staff


def _record_refused_read(request: Request, deps: WebDeps, staff: Staff) -> None:
    """Someone the provider signed in but the rule file gives no role asked for cases: the
    audit log keeps who, when and which case (on its trail), as it keeps a refusal in Slack.
    Before, nothing was kept: a leaver still able to sign in, trying a case, left no trace."""
    reference = str(request.path_params.get("reference", "")).strip().upper()
    what = "open the case" if reference else f"open {request.url.path[:80]}"
    try:
        with session_scope(deps.engine) as session:
            record_refusal(
                session, reference=reference or None, actor=staff.actor, what=what, now=deps.now()
            )
    except Exception as error:
        # The answer is 'no access' whether or not it could be written down: a 503's 'try
        # again in a minute' would only invite the same refusal. The log says it went unkept.
        if not database_away(error):
            raise
        route = request.scope.get("route")
        log.warning(
            "web refusal on %s not recorded in the audit log: %s (%s)",
            getattr(route, "path", "?"),  # the route's pattern: no reference, no name
            outage_cause(error),
            type(error).__name__,
        )


def form_refused(request: Request, form: FormData, deps: WebDeps, pages: Pages) -> Response:
    """The answer to a staff form whose CSRF token does not hold. A same-site form sent after
    the session ended (HEARD_WEB_SESSION_IDLE_MINUTES without a click: a phone call typed up
    in 'Log a phone call' takes that long) says so, shows what was typed so that it can be
    copied, and signs in back to the form; before, it got the page for a form from another
    site ('reload the page and try again'), and the typing was lost (walkerI). Anything else
    (another site's post, a stale token in a live session) still gets that page."""
    same_site = request.headers.get("origin") is not None and origin_allowed(request, deps)
    if signed_in(request, deps) is not None or not same_site:
        return pages.render(request, "forbidden_form.html", status_code=403)
    request.scope["session"][NEXT_KEY] = request.url.path  # the form's own page, to start again
    typed = [
        (name, value)
        for name, value in form.multi_items()
        if isinstance(value, str) and value.strip() and name not in (CSRF_FIELD, "confirm")
    ]
    minutes = int(deps.config.session_idle.total_seconds() // 60)
    return pages.render(
        request, "signed_out_form.html", status_code=403, typed=typed, minutes=minutes
    )
