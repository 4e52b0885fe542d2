"""CSRF protection for every form: a per-session token in a hidden field, checked on POST,
and the request's Origin (when the browser sends one) must be heard's own.

A cross-site POST carries neither the token (the other site cannot read our pages) nor our
Origin, so it changes nothing. SameSite=Lax on the session cookie is a second line.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request

from web.deps import WebDeps
from web.sessions import state_of

FIELD = "csrf_token"


def origin_allowed(request: Request, deps: WebDeps) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True  # older browsers send no Origin on same-origin POSTs; the token decides
    allowed = {f"{request.url.scheme}://{request.url.netloc}"}
    if deps.config.base_url:
        parts = urlsplit(deps.config.base_url)
        allowed.add(f"{parts.scheme}://{parts.netloc}")
    return origin in allowed


def valid(request: Request, form: FormData, deps: WebDeps) -> bool:
    row = state_of(request).row
    given = form.get(FIELD)
    if row is None or not isinstance(given, str) or not origin_allowed(request, deps):
        return False
    return hmac.compare_digest(given.encode(), row.csrf_token.encode())
