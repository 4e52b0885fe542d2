"""A letter too large for one Graph request, sent as the shared mailbox all the same: a draft
made from heard's MIME without its files, each file attached to it (one POST under 3 MB, an
upload session from 3 MB to 150 MB, as learn.microsoft.com/graph/outlook-large-attachments
says), then the draft sent. sendMail takes a whole message in one request, which Graph caps at
4 MB, and a stage 2 response with its reports is larger.

What must hold whatever fails (the outbox sends a row again after a refusal or a crash):
- never sent without its files: the draft is sent only once every file is on it, checked by
  reading the draft's attachments back; a failure on the way deletes the draft;
- never sent twice: before a new draft is made, the mailbox is searched for the letter's
  Message-ID (heard's, from its MIME: set on the draft when Exchange gave it one of its own,
  which also files the family's reply on its case); one already sent ends the attempt as
  sent (an earlier send whose answer was lost), a draft an earlier attempt left is deleted. This holds because
  heard composes each letter for its one recipient (an advocate's copy is a letter of its
  own, with its own Message-ID): one Message-ID is one outbox row;
- an expired upload URL starts that file's upload session again (once; then the row waits).
"""

from __future__ import annotations

import base64
import json
import logging
from contextlib import suppress
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote, urlencode

from outbound.graph_client import GraphClient, GraphError, Keep

log = logging.getLogger("heard.graph")

REQUEST_MAX = 4 * 1024 * 1024  # Graph refuses a request whose body is larger (413)
UPLOAD_SESSION_FROM = 3_000_000  # a file under 3 MB is one POST; Graph refuses a session for it
ATTACHMENT_MAX = 150 * 1024 * 1024  # the most an upload session takes
RANGE = 10 * 320 * 1024  # 3,200 KiB a PUT: a multiple of 320 KiB, under 4 MB
MESSAGE_OVERHEAD = 100_000  # the letter itself and the MIME around its files


# What one sendMail carries: heard's MIME, base64 again, within 4 MB (files are base64 in it
# already, so about 1.8 bytes go for each byte enclosed).
ONE_REQUEST_ENCLOSURES_MAX = 2_000_000


def enclosures_max(message_max_mb: int, *, drafts: bool = True) -> int:
    """The most a letter's files may weigh together for Exchange to send it: the mailbox's
    maximum message size (HEARD_GRAPH_MESSAGE_MAX_MB) counts the files base64-encoded, 4 bytes
    for 3, and the letter around them; and no file may be over what an upload session takes.
    Without `drafts` (an app that may only send, Mail.Send: it cannot write a draft), what
    one sendMail request carries."""
    if not drafts:
        return ONE_REQUEST_ENCLOSURES_MAX
    return min((message_max_mb * 1_000_000 - MESSAGE_OVERHEAD) * 3 // 4, ATTACHMENT_MAX)


def enclosures_limit(message_max_mb: int, *, drafts: bool = True) -> str:
    """`enclosures_max` in words, for staff whose chosen reports cannot go (outbound.letters):
    short, as it also goes in the case's flag (300 characters)."""
    most = f"{enclosures_max(message_max_mb, drafts=drafts) / 1e6:.1f} MB"
    if not drafts:
        return (
            f"{most} (Microsoft Graph's sendMail alone, one 4 MB request: HEARD_GRAPH_INTAKE=false)"
        )
    return (
        f"{most} (Microsoft Graph, a mailbox taking messages up to {message_max_mb} MB: "
        "HEARD_GRAPH_MESSAGE_MAX_MB)"
    )


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    content: bytes


def fits_one_request(raw: bytes) -> bool:
    """Whether sendMail can take the letter: its MIME, base64-encoded, within 4 MB."""
    return (len(raw) + 2) // 3 * 4 <= REQUEST_MAX


def without_files(raw: bytes) -> tuple[bytes, list[File]]:
    """The letter's MIME with its attached files taken out, and the files."""
    message = message_from_bytes(raw, policy=policy.SMTP)
    assert isinstance(message, EmailMessage)
    files = [_file(part) for part in message.iter_attachments() if isinstance(part, EmailMessage)]
    if files:
        kept: list[Any] = [part for part in message.iter_parts() if not part.is_attachment()]
        message.set_payload(kept)
    return message.as_bytes(policy=policy.SMTP), files


def _file(part: EmailMessage) -> File:
    content = part.get_payload(decode=True)
    return File(
        name=part.get_filename() or "enclosure",
        content_type=part.get_content_type(),
        content=content if isinstance(content, bytes) else b"",
    )


@dataclass
class DraftSender:
    """Sends one large letter through `client` as `mailbox` (see the module's docstring).
    `keep` is awaited before each request but a draft's deletion: the outbox row's lease is
    renewed through a long upload, and a worker whose lease lapsed and was taken over stops
    (ClaimLost) before it attaches or sends anything more."""

    client: GraphClient
    mailbox: str
    keep: Keep | None = None

    @property
    def _messages(self) -> str:
        return f"users/{quote(self.mailbox)}/messages"

    async def send(self, raw: bytes) -> None:
        """Send it, or raise GraphError with nothing sent (or it was sent before)."""
        bare, files = without_files(raw)
        message_id = str(message_from_bytes(bare, policy=policy.SMTP).get("Message-ID", "")).strip()
        if message_id and await self._sent_before(message_id):
            log.info("a large letter was already sent by an earlier attempt: not sent again")
            return
        created = _json(
            await self.client.request(
                "POST",
                self._messages,
                data=base64.b64encode(bare),
                headers={"Content-Type": "text/plain"},
                keep=self.keep,
            )
        )
        draft = str(created["id"])
        try:
            if message_id and created.get("internetMessageId") != message_id:
                await self._set_message_id(draft, message_id)
            for file in files:
                await self._attach(draft, file)
            await self._check_attached(draft, files)
        except GraphError:
            await self._discard(draft)
            raise
        try:
            await self.client.request(
                "POST", f"{self._messages}/{quote(draft)}/send", keep=self.keep
            )
        except GraphError as error:
            # A 4xx is a send refused (a message over the mailbox's limit): the draft goes.
            # Anything else may have been sent with its answer lost: the draft stays for the
            # next attempt to find, sent (nothing more to do) or not (deleted, made again).
            if 400 <= error.status < 500:
                await self._discard(draft)
            raise

    async def _set_message_id(self, draft: str, message_id: str) -> None:
        """Exchange may give a draft made from MIME an internetMessageId of its own; a draft's
        may be set ("updatable only if isDraft = true", message-update), and is, so the letter
        goes with heard's: the one the family's reply quotes, which files it on its case, and
        the one a later attempt looks for, so it is never sent twice."""
        await self.client.request(
            "PATCH",
            f"{self._messages}/{quote(draft)}",
            json={"internetMessageId": message_id},
            keep=self.keep,
        )

    async def _sent_before(self, message_id: str) -> bool:
        """Whether the mailbox holds this letter already sent; its drafts are deleted."""
        query = {
            "$filter": "internetMessageId eq '{}'".format(message_id.replace("'", "''")),
            "$select": "id,isDraft",
        }
        found = _json(
            await self.client.request("GET", f"{self._messages}?{urlencode(query)}", keep=self.keep)
        ).get("value", [])
        if any(not item.get("isDraft", True) for item in found):
            return True
        for item in found:
            await self._discard(str(item["id"]))
        return False

    async def _attach(self, draft: str, file: File) -> None:
        if len(file.content) < UPLOAD_SESSION_FROM:
            attachment = {
                "@odata.type": "#microsoft.graph.fileAttachment",
                "name": file.name,
                "contentType": file.content_type,
                "contentBytes": base64.b64encode(file.content).decode("ascii"),
            }
            await self.client.request(
                "POST",
                f"{self._messages}/{quote(draft)}/attachments",
                data=json.dumps(attachment).encode(),
                headers={"Content-Type": "application/json"},
                keep=self.keep,
            )
            return
        try:
            await self._upload(draft, file)
        except GraphError as error:
            if error.status != 401:  # the upload URL's own token expired: one new session
                raise
            log.warning("an upload URL expired before the file was in; starting it again")
            await self._upload(draft, file)

    async def _upload(self, draft: str, file: File) -> None:
        item = {"attachmentType": "file", "name": file.name, "size": len(file.content),
                "contentType": file.content_type}  # fmt: skip
        session = _json(
            await self.client.request(
                "POST",
                f"{self._messages}/{quote(draft)}/attachments/createUploadSession",
                json={"AttachmentItem": item},
                keep=self.keep,
            )
        )
        url, total, start = str(session["uploadUrl"]), len(file.content), 0
        while True:
            end = min(start + RANGE, total) - 1
            status, body = await self.client.answered(
                "PUT",
                url,
                data=file.content[start : end + 1],
                headers={
                    "Content-Type": "application/octet-stream",
                    "Content-Range": f"bytes {start}-{end}/{total}",
                },
                authorise=False,
                keep=self.keep,
            )
            if status == 201:  # the last byte is in: the file is on the draft
                return
            next_start = _next_expected(_json(body), after=end)
            if next_start <= start:  # Graph took nothing of the range: do not loop on it
                raise GraphError(416, "RangeNotTaken", f"the upload stopped at byte {start}")
            start = next_start

    async def _check_attached(self, draft: str, files: list[File]) -> None:
        listed = _json(
            await self.client.request(
                "GET", f"{self._messages}/{quote(draft)}/attachments?$select=name", keep=self.keep
            )
        ).get("value", [])
        missing = sorted({file.name for file in files} - {str(item.get("name")) for item in listed})
        if missing or len(listed) < len(files):
            raise GraphError(409, "AttachmentMissing", "the draft lacks an enclosure; not sent")

    async def _discard(self, draft: str) -> None:
        with suppress(GraphError):  # a draft left behind is deleted by the next attempt
            await self.client.request("DELETE", f"{self._messages}/{quote(draft)}")


def _next_expected(answer: dict[str, Any], *, after: int) -> int:
    """Where the next range starts: Graph's nextExpectedRanges (one "{start}" for Outlook)."""
    ranges = answer.get("nextExpectedRanges")
    try:
        start = int(str(ranges[0]).split("-")[0]) if ranges else after + 1
    except ValueError:
        start = after + 1
    return start


def _json(body: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
