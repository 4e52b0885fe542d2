"""A real HTTP server on a free port standing in for Microsoft Graph and the identity
platform's token endpoint, written from their public documentation:

- `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant with a client secret or a
  certificate's signed assertion (PS256/RS256 with x5t#S256 or x5t, aud = the token URL);
- `GET /v1.0/users/{mailbox}/mailFolders/inbox/messages/delta`: pages of `value` joined by
  `@odata.nextLink`, the last with `@odata.deltaLink`; a delta link returns what was added,
  changed or moved out (`@removed`) since; an invalidated one answers 410 SyncStateNotFound;
- `GET …/mailFolders/{id or inbox}` (one folder: `heard config check` reads the inbox's),
- `GET …/messages/{id}/$value` (the MIME bytes), `PATCH …/messages/{id}` (isRead; a draft's
  internetMessageId),
  `POST …/messages/{id}/move`, `GET`/`POST …/mailFolders`, `POST …/sendMail` (MIME, base64);
- drafts given large files through upload sessions, then sent (testkit/graph_drafts.py);
- any request whose body is over 4 MB: 413 RequestEntityTooLarge;
- failures on demand: 429/503 with Retry-After, tokens expired early (401), requests held
  until released (to kill heard at a chosen moment).
Every request is recorded, and so is the most that were in flight at once.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
from aiohttp import web
from cryptography import x509

from testkit.graph_drafts import REQUEST_MAX, UPLOADS, Drafts, add_routes
from testkit.graph_drafts import error as _error


@dataclass
class StubMessage:
    id: str  # immutable: kept across moves
    internet_message_id: str
    raw: bytes
    sender: str
    folder: str = "inbox"
    is_read: bool = False
    changed: int = 0  # the change counter when it was last added, changed or moved


@dataclass
class GraphRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class GraphStub:
    tenant: str = "tenant-1"
    client_id: str = "client-1"
    client_secret: str = "s3cret-value"
    certificate_pem: bytes | None = None  # accept assertions signed by this certificate's key
    mailbox: str = "complaints@council.example"
    token_lifetime: int = 3599
    port: int = 0
    messages: dict[str, StubMessage] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=lambda: {"inbox": "Inbox"})
    sent: list[bytes] = field(default_factory=list)
    requests: list[GraphRequest] = field(default_factory=list)
    tokens_issued: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    changes: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    valid_tokens: set[str] = field(default_factory=set)
    stale_before: int = 0  # delta tokens below this are gone (410)
    # each delta round's start and its listing, which its next links page through
    rounds: list[tuple[int, list[dict[str, Any]]]] = field(default_factory=list)
    failures: list[tuple[Callable[[GraphRequest], bool], int, dict[str, str]]] = field(
        default_factory=list
    )
    holds: list[tuple[Callable[[GraphRequest], bool], asyncio.Event]] = field(default_factory=list)
    held: asyncio.Event = field(default_factory=asyncio.Event)  # set when a request is held
    delay: float = 0.0
    drafts: Drafts = field(init=False)

    def __post_init__(self) -> None:
        self.drafts = Drafts(api_url=lambda: self.api_url, on_sent=self.sent.append)

    # --- what a test sets up ---------------------------------------------------------------
    @property
    def login_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def deliver(self, raw: bytes, *, sender: str | None = None) -> StubMessage:
        """A message arrives in the mailbox's inbox. Graph reports its `sender` from the
        message's own From header unless another is given."""
        if sender is None:
            sender = parseaddr(_header(raw, "From") or "")[1]
        message_id = _header(raw, "Message-ID") or f"<{uuid.uuid4().hex}@example.org>"
        message = StubMessage(
            id=f"AAkALg{uuid.uuid4().hex}",
            internet_message_id=message_id,
            raw=raw,
            sender=sender,
            changed=next(self.changes),
        )
        self.messages[message.id] = message
        return message

    def expire_tokens(self) -> None:
        """Every token issued so far stops working (Graph answers 401)."""
        self.valid_tokens.clear()

    def lose_sync_state(self) -> None:
        """Every delta link issued so far answers 410 SyncStateNotFound."""
        self.stale_before = next(self.changes)

    def fail(
        self,
        status: int,
        *,
        when: Callable[[GraphRequest], bool] = lambda request: True,
        times: int = 1,
        retry_after: str | None = "1",
    ) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.failures.extend([(when, status, headers)] * times)

    def hold(self, when: Callable[[GraphRequest], bool]) -> asyncio.Event:
        """Requests matching `when` wait until the returned event is set."""
        release = asyncio.Event()
        self.holds.append((when, release))
        return release

    def received(self, method: str, fragment: str) -> list[GraphRequest]:
        return [r for r in self.requests if r.method == method and fragment in r.path]

    # --- the server -----------------------------------------------------------------------------
    @web.middleware
    async def record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body = await request.read()
        seen = GraphRequest(
            request.method, request.path, request.query_string, dict(request.headers), body
        )
        self.requests.append(seen)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for when, release in list(self.holds):
                if when(seen):
                    self.held.set()
                    await release.wait()
            if self.delay:
                await asyncio.sleep(self.delay)
            for index, (when, status, headers) in enumerate(self.failures):
                if when(seen):
                    del self.failures[index]
                    return _error(
                        status,
                        "TooManyRequests" if status == 429 else "ServiceUnavailable",
                        headers,
                    )
            if len(body) > REQUEST_MAX:  # Graph's limit on any request's body
                return _error(413, "RequestEntityTooLarge", {},
                              "The maximum request length supported is 4MB.")  # fmt: skip
            token_free = request.path.endswith("/oauth2/v2.0/token") or request.path.startswith(
                UPLOADS
            )  # an upload URL carries its own authtoken
            if not token_free and not self._authorised(request):
                return _error(401, "InvalidAuthenticationToken", {})
            return await handler(request)
        finally:
            self.in_flight -= 1

    def _authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.valid_tokens

    async def token(self, request: web.Request) -> web.Response:
        form = {key: values[0] for key, values in parse_qs((await request.read()).decode()).items()}
        if request.match_info["tenant"] != self.tenant:
            return _token_error(
                "invalid_request",
                f"AADSTS90002: Tenant '{request.match_info['tenant']}' not found.",
            )
        if form.get("client_id") != self.client_id:
            return _token_error("invalid_client", "AADSTS700016: Application not found.")
        if form.get("grant_type") != "client_credentials":
            return _token_error("unsupported_grant_type", "AADSTS70003: grant not supported.")
        if form.get("scope") != f"{self.api_url}/.default":
            return _token_error("invalid_scope", "AADSTS1002012: scope is not valid.")
        if "client_assertion" in form:
            problem = self._assertion_problem(form, str(request.url))
            if problem:
                return _token_error("invalid_client", problem)
        elif form.get("client_secret") != self.client_secret:
            return _token_error("invalid_client", "AADSTS7000215: Invalid client secret provided.")
        access = uuid.uuid4().hex
        self.valid_tokens.add(access)
        self.tokens_issued += 1
        return web.json_response(
            {"token_type": "Bearer", "expires_in": self.token_lifetime, "access_token": access}
        )

    def _assertion_problem(self, form: dict[str, str], token_url: str) -> str | None:
        if self.certificate_pem is None:
            return "AADSTS700027: no certificate is registered for the application."
        if (
            form.get("client_assertion_type")
            != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            return "AADSTS700027: client_assertion_type is wrong."
        certificate = x509.load_pem_x509_certificate(self.certificate_pem)
        try:
            claims = jwt.decode(
                form["client_assertion"],
                certificate.public_key(),  # type: ignore[arg-type]
                algorithms=["PS256", "RS256"],
                audience=token_url,
                issuer=self.client_id,
                options={"require": ["exp", "nbf", "iat", "jti", "sub"]},
            )
        except jwt.PyJWTError as error:
            return f"AADSTS700027: Client assertion failed signature validation ({error})."
        if claims.get("sub") != self.client_id:
            return "AADSTS700027: sub must be the client id."
        return None

    async def delta(self, request: web.Request) -> web.Response:
        if not self._our_mailbox(request):
            return _error(404, "ErrorInvalidUser", {})
        page_size = _page_size(request.headers.get("Prefer", ""))
        delta_token = request.query.get("$deltatoken")
        skip = request.query.get("$skiptoken")
        if skip is not None:  # a next link: "round:offset", into the round's own listing
            round_id, offset = (int(part) for part in skip.split(":"))
            round_start, rows = self.rounds[round_id]
        else:
            since = int(delta_token) if delta_token is not None else -1
            if 0 <= since < self.stale_before:
                return _error(
                    410, "SyncStateNotFound", {}, "The sync state generation is not found."
                )
            # The round's changes are listed as they stood when it began: a message changed
            # while the client pages (marked read, moved) shows in the next round, as in
            # Graph, not by shifting this round's later pages past unlisted messages.
            round_start, offset = next(self.changes), 0
            rows = self._changes_since(since, until=round_start)
            round_id = len(self.rounds)
            self.rounds.append((round_start, rows))
        page = rows[offset : offset + page_size]
        base = f"{self.api_url}{request.path}"
        answer: dict[str, Any] = {"value": page}
        if offset + page_size < len(rows):
            answer["@odata.nextLink"] = (
                f"{base}?{urlencode({'$skiptoken': f'{round_id}:{offset + page_size}'})}"
            )
        else:
            answer["@odata.deltaLink"] = f"{base}?{urlencode({'$deltatoken': round_start})}"
        return web.json_response(answer)

    def _changes_since(self, since: int, *, until: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for message in sorted(self.messages.values(), key=lambda m: m.changed):
            if message.changed >= until or message.changed <= since:
                continue
            if message.folder != "inbox":
                if since >= 0:
                    rows.append({"id": message.id, "@removed": {"reason": "deleted"}})
                continue
            rows.append(
                {
                    "id": message.id,
                    "internetMessageId": message.internet_message_id,
                    "isRead": message.is_read,
                    "sender": {"emailAddress": {"address": message.sender}},
                    "from": {"emailAddress": {"address": message.sender}},
                }
            )
        return rows

    async def value(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return _error(404, "ErrorItemNotFound", {})
        return web.Response(body=message.raw, content_type="message/rfc822")

    async def patch(self, request: web.Request) -> web.Response:
        if self._our_mailbox(request) and request.match_info["id"] in self.drafts.drafts:
            return await self.drafts.update(request)
        message = self._message(request)
        if message is None:
            return _error(404, "ErrorItemNotFound", {})
        changes = json.loads(await request.read() or b"{}")
        if "isRead" in changes:
            message.is_read = bool(changes["isRead"])
            message.changed = next(self.changes)
        return web.json_response({"id": message.id, "isRead": message.is_read})

    async def move(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return _error(404, "ErrorItemNotFound", {})
        destination = json.loads(await request.read() or b"{}").get("destinationId")
        if destination not in self.folders:
            return _error(404, "ErrorFolderNotFound", {})
        message.folder = destination
        message.changed = next(self.changes)
        return web.json_response({"id": message.id, "parentFolderId": destination}, status=201)

    async def folder(self, request: web.Request) -> web.Response:
        """One folder by id or well-known name (`inbox`), as Mail.ReadBasic may read it."""
        if not self._our_mailbox(request):
            return _error(404, "ErrorInvalidUser", {})
        name = request.match_info["folder"]
        found = "inbox" if name.lower() == "inbox" else name
        if found not in self.folders:
            return _error(404, "ErrorItemNotFound", {})
        return web.json_response({"id": found, "displayName": self.folders[found]})

    async def list_folders(self, request: web.Request) -> web.Response:
        if not self._our_mailbox(request):
            return _error(404, "ErrorInvalidUser", {})
        wanted = request.query.get("$filter", "")
        value = [
            {"id": folder_id, "displayName": name}
            for folder_id, name in self.folders.items()
            if not wanted or wanted == f"displayName eq '{name}'"
        ]
        return web.json_response({"value": value})

    async def create_folder(self, request: web.Request) -> web.Response:
        name = json.loads(await request.read() or b"{}").get("displayName", "")
        folder_id = f"folder-{uuid.uuid4().hex[:8]}"
        self.folders[folder_id] = name
        return web.json_response({"id": folder_id, "displayName": name}, status=201)

    async def send_mail(self, request: web.Request) -> web.Response:
        if not self._our_mailbox(request):
            return _error(404, "ErrorInvalidUser", {})
        if request.content_type != "text/plain":
            return _error(400, "ErrorMimeContentInvalid", {}, "Send MIME as base64 text/plain.")
        try:
            raw = base64.b64decode(await request.read(), validate=True)
        except ValueError:
            return _error(400, "ErrorMimeContentInvalidBase64String", {})
        self.sent.append(raw)
        return web.Response(status=202)

    def _message(self, request: web.Request) -> StubMessage | None:
        if not self._our_mailbox(request):
            return None
        return self.messages.get(request.match_info["id"])

    def _our_mailbox(self, request: web.Request) -> bool:
        return request.match_info.get("mailbox", "").lower() == self.mailbox.lower()


def _page_size(prefer: str) -> int:
    for part in prefer.split(","):
        name, _, value = part.strip().partition("=")
        if name == "odata.maxpagesize" and value.isdigit():
            return max(1, int(value))
    return 10


def _header(raw: bytes, name: str) -> str | None:
    from email.parser import BytesHeaderParser

    value = BytesHeaderParser().parsebytes(raw).get(name)
    return str(value).strip() if value else None


def _token_error(code: str, description: str) -> web.Response:
    return web.json_response(
        {"error": code, "error_description": description, "timestamp": time.strftime("%F %T")},
        status=401 if code == "invalid_client" else 400,
    )


async def start_graph_stub(stub: GraphStub | None = None) -> tuple[GraphStub, web.AppRunner]:
    """Serve a stand-in on a free port; clean up with `await runner.cleanup()`."""
    stub = stub or GraphStub()
    application = web.Application(middlewares=[stub.record], client_max_size=64 * 1024**2)
    users = "/v1.0/users/{mailbox}"
    routes = application.router
    routes.add_post("/{tenant}/oauth2/v2.0/token", stub.token)
    routes.add_get(users + "/mailFolders/inbox/messages/delta", stub.delta)
    routes.add_get(users + "/messages/{id}/$value", stub.value)
    routes.add_patch(users + "/messages/{id}", stub.patch)
    routes.add_post(users + "/messages/{id}/move", stub.move)
    routes.add_get(users + "/mailFolders", stub.list_folders)
    routes.add_get(users + "/mailFolders/{folder}", stub.folder)
    routes.add_post(users + "/mailFolders", stub.create_folder)
    routes.add_post(users + "/sendMail", stub.send_mail)
    add_routes(application, stub.drafts, users=users, ours=stub._our_mailbox)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", stub.port)
    await site.start()
    sockets: tuple[Any, ...] = tuple(getattr(site._server, "sockets", None) or ())
    stub.port = int(sockets[0].getsockname()[1])
    return stub, runner
