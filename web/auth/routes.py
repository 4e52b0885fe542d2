"""Signing in and out: the sign-in page, the OpenID Connect redirect and callback, single-use
sign-in links (when no provider is configured) and sign-out."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from store import web_sessions
from store.db import read_scope
from web import csrf, sessions
from web.auth.refused import SignInRefused
from web.deps import WebDeps
from web.paths import site_path
from web.render import Pages

NEXT_KEY = "next"


def auth_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    oidc = None
    if deps.config.oidc:  # Authlib is imported only when a provider is configured
        from web.auth.oidc import OidcSignIn

        oidc = OidcSignIn(deps.config.oidc)

    def sign_in_page(request: Request) -> Response:
        return pages.render(
            request,
            "sign_in.html",
            oidc=deps.config.oidc,
            signed_out=request.query_params.get("signed-out") == "1",
        )

    async def login(request: Request) -> Response:
        if oidc is None:
            return RedirectResponse(site_path(request, "/sign-in"), status_code=303)
        try:
            return await oidc.redirect(request)
        except SignInRefused as refusal:
            return pages.render(
                request, "sign_in_refused.html", reason=str(refusal), status_code=502
            )

    async def callback(request: Request) -> Response:
        if oidc is None:
            return pages.render(request, "not_found.html", status_code=404)
        try:
            email = await oidc.email_from_callback(request)
        except SignInRefused as refusal:
            return pages.render(
                request, "sign_in_refused.html", reason=str(refusal), status_code=403
            )
        return await run_in_threadpool(_signed_in, request, email, "oidc")

    def _signed_in(request: Request, email: str, method: str) -> Response:
        wanted = request.scope["session"].get(NEXT_KEY)
        sessions.begin_signed_in(request, deps, email=email, method=method)
        return RedirectResponse(safe_next(wanted, site_path(request, "/cases")), status_code=303)

    def link_page(request: Request) -> Response:
        if oidc is not None:
            return pages.render(request, "not_found.html", status_code=404)
        token = request.path_params["token"]
        with read_scope(deps.engine) as session:
            email = web_sessions.link_email(session, token=token, now=deps.now())
        if email is None:
            return pages.render(request, "link_used.html", status_code=410)
        sessions.ensure_session(request, deps)
        return pages.render(request, "link.html", email=email, token=token)

    async def use_link(request: Request) -> Response:
        if oidc is not None:
            return pages.render(request, "not_found.html", status_code=404)
        form = await request.form()
        if not csrf.valid(request, form, deps):
            return pages.render(request, "forbidden_form.html", status_code=403)
        token = request.path_params["token"]
        return await run_in_threadpool(_spend_link, request, token)

    def _spend_link(request: Request, token: str) -> Response:
        from store.db import session_scope

        with session_scope(deps.engine) as session:
            email = web_sessions.use_link(session, token=token, now=deps.now())
        if email is None or not deps.roles_of(email):
            return pages.render(request, "link_used.html", status_code=410)
        return _signed_in(request, email, "link")

    async def sign_out(request: Request) -> Response:
        form = await request.form()
        if not csrf.valid(request, form, deps):
            return pages.render(request, "forbidden_form.html", status_code=403)
        await run_in_threadpool(sessions.end, request, deps)
        return RedirectResponse(site_path(request, "/sign-in?signed-out=1"), status_code=303)

    return [
        Route("/sign-in", sign_in_page),
        Route("/auth/login", login),
        Route("/auth/callback", callback),
        Route("/auth/link/{token}", link_page, methods=["GET"]),
        Route("/auth/link/{token}", use_link, methods=["POST"]),
        Route("/auth/sign-out", sign_out, methods=["POST"]),
    ]


def safe_next(wanted: object, otherwise: str) -> str:
    """Only a path on this site: never `//evil.example` or a full address elsewhere."""
    if (
        isinstance(wanted, str)
        and wanted.startswith("/")
        and not wanted.startswith(("//", "/\\"))
        and len(wanted) < 2000
    ):
        return wanted
    return otherwise
