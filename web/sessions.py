"""Server-side sessions for the staff web view, as ASGI middleware.

The cookie holds a random token; the row (store/web_sessions.py) holds what the session knows.
A session ends after `session_idle` without a request or `session_absolute` after it began,
whichever comes first. Signing in replaces the session (a token planted before sign-in is
worthless after it) and signing out deletes it. `scope["session"]` is the session's small data
dict, which Authlib's Starlette client keeps its OpenID state and nonce in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

import anyio.to_thread
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store import web_sessions
from store.db import session_scope
from store.models import WebSession
from web.deps import WebDeps
from web.paths import route_path

STATE_KEY = "heard.session"
# last_seen_at is written at most this often: a page of requests is one write, not many.
TOUCH_EVERY = timedelta(seconds=60)
# Paths that never need a session (health, readiness and metrics for monitoring, static files).
SESSIONLESS_PREFIXES = ("/assets/", "/healthz", "/readyz", "/metrics")


@dataclass
class SessionState:
    row: WebSession | None
    new_token: str | None = None  # set a cookie with this token
    clear_cookie: bool = False

    @property
    def email(self) -> str | None:
        row = self.row
        return row.email if row is not None and row.signed_in_at is not None else None


def cookie_name(deps: WebDeps) -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and
    # for path /, so no other site under the same domain can plant or read it.
    return "__Host-heard_session" if deps.config.secure_cookies else "heard_session"


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, deps: WebDeps) -> None:
        self.app = app
        self.deps = deps

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or route_path(scope).startswith(SESSIONLESS_PREFIXES):
            await self.app(scope, receive, send)
            return
        token = _cookie(scope, cookie_name(self.deps))
        state = SessionState(row=None)
        if token:
            state.row = await anyio.to_thread.run_sync(self._load, token)
            if state.row is None:
                state.clear_cookie = True
        data: dict[str, Any] = dict(state.row.data) if state.row is not None else {}
        scope[STATE_KEY] = state
        scope["session"] = data
        original = dict(data)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                if scope["session"] != original and (state.row is not None or scope["session"]):
                    await anyio.to_thread.run_sync(self._save, state, scope["session"])
                headers = MutableHeaders(scope=message)
                if state.new_token:
                    headers.append("Set-Cookie", self._cookie_header(state.new_token))
                elif state.clear_cookie:
                    headers.append("Set-Cookie", self._cookie_header("", max_age=0))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, token: str) -> WebSession | None:
        now = self.deps.now()
        with session_scope(self.deps.engine) as session:
            row = web_sessions.load(session, token=token, **expiry_moments(self.deps, now=now))
            if row is not None and now - row.last_seen_at >= TOUCH_EVERY:
                web_sessions.touch(session, row=row, now=now)
            return row

    def _save(self, state: SessionState, data: dict[str, Any]) -> None:
        now = self.deps.now()
        with session_scope(self.deps.engine) as session:
            if state.row is None:
                state.new_token = secrets.token_urlsafe(32)
                state.row = web_sessions.create(
                    session, token=state.new_token, csrf_token=secrets.token_urlsafe(32), now=now
                )
            web_sessions.save(session, row=state.row, data=data, now=now)

    def _cookie_header(self, value: str, *, max_age: int | None = None) -> str:
        age = int(self.deps.config.session_absolute.total_seconds()) if max_age is None else max_age
        parts = [f"{cookie_name(self.deps)}={value}", "Path=/", f"Max-Age={age}", "HttpOnly"]
        # Lax, not Strict: the identity provider's redirect back to /auth/callback is a
        # cross-site navigation that must carry the cookie holding the OpenID state.
        parts.append("SameSite=Lax")
        if self.deps.config.secure_cookies:
            parts.append("Secure")
        return "; ".join(parts)


def expiry_moments(deps: WebDeps, *, now: datetime) -> dict[str, datetime]:
    return {
        "idle_since": now - deps.config.session_idle,
        "created_since": now - deps.config.session_absolute,
    }


def state_of(request: Request) -> SessionState:
    state = request.scope.get(STATE_KEY)
    assert isinstance(state, SessionState), "SessionMiddleware is not installed"
    return state


def ensure_session(request: Request, deps: WebDeps) -> WebSession:
    """The visitor's session, created now if they have none (a form needs its CSRF token)."""
    state = state_of(request)
    if state.row is None:
        token = secrets.token_urlsafe(32)
        with session_scope(deps.engine) as session:
            state.row = web_sessions.create(
                session, token=token, csrf_token=secrets.token_urlsafe(32), now=deps.now()
            )
        state.new_token, state.clear_cookie = token, False
    return state.row


def begin_signed_in(request: Request, deps: WebDeps, *, email: str, method: str) -> None:
    state = state_of(request)
    token = secrets.token_urlsafe(32)
    now = deps.now()
    with session_scope(deps.engine) as session:
        web_sessions.purge_expired(session, **expiry_moments(deps, now=now))
        state.row = web_sessions.sign_in(
            session,
            old=state.row,
            token=token,
            csrf_token=secrets.token_urlsafe(32),
            email=email.lower(),
            method=method,
            now=now,
        )
    request.scope["session"] = {}
    state.new_token, state.clear_cookie = token, False


def end(request: Request, deps: WebDeps) -> None:
    state = state_of(request)
    if state.row is not None:
        with session_scope(deps.engine) as session:
            web_sessions.delete(session, row=state.row)
    state.row, state.new_token, state.clear_cookie = None, None, True
    request.scope["session"] = {}


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            parsed: SimpleCookie = SimpleCookie()
            try:
                parsed.load(value.decode("latin-1"))
            except Exception:
                continue
            if name in parsed:
                return parsed[name].value
    return None
