"""The staff web view as one Starlette app, built by the composition root (heard/serve.py).

Route functions are small and mostly plain `def`s: Starlette runs those in its thread pool, so
their database work never blocks the event loop the SMTP listener and Slack share.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from web.auth.routes import auth_routes
from web.deps import WebDeps
from web.outage import database_away_page
from web.pages.cases import case_routes
from web.paths import ServedUnder, path_of, route_path, site_path
from web.render import Pages
from web.security import SecurityHeadersMiddleware
from web.sessions import SessionMiddleware
from web.timing import RequestTiming

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("heard.web")


def build_app(deps: WebDeps, *, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """`extra_routes` are endpoints other parts own, wired by the composition root (GOV.UK
    Notify's delivery receipts at /notify/callback): web/ serves them, knowing nothing of them."""
    pages = Pages(deps)

    async def healthz(request: Request) -> Response:
        """The process and its event loop answer (HEARD_WEB_PORT runs without sign-in too)."""
        return PlainTextResponse("ok\n")

    async def home(request: Request) -> Response:
        return RedirectResponse(site_path(request, "/cases"), status_code=303)

    async def not_found(request: Request, exc: Exception) -> Response:
        if route_path(request.scope).startswith("/assets/"):
            return PlainTextResponse("not found\n", status_code=404)
        return pages.render(request, "not_found.html", status_code=404)

    async def server_error(request: Request, exc: Exception) -> Response:
        # The traceback goes to the log at ERROR by Starlette; the page says nothing of it.
        return PlainTextResponse("heard could not show this page. Try again.\n", status_code=500)

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code)

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/", home),
        *auth_routes(deps, pages),
        *case_routes(deps, pages),
        *extra_routes,
        Mount("/assets", app=StaticFiles(directory=STATIC), name="assets"),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(ServedUnder, prefix=path_of(deps.config.base_url)),
            Middleware(RequestTiming),
            Middleware(SecurityHeadersMiddleware, https=deps.config.secure_cookies),
            Middleware(SessionMiddleware, deps=deps),
        ],
        exception_handlers={
            404: not_found,
            405: method_not_allowed,
            500: server_error,
            DBAPIError: database_away_page,
        },
    )
