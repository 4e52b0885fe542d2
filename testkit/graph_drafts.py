"""The Graph stand-in's drafts: a message made in the mailbox, given its files, then sent, as
Graph documents it for attachments over what one request carries
(learn.microsoft.com/graph/outlook-large-attachments, attachment-createuploadsession,
user-post-messages, message-send):

- `POST /users/{m}/messages` with MIME, base64, `text/plain`: a draft (201, its id and its
  internetMessageId: the MIME's own Message-ID, or with `keeps_message_ids` off one Exchange
  makes, as it may: microsoft-graph-docs#3092);
- `PATCH …/messages/{id}`: a draft's internetMessageId may be set, "updatable only if isDraft
  = true" (message-update); on a sent message 400 ErrorInvalidPropertyUpdateSentMessage;
- `POST …/messages/{id}/attachments`: one file under 3 MB as JSON `contentBytes` (201);
- `POST …/messages/{id}/attachments/createUploadSession`: a file of 3 MB to 150 MB (less is
  ErrorAttachmentSizeShouldNotBeLessThanMinimumSize); 201 with a pre-authenticated
  `uploadUrl` (a PUT carrying an Authorization header is refused), its `expirationDateTime`
  and `nextExpectedRanges: ["0-"]`;
- `PUT {uploadUrl}`: bytes in order, `Content-Range: bytes start-end/total`, each range a
  multiple of 320 KiB but the last and no request over 4 MB; 200 with `nextExpectedRanges`
  (`["{next}"]`), then 201 with a `Location` once the last byte is in (the file is attached
  only then); an expired URL answers 401;
- `GET …/messages?$filter=internetMessageId eq '…'`, `GET …/messages/{id}/attachments`,
  `DELETE …/messages/{id}`;
- `POST …/messages/{id}/send`: 202; the mailbox's message size limit (Exchange Online's
  MaxSendSize, 35 MB unless the council raised it) refuses a larger message.
What was sent is put together as Exchange would (the draft's MIME with its files) and joins
the stand-in's `sent`.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiohttp import web

REQUEST_MAX = 4 * 1024 * 1024  # Graph refuses a larger request body: 413
UPLOAD_SESSION_MIN = 3_000_000  # "between 3 MB and 150 MB, create an upload session"
UPLOAD_SESSION_MAX = 150 * 1024 * 1024
RANGE_UNIT = 320 * 1024  # a range that is not the last is a multiple of 320 KiB
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


@dataclass
class DraftFile:
    name: str
    content_type: str
    content: bytes


@dataclass
class Draft:
    id: str
    internet_message_id: str
    raw: bytes
    files: list[DraftFile] = field(default_factory=list)
    sent: bool = False


@dataclass
class UploadSession:
    id: str
    draft_id: str
    name: str
    content_type: str
    size: int
    expires: datetime
    received: bytearray = field(default_factory=bytearray)
    ranges: int = 0  # how many PUTs it took


@dataclass
class Drafts:
    """What the mailbox holds besides its inbox: drafts, upload sessions, Sent Items."""

    api_url: Callable[[], str]
    on_sent: Callable[[bytes], None]
    message_max: int = 35 * 1024 * 1024  # Exchange Online's default MaxSendSize
    upload_lifetime: timedelta = timedelta(minutes=15)
    drafts: dict[str, Draft] = field(default_factory=dict)
    sessions: dict[str, UploadSession] = field(default_factory=dict)
    ranges_seen: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, total
    expire_after_ranges: int | None = None  # the next session's URL dies after this many PUTs
    keeps_message_ids: bool = True  # off: a draft made from MIME gets an id Exchange makes
    lose_send_answers: int = 0  # this many sends are done but answered 504 (a gateway timeout)

    # --- what a test looks at ----------------------------------------------------------------
    def expire_upload_urls(self, *, after_ranges: int = 0) -> None:
        """Upload URLs handed out so far expire now; with `after_ranges`, the next session's
        does once it has taken that many ranges."""
        for upload in self.sessions.values():
            upload.expires = datetime.now(UTC) - timedelta(seconds=1)
        self.expire_after_ranges = after_ranges or None

    def unsent(self) -> list[Draft]:
        return [draft for draft in self.drafts.values() if not draft.sent]

    # --- handlers ----------------------------------------------------------------------------
    async def create(self, request: web.Request) -> web.Response:
        if request.content_type != "text/plain":
            return error(400, "ErrorMimeContentInvalid", message="heard makes its drafts from MIME")
        try:
            raw = base64.b64decode(await request.read(), validate=True)
        except ValueError:
            return error(400, "ErrorMimeContentInvalidBase64String")
        parsed = message_from_bytes(raw, policy=policy.default)
        own = str(parsed.get("Message-ID", "")).strip()
        draft = Draft(
            id=f"AAMkDraft{uuid.uuid4().hex}",
            internet_message_id=own if own and self.keeps_message_ids else exchange_message_id(),
            raw=raw,
        )
        self.drafts[draft.id] = draft
        return web.json_response(self._resource(draft), status=201)

    async def find(self, request: web.Request) -> web.Response:
        wanted = re.fullmatch(r"internetMessageId eq '(.*)'", request.query.get("$filter", ""))
        if wanted is None:
            return error(400, "ErrorInvalidUrlQueryFilter", message="filter on internetMessageId")
        message_id = wanted.group(1).replace("''", "'")
        found = [d for d in self.drafts.values() if d.internet_message_id == message_id]
        return web.json_response({"value": [self._resource(d) for d in found]})

    async def update(self, request: web.Request) -> web.Response:
        draft = self.drafts.get(request.match_info["id"])
        if draft is None:
            return error(404, "ErrorItemNotFound")
        changes = json.loads(await request.read() or b"{}")
        if "internetMessageId" in changes:
            if draft.sent:
                return error(400, "ErrorInvalidPropertyUpdateSentMessage",
                             message="The property can't be updated on a sent message.")  # fmt: skip
            draft.internet_message_id = str(changes["internetMessageId"])
        return web.json_response(self._resource(draft))

    async def delete(self, request: web.Request) -> web.Response:
        if self.drafts.pop(request.match_info["id"], None) is None:
            return error(404, "ErrorItemNotFound")
        return web.Response(status=204)

    async def attach(self, request: web.Request) -> web.Response:
        draft = self.drafts.get(request.match_info["id"])
        if draft is None:
            return error(404, "ErrorItemNotFound")
        given = json.loads(await request.read() or b"{}")
        if given.get("@odata.type") != "#microsoft.graph.fileAttachment":
            return error(400, "ErrorInvalidRequest", message="a fileAttachment is expected")
        content = base64.b64decode(given.get("contentBytes", ""), validate=True)
        file = DraftFile(str(given["name"]), str(given.get("contentType", "")), content)
        draft.files.append(file)
        return web.json_response(_attachment(draft, len(draft.files) - 1), status=201)

    async def attachments(self, request: web.Request) -> web.Response:
        draft = self.drafts.get(request.match_info["id"])
        if draft is None:
            return error(404, "ErrorItemNotFound")
        return web.json_response(
            {"value": [_attachment(draft, index) for index in range(len(draft.files))]}
        )

    async def create_upload_session(self, request: web.Request) -> web.Response:
        draft = self.drafts.get(request.match_info["id"])
        if draft is None:
            return error(404, "ErrorItemNotFound")
        item = json.loads(await request.read() or b"{}").get("AttachmentItem") or {}
        size = int(item.get("size") or 0)
        if item.get("attachmentType") != "file" or not item.get("name"):
            return error(400, "ErrorInvalidRequest", message="AttachmentItem needs a file's name")
        if size < UPLOAD_SESSION_MIN:
            return error(400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize")
        if size > UPLOAD_SESSION_MAX:
            return error(400, "ErrorAttachmentSizeShouldNotBeGreaterThanMaximumSize")
        upload = UploadSession(
            id=uuid.uuid4().hex,
            draft_id=draft.id,
            name=str(item["name"]),
            content_type=str(item.get("contentType") or "application/octet-stream"),
            size=size,
            expires=datetime.now(UTC) + self.upload_lifetime,
        )
        self.sessions[upload.id] = upload
        return web.json_response(
            {
                "uploadUrl": f"{self.api_url()}{UPLOADS}{upload.id}?authtoken={upload.id[::-1]}",
                "expirationDateTime": upload.expires.isoformat(),
                "nextExpectedRanges": ["0-"],
            },
            status=201,
        )

    async def put_range(self, request: web.Request) -> web.Response:
        upload = self.sessions.get(request.match_info["session"])
        if "Authorization" in request.headers:
            return error(
                401, "InvalidAuthenticationToken", message="the upload URL is pre-authenticated"
            )
        if upload is None or request.query.get("authtoken") != upload.id[::-1]:
            return error(404, "ErrorItemNotFound")
        if upload.expires <= datetime.now(UTC):
            return error(401, "InvalidAuthenticationToken", message="the upload URL has expired")
        body = await request.read()
        matched = _RANGE.fullmatch(request.headers.get("Content-Range", ""))
        if matched is None:
            return error(
                400, "ErrorInvalidContentRange", message="Content-Range: bytes start-end/total"
            )
        start, end, total = (int(part) for part in matched.groups())
        self.ranges_seen.append((start, end, total))
        last = end == upload.size - 1
        if (
            total != upload.size
            or start != len(upload.received)
            or end < start
            or end >= total
            or len(body) != end - start + 1
            or request.content_length != len(body)
            or (not last and len(body) % RANGE_UNIT)
        ):
            return error(
                416,
                "ErrorInvalidRange",
                message=f"the next expected byte is {len(upload.received)}",
            )
        upload.received.extend(body)
        upload.ranges += 1
        if self.expire_after_ranges is not None and upload.ranges >= self.expire_after_ranges:
            upload.expires = datetime.now(UTC)  # dies now: the next PUT is refused
            self.expire_after_ranges = None
        if not last:
            return web.json_response(
                {
                    "expirationDateTime": upload.expires.isoformat(),
                    "nextExpectedRanges": [str(len(upload.received))],
                }
            )
        draft = self.drafts.get(upload.draft_id)
        del self.sessions[upload.id]
        if draft is None:
            return error(404, "ErrorItemNotFound")
        draft.files.append(DraftFile(upload.name, upload.content_type, bytes(upload.received)))
        location = f"{self.api_url()}/v1.0/messages/{draft.id}/attachments/{len(draft.files)}"
        return web.Response(status=201, headers={"Location": location})

    async def send(self, request: web.Request) -> web.Response:
        draft = self.drafts.get(request.match_info["id"])
        if draft is None or draft.sent:
            return error(404, "ErrorItemNotFound")
        whole = assembled(draft)
        if len(whole) > self.message_max:
            return error(
                400, "ErrorMessageSizeExceeded", message="The message exceeds the maximum size."
            )
        draft.sent = True
        self.on_sent(whole)
        if self.lose_send_answers:
            self.lose_send_answers -= 1
            return error(504, "GatewayTimeout")
        return web.Response(status=202)

    def _resource(self, draft: Draft) -> dict[str, Any]:
        return {
            "id": draft.id,
            "internetMessageId": draft.internet_message_id,
            "isDraft": not draft.sent,
            "parentFolderId": "sentitems" if draft.sent else "drafts",
        }


def assembled(draft: Draft) -> bytes:
    """The message as sent: the draft's MIME with its files after its own parts."""
    message = message_from_bytes(draft.raw, policy=policy.SMTP)
    assert isinstance(message, EmailMessage)
    del message["Message-ID"]
    message["Message-ID"] = draft.internet_message_id
    for file in draft.files:
        maintype, _, subtype = file.content_type.partition("/")
        message.add_attachment(
            file.content, maintype=maintype or "application",
            subtype=subtype or "octet-stream", filename=file.name,
        )  # fmt: skip
    return message.as_bytes()


def exchange_message_id() -> str:
    """A Message-ID as Exchange Online writes its own."""
    return f"<{uuid.uuid4().hex.upper()}@GV1PR08MB1234.eurprd08.prod.outlook.com>"


def _attachment(draft: Draft, index: int) -> dict[str, Any]:
    file = draft.files[index]
    return {
        "@odata.type": "#microsoft.graph.fileAttachment",
        "id": f"{draft.id}-{index + 1}",
        "name": file.name,
        "contentType": file.content_type,
        "size": len(file.content),
    }


def error(
    status: int, code: str, headers: dict[str, str] | None = None, message: str = ""
) -> web.Response:
    """Graph's error body: {"error": {"code", "message"}}."""
    body = {"error": {"code": code, "message": message or code}}
    return web.json_response(body, status=status, headers=headers)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UPLOADS = "/upload/"  # where upload URLs point: no bearer token, an authtoken in the query


def add_routes(
    application: web.Application,
    drafts: Drafts,
    *,
    users: str,
    ours: Callable[[web.Request], bool],
) -> None:
    """The draft routes under `users` ("/v1.0/users/{mailbox}"), each refused for any mailbox
    but the stand-in's own (`ours`), and the upload URLs."""

    def mailbox_checked(handler: Handler) -> Handler:
        async def checked(request: web.Request) -> web.StreamResponse:
            if not ours(request):
                return error(404, "ErrorInvalidUser")
            return await handler(request)

        return checked

    routes = application.router
    for method, path, handler in [
        ("POST", "/messages", drafts.create),
        ("GET", "/messages", drafts.find),
        ("DELETE", "/messages/{id}", drafts.delete),
        ("POST", "/messages/{id}/attachments", drafts.attach),
        ("GET", "/messages/{id}/attachments", drafts.attachments),
        ("POST", "/messages/{id}/attachments/createUploadSession", drafts.create_upload_session),
        ("POST", "/messages/{id}/send", drafts.send),
    ]:
        routes.add_route(method, users + path, mailbox_checked(handler))
    routes.add_put(UPLOADS + "{session}", drafts.put_range)
