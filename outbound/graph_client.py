"""Microsoft Graph with an app-only token: the one connection both the mailbox reader
(intake/graph_source.py) and the Graph mail transport (outbound/transports.py) go through.

Written on aiohttp rather than a Microsoft SDK: MSAL and the Graph SDK insist on https and on
instance discovery against Microsoft's hosts, so a stand-in on http://127.0.0.1 (tests, a
council's trial) could never be used. What the SDKs would do for us is done here, small:
- the client-credentials token (a secret, or a certificate's signed JWT assertion), renewed
  a few minutes before it expires and at once when Graph answers 401;
- 429 and 503 answered by waiting the Retry-After Graph gives, then asking again;
- at most `max_concurrent` requests in flight (Graph throttles a mailbox beyond four).
The secret and the token never appear in an exception or a log line.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from outbound.http_session import LazySession, json_or_empty
from telemetry import GRAPH_THROTTLED

log = logging.getLogger("heard.graph")

MAX_CONCURRENT_REQUESTS = 4
RENEW_BEFORE_SECONDS = 300  # a token this close to expiry is renewed before it is used
MAX_RETRY_AFTER_SECONDS = 300.0
THROTTLE_ATTEMPTS = 6
REQUEST_TIMEOUT_SECONDS = 60


# Called before each attempt of a request that could send a letter: raises (ClaimLost, in
# outbound/transports.py) once the outbox row is another worker's, so nothing more goes for it.
Keep = Callable[[], Awaitable[None]]


class GraphError(Exception):
    """Graph refused a request; `status` and Graph's error `code`, never the request body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"Graph answered {status} {code}: {message[:200]}")
        self.status = status
        self.code = code


class SyncStateLost(GraphError):
    """410 Gone on a delta link (SyncStateNotFound): the mailbox must be read again in full."""


class TokenRefused(GraphError):
    """The identity platform gave no token: a setting is wrong, never the message being sent
    (a letter waiting on it is retried, not failed for good), named in the message and in
    `setting` (`heard config check` starts its line with it)."""

    def __init__(self, status: int, code: str, *, setting: str, why: str) -> None:
        super().__init__(status, code, f"check {setting}: {why}")
        self.setting = setting
        self.why = why


# The identity platform's AADSTS codes that point at one setting.
_TOKEN_SETTINGS = {
    "AADSTS7000215": "HEARD_GRAPH_CLIENT_SECRET",  # invalid client secret
    "AADSTS7000222": "HEARD_GRAPH_CLIENT_SECRET",  # the secret has expired
    "AADSTS700027": "HEARD_GRAPH_CERTIFICATE_PATH",  # the assertion's signature is not known
    "AADSTS700016": "HEARD_GRAPH_CLIENT_ID",  # no such app in the tenant
    "AADSTS90002": "HEARD_GRAPH_TENANT_ID",  # no such tenant
    "AADSTS900023": "HEARD_GRAPH_TENANT_ID",  # not a tenant id or domain
    "AADSTS1002012": "HEARD_GRAPH_API_URL",  # the scope ({API_URL}/.default) is not valid
    "AADSTS500011": "HEARD_GRAPH_API_URL",  # no resource at that scope in the tenant
}


def token_setting(description: str, *, certificate: bool) -> str:
    """Which setting a refused token request points at, for the one log line."""
    for code, setting in _TOKEN_SETTINGS.items():
        if description.startswith(code + ":") or description.startswith(code + " "):
            return setting
    credential = "HEARD_GRAPH_CERTIFICATE_PATH" if certificate else "HEARD_GRAPH_CLIENT_SECRET"
    return f"HEARD_GRAPH_TENANT_ID, HEARD_GRAPH_CLIENT_ID and {credential}"


@dataclass(frozen=True)
class GraphCredentials:
    """An Entra ID app registration allowed to use one mailbox (HEARD_GRAPH_* settings)."""

    tenant_id: str
    client_id: str
    client_secret: str | None = None
    certificate_path: Path | None = None  # PEM holding the private key and its certificate
    login_url: str = "https://login.microsoftonline.com"
    api_url: str = "https://graph.microsoft.com"

    def __repr__(self) -> str:  # never the secret, in a log line or a traceback
        how = "certificate" if self.certificate_path else "secret"
        return (
            f"GraphCredentials(tenant_id={self.tenant_id!r}, client_id={self.client_id!r}, {how})"
        )

    @property
    def token_url(self) -> str:
        return f"{self.login_url.rstrip('/')}/{self.tenant_id}/oauth2/v2.0/token"


@dataclass(frozen=True)
class Certificate:
    """A certificate credential: its key signs the assertion, its thumbprint names it."""

    key: RSAPrivateKey
    thumbprint_sha256: str  # base64url of the SHA-256 of the certificate's DER bytes

    @classmethod
    def load(cls, path: Path) -> Certificate:
        """Read a PEM file holding the private key and the certificate uploaded to Entra ID."""
        data = path.read_bytes()
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, RSAPrivateKey):
            raise ValueError(f"{path}: the private key must be RSA (Entra ID needs RS256/PS256)")
        certificate = x509.load_pem_x509_certificate(data)
        digest = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()
        return cls(key=key, thumbprint_sha256=_b64url(digest))

    def assertion(self, *, client_id: str, audience: str, now: float) -> str:
        """The signed JWT Entra ID accepts instead of a secret (private_key_jwt)."""
        claims = {
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": str(uuid.uuid4()),
            "iat": int(now),
            "nbf": int(now),
            "exp": int(now) + 600,
        }
        return jwt.encode(
            claims, self.key, algorithm="PS256", headers={"x5t#S256": self.thumbprint_sha256}
        )


@dataclass
class _Token:
    value: str
    expires_at: float


@dataclass
class GraphClient:
    credentials: GraphCredentials
    max_concurrent: int = MAX_CONCURRENT_REQUESTS
    monotonic: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time  # iat/exp of a certificate's assertion
    sleep: Callable[[float], Any] = asyncio.sleep
    _sessions: LazySession = field(
        default_factory=lambda: LazySession(REQUEST_TIMEOUT_SECONDS), init=False, repr=False
    )
    _token: _Token | None = field(default=None, init=False, repr=False)
    _token_lock: asyncio.Lock | None = field(default=None, init=False, repr=False)
    _slots: asyncio.Semaphore | None = field(default=None, init=False, repr=False)
    _certificate: Certificate | None = field(default=None, init=False, repr=False)
    tokens_fetched: int = 0

    # --- requests ----------------------------------------------------------------------------
    async def get_json(self, path_or_url: str, *, headers: dict[str, str] | None = None) -> Any:
        body = await self.request("GET", path_or_url, headers=headers)
        return json_or_empty(body)

    async def get_bytes(self, path_or_url: str) -> bytes:
        return await self.request("GET", path_or_url)

    async def request(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        keep: Keep | None = None,
    ) -> bytes:
        """Send one request (a path under {API_URL}/v1.0, or a next/delta link Graph gave) and
        return the body of a 2xx answer; throttling and an expired token are handled here."""
        _, body = await self.answered(
            method, path_or_url, json=json, data=data, headers=headers, keep=keep
        )
        return body

    async def answered(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        authorise: bool = True,
        keep: Keep | None = None,
    ) -> tuple[int, bytes]:
        """`request`, with the 2xx status (an upload session's 200 and 201 differ).
        `authorise=False` for a URL that carries its own authority (an upload session's
        uploadUrl, which refuses a bearer token): a 401 there is not renewed but raised.
        `keep` is awaited before every attempt, a retry after a throttling wait included (the
        wait may outlast the outbox row's lease)."""
        url = self.url(path_or_url)
        renewed = not authorise
        for attempt in range(1, THROTTLE_ATTEMPTS + 1):
            if keep is not None:
                await keep()
            # Immutable ids always: an item's id survives a move, so a stored id stays true.
            request_headers = {"Prefer": 'IdType="ImmutableId"', **(headers or {})}
            if authorise:
                request_headers["Authorization"] = f"Bearer {await self._access_token()}"
            async with self._slots_for_loop():
                session = self._sessions.open()
                try:
                    # a fresh stream each attempt: aiohttp sends a large bytes body in one
                    # write that holds the event loop (a letter with its enclosures)
                    body_stream = io.BytesIO(data) if data is not None else None
                    async with session.request(
                        method, url, json=json, data=body_stream, headers=request_headers
                    ) as response:
                        status = response.status
                        body = await response.read()
                        retry_after = response.headers.get("Retry-After")
                except aiohttp.ClientConnectionError as error:
                    raise GraphError(
                        0, "ApiUnreachable", f"check HEARD_GRAPH_API_URL ({_why(error)})"
                    ) from None
            if 200 <= status < 300:
                return status, body
            if status == 401 and not renewed:
                self._token = None  # revoked or expired early: one new token, then ask again
                renewed = True
                continue
            if status in (429, 503) and attempt < THROTTLE_ATTEMPTS:
                await self._wait_out("api", status, retry_after, attempt)
                continue
            raise _error(status, body)
        raise GraphError(429, "TooManyRequests", "still throttled after waiting")

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return f"{self.credentials.api_url.rstrip('/')}/v1.0/{path_or_url.lstrip('/')}"

    async def close(self) -> None:
        await self._sessions.close()

    # --- the token ----------------------------------------------------------------------------
    async def sign_in(self) -> None:
        """Get a token now (TokenRefused if the identity platform gives none): `heard config
        check` asks this of a send-only app, which may read nothing to prove its settings."""
        await self._access_token()

    async def _access_token(self) -> str:
        if self._token_lock is None:
            self._token_lock = asyncio.Lock()
        async with self._token_lock:
            token = self._token
            if token is None or token.expires_at - RENEW_BEFORE_SECONDS <= self.monotonic():
                token = self._token = await self._fetch_token()
            return token.value

    async def _fetch_token(self) -> _Token:
        credentials = self.credentials
        form = {
            "client_id": credentials.client_id,
            "scope": f"{credentials.api_url.rstrip('/')}/.default",
            "grant_type": "client_credentials",
        }
        if credentials.certificate_path is not None:
            if self._certificate is None:
                self._certificate = Certificate.load(credentials.certificate_path)
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            form["client_assertion"] = self._certificate.assertion(
                client_id=credentials.client_id,
                audience=credentials.token_url,
                now=self.wall_clock(),
            )
        else:
            form["client_secret"] = credentials.client_secret or ""
        started = self.monotonic()
        for attempt in range(1, THROTTLE_ATTEMPTS + 1):
            try:
                async with self._sessions.open().post(credentials.token_url, data=form) as response:
                    status, body = response.status, await response.read()
                    retry_after = response.headers.get("Retry-After")
            except aiohttp.ClientConnectionError as error:
                raise TokenRefused(
                    0, "LoginUnreachable", setting="HEARD_GRAPH_LOGIN_URL", why=_why(error)
                ) from None
            if status in (429, 503) and attempt < THROTTLE_ATTEMPTS:
                await self._wait_out("token", status, retry_after, attempt)
                continue
            break
        answer = json_or_empty(body) if body else {}
        if status != 200 or not isinstance(answer, dict) or "access_token" not in answer:
            # The identity platform's error and its description, never the form we sent.
            code = str(answer.get("error", "")) if isinstance(answer, dict) else ""
            description = (
                str(answer.get("error_description", "")) if isinstance(answer, dict) else ""
            )
            first = description.splitlines()[0] if description else "no token"
            setting = token_setting(first, certificate=credentials.certificate_path is not None)
            raise TokenRefused(status, code or "token_error", setting=setting, why=first)
        self.tokens_fetched += 1
        expires_in = float(answer.get("expires_in") or 3599)
        return _Token(value=str(answer["access_token"]), expires_at=started + expires_in)

    # --- plumbing ----------------------------------------------------------------------------
    async def _wait_out(
        self, endpoint: str, status: int, retry_after: str | None, attempt: int
    ) -> None:
        """Wait as long as Graph asked (429 or 503), saying so in the log (the status and
        the wait only: no URL, form or token) and counting it in /metrics by endpoint, so an
        operator sees a throttled sign-in as well as a throttled mailbox."""
        wait = _seconds(retry_after, default=2.0**attempt)
        what = "sign-in (token) request" if endpoint == "token" else "request"
        log.warning("Graph throttled the %s (%s); waiting %.0f s", what, status, wait)
        GRAPH_THROTTLED.labels(endpoint=endpoint).inc()
        await self.sleep(wait)

    def _slots_for_loop(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_concurrent)
        return self._slots


def _error(status: int, body: bytes) -> GraphError:
    answer = json_or_empty(body) if body else {}
    error = answer.get("error", {}) if isinstance(answer, dict) else {}
    if not isinstance(error, dict):
        error = {"code": str(error)}
    code, message = str(error.get("code", "")), str(error.get("message", ""))
    kind = SyncStateLost if status == 410 else GraphError
    return kind(status, code or "error", message)


def _seconds(retry_after: str | None, *, default: float) -> float:
    try:
        wait = float(retry_after) if retry_after is not None else default
    except ValueError:
        wait = default
    return min(max(wait, 0.0), MAX_RETRY_AFTER_SECONDS)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _why(error: BaseException) -> str:
    """A connection failure in a few words: the host and port, and why (no URL path)."""
    host = getattr(error, "host", None)
    port = getattr(error, "port", None)
    where = f"{host}:{port} " if host else ""
    cause = getattr(error, "os_error", None) or error
    return f"{where}not reachable: {getattr(cause, 'strerror', None) or type(cause).__name__}"
