"""A real HTTP server on a free port standing in for GOV.UK Notify's API, written from its
public documentation: `POST /v2/notifications/{email,sms,letter}`, `GET /v2/notifications`
(by reference and template type) and `GET /v2/template/{id}`, authenticated with a JWT (HS256,
iss = the service id, iat within 30 seconds); templates whose placeholders must all be given,
letters whose address has 3 to 7 lines ending in a UK postcode, a reference of at most 1,000
characters; errors as Notify words them ({"status_code", "errors": [{"error", "message"}]});
429 on demand, and answers lost after a send was taken; and delivery receipts POSTed to a
callback URL with a bearer token, as Notify sends them."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
from aiohttp import web

# Notify's own rule for the last line of a UK address (simplified from its postcode check).
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


@dataclass
class Template:
    kind: str  # email | sms | letter
    placeholders: tuple[str, ...]

    def as_notify_gives_it(self, template_id: str) -> dict[str, Any]:
        """`GET /v2/template/{id}`'s answer: a subject of ((subject)) (not for texts) and a
        body naming every other placeholder."""
        body = " ".join(f"(({name}))" for name in self.placeholders if name != "subject")
        answer: dict[str, Any] = {"id": template_id, "type": self.kind, "version": 1, "body": body}
        answer["subject"] = "((subject))" if "subject" in self.placeholders else None
        return answer


@dataclass
class Notification:
    id: str
    kind: str
    to: str
    template_id: str
    personalisation: dict[str, str]
    reference: str | None
    created_at: str
    status: str = "created"


@dataclass
class NotifyStub:
    service_id: str = "26785a09-ab16-4eb0-8407-a37497a57506"
    secret: str = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    templates: dict[str, Template] = field(
        default_factory=lambda: {
            "f33517ff-2a88-4f6e-b855-c550268ce08a": Template("email", ("subject", "body")),
            "8a0f8e4e-6c43-4b3e-9d59-2f3f7cf5e8a1": Template("sms", ("body",)),
            "c3d4e5f6-a7b8-4012-8def-234567890abc": Template("letter", ("subject", "body")),
        }
    )
    port: int = 0
    notifications: list[Notification] = field(default_factory=list)
    failures: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    requests: int = 0  # sends asked for
    lookups: int = 0  # GET /v2/notifications: what heard asked Notify it holds
    # Sends taken (recorded) whose answer is then lost: the connection closes unanswered, as
    # when heard stops or the network drops after Notify has the letter.
    answers_to_lose: int = 0

    @property
    def api_key(self) -> str:
        return f"heard_test-{self.service_id}-{self.secret}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def template_id(self, kind: str) -> str:
        return next(tid for tid, template in self.templates.items() if template.kind == kind)

    def fail(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        error = {429: "RateLimitError", 500: "Exception"}.get(status, "BadRequestError")
        headers = {"Retry-After": retry_after} if retry_after else {}
        self.failures.extend([(status, error, headers)] * times)

    def receipt(self, notification: Notification, status: str) -> dict[str, Any]:
        """A delivery receipt as Notify POSTs it to the service's callback URL."""
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
        return {
            "id": notification.id,
            "reference": notification.reference,
            "to": notification.to,
            "status": status,
            "created_at": notification.created_at,
            "completed_at": now,
            "sent_at": now,
            "notification_type": notification.kind,
            "template_id": notification.template_id,
            "template_version": 1,
        }

    async def send_receipt(
        self, callback_url: str, token: str, notification: Notification, status: str
    ) -> tuple[int, str]:
        notification.status = status
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                callback_url,
                json=self.receipt(notification, status),
                headers={"Authorization": f"Bearer {token}"},
            ) as response,
        ):
            return response.status, await response.text()

    # --- the server -----------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        kind = request.match_info["kind"]
        problem = self._auth_problem(request.headers.get("Authorization", ""))
        if problem:
            return _errors(403, "AuthError", problem)
        if self.failures:
            status, error, headers = self.failures.pop(0)
            return _errors(status, error, "Exceeded rate limit for key type LIVE", headers)
        try:
            body = await request.json()
        except ValueError:
            return _errors(400, "BadRequestError", "Invalid JSON supplied in POST data")
        template = self.templates.get(str(body.get("template_id")))
        if template is None or template.kind != kind:
            return _errors(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation") or {}
        missing = [name for name in template.placeholders if name not in personalisation]
        if missing:
            return _errors(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        reference = body.get("reference")
        if reference is not None and len(str(reference)) > 1000:
            return _errors(400, "ValidationError", "reference is too long")
        to, problem = self._recipient(kind, body, personalisation)
        if problem:
            return _errors(400, "ValidationError", problem)
        notification = Notification(
            id=str(uuid.uuid4()),
            kind=kind,
            to=to,
            template_id=str(body["template_id"]),
            personalisation={key: str(value) for key, value in personalisation.items()},
            reference=reference,
            created_at=time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
        )
        self.notifications.append(notification)
        if self.answers_to_lose:
            self.answers_to_lose -= 1
            if request.transport is not None:
                request.transport.close()
            raise ConnectionResetError("the answer was lost")
        content: dict[str, Any] = {"body": personalisation.get("body", "")}
        if kind != "sms":
            content["subject"] = personalisation.get("subject", "")
        return web.json_response(
            {
                "id": notification.id,
                "reference": reference,
                "content": content,
                "uri": f"{self.url}/v2/notifications/{notification.id}",
                "template": {"id": notification.template_id, "version": 1, "uri": ""},
            },
            status=201,
        )

    async def list_notifications(self, request: web.Request) -> web.Response:
        """`GET /v2/notifications`, filtered by `reference` and `template_type` (one page:
        the stand-in holds few)."""
        self.lookups += 1
        problem = self._auth_problem(request.headers.get("Authorization", ""))
        if problem:
            return _errors(403, "AuthError", problem)
        reference, kind = request.query.get("reference"), request.query.get("template_type")
        found = [
            self._as_listed(notification)
            for notification in reversed(self.notifications)
            if (reference is None or notification.reference == reference)
            and (kind is None or notification.kind == kind)
        ]
        return web.json_response(
            {"notifications": found, "links": {"current": request.url.human_repr()}}
        )

    def _as_listed(self, notification: Notification) -> dict[str, Any]:
        recipient: dict[str, Any] = {"email_address": None, "phone_number": None}
        if notification.kind == "email":
            recipient["email_address"] = notification.to
        elif notification.kind == "sms":
            recipient["phone_number"] = notification.to
        else:
            for number, line in enumerate(notification.to.split("\n"), start=1):
                recipient[f"line_{number}"] = line
        return {
            "id": notification.id,
            "reference": notification.reference,
            **recipient,
            "type": notification.kind,
            "status": notification.status,
            "template": {"id": notification.template_id, "version": 1, "uri": ""},
            "body": notification.personalisation.get("body", ""),
            "subject": notification.personalisation.get("subject"),
            "created_at": notification.created_at,
        }

    async def template(self, request: web.Request) -> web.Response:
        """`GET /v2/template/{id}`: the template, as the key's service has it."""
        problem = self._auth_problem(request.headers.get("Authorization", ""))
        if problem:
            return _errors(403, "AuthError", problem)
        template_id = request.match_info["id"]
        if not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", template_id.lower()):
            return _errors(400, "ValidationError", "id is not a valid UUID")
        template = self.templates.get(template_id)
        if template is None:
            return _errors(404, "NoResultFound", "No result found")
        return web.json_response(template.as_notify_gives_it(template_id))

    def _auth_problem(self, header: str) -> str | None:
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header[7:]
        try:
            claims = jwt.decode(
                token, self.secret, algorithms=["HS256"], options={"require": ["iss", "iat"]}
            )
        except jwt.PyJWTError:
            return "Invalid token: signature, api token not found"
        if claims.get("iss") != self.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - float(claims["iat"])) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def _recipient(
        self, kind: str, body: dict[str, Any], personalisation: dict[str, Any]
    ) -> tuple[str, str | None]:
        if kind == "email":
            address = str(body.get("email_address", ""))
            valid = re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address)
            return address, None if valid else "email_address Not a valid email address"
        if kind == "sms":
            number = re.sub(r"[\s()-]", "", str(body.get("phone_number", "")))
            return number, None if UK_MOBILE.fullmatch(
                number
            ) else "phone_number Not a UK mobile number"
        lines = [
            str(personalisation[f"address_line_{n}"]).strip()
            for n in range(1, 8)
            if str(personalisation.get(f"address_line_{n}") or "").strip()
        ]
        if len(lines) < 3:
            return "", "Address must be at least 3 lines"
        if not UK_POSTCODE.fullmatch(lines[-1]):
            return "", "Last line of address must be a real UK postcode or another country"
        if any(line[0] in '@()=[]"\\/,<>~' for line in lines):  # notifications-utils' rule
            return "", (
                "Address lines must not start with any of the following characters: "
                '@ ( ) = [ ] " \\ / , < > ~'
            )
        if re.search(r"no fixed (abode|address)|^nfa$", "\n".join(lines), re.I | re.M):
            return "", "Must be a real address"
        return "\n".join(lines), None


def _errors(
    status: int, error: str, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response(
        {"status_code": status, "errors": [{"error": error, "message": message}]},
        status=status,
        headers=headers or {},
    )


async def start_notify_stub(stub: NotifyStub | None = None) -> tuple[NotifyStub, web.AppRunner]:
    """Serve a stand-in on a free port; clean up with `await runner.cleanup()`."""
    stub = stub or NotifyStub()
    application = web.Application()
    application.router.add_post("/v2/notifications/{kind:email|sms|letter}", stub.handle)
    application.router.add_get("/v2/template/{id}", stub.template)
    application.router.add_get("/v2/notifications", stub.list_notifications)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", stub.port)
    await site.start()
    sockets: tuple[Any, ...] = tuple(getattr(site._server, "sockets", None) or ())
    stub.port = int(sockets[0].getsockname()[1])
    return stub, runner
