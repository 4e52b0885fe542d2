"""Parsing one inbound message into what heard needs. Pure, total and bounded.

Never raises: broken MIME gives `unparseable=True` and whatever could be read (the raw bytes are
stored by the caller regardless). Never hangs: headers, parts and nesting are capped before the
`email` package sees them, so a message of 10,000 headers or 1,000 parts costs bounded time.
The From header is only a display: identity comes from the SMTP envelope.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email import errors, message_from_bytes
from email.message import Message
from email.policy import compat32
from email.utils import unquote
from typing import Any

from intake.mime_text import (
    MAX_HTML_CHARS,
    decode_bytes,
    decode_header_value,
    from_eight_bit,
    html_to_text,
    one_line,
)
from intake.reply_text import split_reply
from intake.sign_off import name_from_sign_off

# The first value of a header by name, or None when the message has none.
HeaderReader = Callable[[str], str | None]

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# An address is a run of address characters, "@", and another run. Linear time whatever the
# input: a match may only start where a run starts (the lookbehind), and the runs are possessive,
# so the engine never rescans a run from each of its characters. The unanchored form of this
# pattern took 20 s over a 97 KB From header, holding the GIL and so freezing the event loop.
_ATOM = r"[^\s<>()\"@,;:\[\]]"
_ADDR_SPEC = re.compile(rf"(?<!{_ATOM})(?P<local>{_ATOM}++)@(?P<domain>{_ATOM}++)")
# No address header of a real person's mail is this long; a longer one is not read for an
# address at all (cut short, it could yield a wrong one).
MAX_ADDRESS_HEADER_CHARS = 4000
_MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]{1,900}>")
_AUTH_VERDICT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
# The From domain the gateway's DMARC verdict was about (RFC 8601 `header.from=`).
_DMARC_DOMAIN = re.compile(
    r"\bdmarc\s*=\s*[a-z]+[^;]{0,500}?\bheader\.from\s*=\s*([^\s;]{1,255})", re.I
)
# The subject prefixes mail clients put on out-of-office replies (Outlook, Exchange, Gmail,
# Thunderbird and their German and French forms). Anchored: a resident may well write "my
# social worker is always on leave", and that complaint must still be triaged and answered.
_OUT_OF_OFFICE = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|autoreply|auto-response|out of (?:the )?office"
    r"(?: auto ?reply)?|abwesenheitsnotiz|r[ée]ponse automatique|absence du bureau)\s*:",
    re.IGNORECASE,
)


_CUT_SHORT = (errors.CloseBoundaryNotFoundDefect, errors.StartBoundaryNotFoundDefect)


@dataclass(frozen=True)
class ParseLimits:
    max_header_bytes: int = 100 * 1024
    max_headers: int = 1000
    max_parts: int = 200
    max_depth: int = 20
    attachment_max_bytes: int = 10 * 1024 * 1024
    attachments_total_max_bytes: int = 20 * 1024 * 1024
    reference_prefix: str = "CSC"


@dataclass(frozen=True)
class AttachmentInfo:
    filename: str | None
    content_type: str
    size: int
    sha256: str
    withheld_too_large: bool
    content: bytes | None


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    subject: str = ""
    from_display: str = ""
    # The name the writer signed with, when the body ends "Thanks, Jo Bloggs" (intake/sign_off)
    signed_name: str = ""
    from_address: str | None = None
    date: str | None = None
    text: str = ""
    quoted_text: str = ""
    signature: str = ""
    html_converted: bool = False
    attachments: tuple[AttachmentInfo, ...] = ()
    unparseable: bool = False
    defects: tuple[str, ...] = ()
    automated: bool = False
    automated_reason: str | None = None
    out_of_office: bool = False
    is_bounce: bool = False
    bounced_message_ids: tuple[str, ...] = ()
    auth_results: dict[str, str] | None = None
    dmarc_domain: str | None = None  # header.from of the gateway's DMARC verdict
    fingerprint: str | None = None  # SHA-256 of the raw bytes, when there is no Message-ID
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def machine_made(self) -> bool:
        """Sent by software, not a person (auto-reply, out-of-office, list, bounce): kept, but
        never triaged, acknowledged or counted as a complaint."""
        return self.automated or self.out_of_office or self.is_bounce


def parse_message(
    raw: bytes, *, limits: ParseLimits | None = None, split_quotes: bool = True
) -> ParsedMessage:
    """Everything heard reads from a message: headers, text, attachments, bounce reports.

    `split_quotes`: separate what a reply says now (`text`) from what it quotes and its
    signature. A new contact has nothing of ours to quote: with False its `text` is all it
    says, whatever separator lines it holds (a neighbour's report after `From: …` is the
    report), and `signature` is only noted."""
    return _parse(raw, limits or ParseLimits(), with_body=True, split_quotes=split_quotes)


def parse_headers(raw: bytes, *, limits: ParseLimits | None = None) -> ParsedMessage:
    """Only what the header section says: enough to find duplicates and threads, and to tell
    automated mail, before the 250. The body (text, attachments) is read after the commit.

    A delivery report (multipart/report) is read whole, because the Message-ID it reports is in
    its body and a bounce must attach to the case it refers to.
    """
    limits = limits or ParseLimits()
    parsed = _parse(raw, limits, with_body=False)
    return _parse(raw, limits, with_body=True) if parsed.is_bounce else parsed


def _parse(
    raw: bytes, limits: ParseLimits, *, with_body: bool, split_quotes: bool = True
) -> ParsedMessage:
    defects: list[str] = []
    try:
        header_block, body_bytes = _split(raw, limits, defects)
        message = _message(header_block, body_bytes if with_body else b"")
        fields = _header_fields(message, limits, raw)
        if not with_body:
            return ParsedMessage(
                **fields,
                is_bounce=message.get_content_type() == "multipart/report",
                defects=tuple(defects),
            )
        return _with_body(message, fields, limits, defects, split_quotes=split_quotes)
    except Exception as error:  # a parser bug must never cost us the message
        defects.append(f"parser failed: {type(error).__name__}")
        return ParsedMessage(
            unparseable=True,
            defects=tuple(defects),
            text=decode_bytes(raw[:200_000], "utf-8") if with_body else "",
            fingerprint=hashlib.sha256(raw).hexdigest(),
        )


def _message(header_block: bytes, body: bytes) -> Message:
    """The message the email package makes of `header_block`, a blank line and `body`.

    The parser takes a body line by line (a 200 KB body is thousands of lines, most of the
    cost of reading a message), but a body that is not multipart or message/* becomes the
    payload exactly as it stands, decoded as the parser decodes it: such a body is set in one
    piece. Only a multipart or message/* body, or a header section the parser reads as partly
    body (a line that is not a header), goes through the parser whole."""
    head = message_from_bytes(header_block + b"\r\n\r\n", policy=compat32)
    if not body:
        return head
    if head.get_content_maintype() in ("multipart", "message") or head.get_payload() != "":
        return message_from_bytes(header_block + b"\r\n\r\n" + body, policy=compat32)
    head.set_payload(body.decode("ascii", "surrogateescape"))
    return head


def _split(raw: bytes, limits: ParseLimits, defects: list[str]) -> tuple[bytes, bytes]:
    """The header section (capped in bytes and lines, so parsing it costs bounded time) and
    the body, which is still found and read after a header section too long to read whole: a
    relay that piles up headers must not cost the complainant their words."""
    end = _HEADER_END.search(raw)
    header_block, body = (raw[: end.start()], raw[end.end() :]) if end else (raw, b"")
    if len(header_block) > limits.max_header_bytes:
        defects.append("header section over the limit: the rest of it was not read")
        cut = header_block[: limits.max_header_bytes]
        last_line_break = cut.rfind(b"\n")  # never half a header line
        header_block = cut[:last_line_break].rstrip(b"\r") if last_line_break > 0 else cut
    if header_block.count(b"\n") > limits.max_headers:
        defects.append("too many header lines: the rest were not read")
        header_block = b"\n".join(header_block.split(b"\n")[: limits.max_headers])
    return header_block, body


def _header_fields(message: Message, limits: ParseLimits, raw: bytes) -> dict[str, Any]:
    header = _header_reader(message)
    subject = one_line(decode_header_value(header("Subject")))
    from_header = header("From") or ""
    from_raw = decode_header_value(from_header[:MAX_ADDRESS_HEADER_CHARS])
    from_address = (
        _strict_address(from_raw) if len(from_header) <= MAX_ADDRESS_HEADER_CHARS else None
    )
    automated_reason = _automated_reason(header)
    message_id = _first_message_id(header("Message-ID"))
    return {
        "message_id": message_id,
        "in_reply_to": _first_message_id(header("In-Reply-To")),
        "references": tuple(_MESSAGE_ID.findall(header("References") or ""))[:50],
        "subject": subject,
        "from_display": one_line(_display_name(from_raw), limit=200),
        "from_address": from_address,
        "date": one_line(header("Date") or "", limit=100) or None,
        "automated": automated_reason is not None,
        "automated_reason": automated_reason,
        "out_of_office": bool(_OUT_OF_OFFICE.match(subject)) or automated_reason == "auto-replied",
        "auth_results": _auth_results(message),
        "dmarc_domain": _dmarc_domain(message),
        # Only needed to spot a copy of a message without a Message-ID (the same raw bytes,
        # as a gateway retries it); hashing every message would cost each a pass before the 250.
        "fingerprint": None if message_id else hashlib.sha256(raw).hexdigest(),
        "headers": {
            name: one_line(decode_header_value(header(name)), limit=300)
            for name in ("Auto-Submitted", "Precedence", "List-Id", "X-Loop")
            if header(name)
        },
    }


def _with_body(
    message: Message,
    fields: dict[str, Any],
    limits: ParseLimits,
    defects: list[str],
    *,
    split_quotes: bool = True,
) -> ParsedMessage:
    body = _Body(limits)
    body.walk(message, depth=0)
    defects.extend(body.defects)
    defects.extend(type(defect).__name__ for defect in message.defects[:10])
    text = body.plain if body.plain is not None else (html_to_text(body.html) if body.html else "")
    if body.plain is None and body.html and len(body.html) > MAX_HTML_CHARS:
        defects.append(f"HTML body over {MAX_HTML_CHARS:,} characters: the rest was not read")
    reply = split_reply(text)
    return ParsedMessage(
        **fields,
        text=reply.new_text if split_quotes else text.strip(),
        quoted_text=reply.quoted if split_quotes else "",
        signature=reply.signature,
        signed_name=name_from_sign_off(reply.new_text, reply.signature) or "",
        html_converted=body.plain is None and body.html is not None,
        attachments=tuple(body.attachments),
        unparseable=body.unparseable or (not text and bool(body.defects)),
        defects=tuple(dict.fromkeys(defects))[:30],
        is_bounce=body.is_report,
        bounced_message_ids=tuple(body.reported_ids),
    )


class _Body:
    """Walks the MIME tree once, within the part and depth limits."""

    def __init__(self, limits: ParseLimits) -> None:
        self.limits = limits
        self.plain: str | None = None
        self.html: str | None = None
        self.attachments: list[AttachmentInfo] = []
        self.defects: list[str] = []
        self.parts = 0
        self.kept_bytes = 0
        self.unparseable = False
        self.is_report = False
        self.reported_ids: list[str] = []

    def walk(self, part: Message, *, depth: int) -> None:
        self.parts += 1
        if self.parts > self.limits.max_parts:
            if self.parts == self.limits.max_parts + 1:
                self.defects.append("too many MIME parts: the rest were not read")
            return
        if depth > self.limits.max_depth:
            self.defects.append("MIME nesting too deep: the rest was not read")
            return
        content_type = part.get_content_type()
        if content_type == "multipart/report":
            self.is_report = True
        payload = part.get_payload()
        if any(isinstance(defect, _CUT_SHORT) for defect in part.defects):
            # Its parts never close (or never start): the message was cut short on its way, or
            # is not the MIME it says; what was read is kept, and staff read the raw message.
            self.defects.append("a multipart part is not closed: the message may be cut short")
            self.unparseable = True
        if part.is_multipart() and isinstance(payload, list):
            for child in payload:
                if isinstance(child, Message):
                    self.walk(child, depth=depth + 1)
            return
        if content_type in ("message/rfc822", "text/rfc822-headers", "message/delivery-status"):
            self._note_reported(part)
            if isinstance(payload, list):
                for child in payload:
                    if isinstance(child, Message):
                        self.walk(child, depth=depth + 1)
            return
        self._leaf(part, content_type)

    def _leaf(self, part: Message, content_type: str) -> None:
        try:
            data = part.get_payload(decode=True)
        except Exception:
            data = None
            self.defects.append("undecodable part")
        if not isinstance(data, bytes):
            data = b""
        filename = _filename(part)
        disposition = (part.get("Content-Disposition") or "").lower()
        inline_text = (
            content_type.startswith("text/") and not filename and ("attachment" not in disposition)
        )
        if inline_text and content_type == "text/plain" and self.plain is None:
            self.plain = decode_bytes(data, part.get_content_charset())
            return
        if inline_text and content_type == "text/html" and self.html is None:
            self.html = decode_bytes(data, part.get_content_charset())
            return
        if inline_text:
            return
        size = len(data)
        withheld = (
            size > self.limits.attachment_max_bytes
            or self.kept_bytes + size > self.limits.attachments_total_max_bytes
        )
        if not withheld:
            self.kept_bytes += size
        self.attachments.append(
            AttachmentInfo(
                filename=filename,
                content_type=content_type[:255],
                size=size,
                sha256=hashlib.sha256(data).hexdigest(),
                withheld_too_large=withheld,
                content=None if withheld else data,
            )
        )

    def _note_reported(self, part: Message) -> None:
        text = part.as_string() if not part.is_multipart() else ""
        for child in part.get_payload() if part.is_multipart() else []:
            if isinstance(child, Message):
                text += "\n" + str(child.get("Message-ID") or "")
        match = re.search(r"(?im)^(?:Original-)?Message-ID:\s*(<[^<>\s]+>)", text)
        if match:
            self.reported_ids.append(match.group(1))


def _header_reader(message: Message) -> HeaderReader:
    """The first value of each header as the sender wrote it, 8-bit bytes read as text (the
    parser's own `get` would turn them into replacement characters)."""
    first: dict[str, str] = {}
    for name, value in message.raw_items():
        first.setdefault(name.lower(), str(value))

    def header(name: str) -> str | None:
        value = first.get(name.lower())
        return None if value is None else from_eight_bit(value)

    return header


def _automated_reason(header: HeaderReader) -> str | None:
    auto = (header("Auto-Submitted") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return "auto-replied" if "replied" in auto else f"auto-submitted: {auto[:40]}"
    precedence = (header("Precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"precedence: {precedence}"
    if header("List-Id"):
        return "mailing list"
    if header("X-Loop"):
        return "x-loop"
    if header("X-Autoreply") or header("X-Autorespond"):
        return "auto-replied"
    return None


def _auth_results(message: Message) -> dict[str, str] | None:
    values = message.get_all("Authentication-Results") or []
    if not values:
        return None
    # Our gateway adds its header on top: the first one is the one we trust.
    verdicts = {
        name.lower(): verdict.lower() for name, verdict in _AUTH_VERDICT.findall(str(values[0]))
    }
    return verdicts or None


def _dmarc_domain(message: Message) -> str | None:
    values = message.get_all("Authentication-Results") or []
    match = _DMARC_DOMAIN.search(str(values[0])[:5000]) if values else None
    return match.group(1).strip().lower() if match else None


def authenticated_from(parsed: ParsedMessage) -> str | None:
    """The From address when the gateway vouches for it (DMARC pass, aligned with that very
    From domain), else None: an unauthenticated From is a display, never an identity."""
    verdict = (parsed.auth_results or {}).get("dmarc")
    if verdict != "pass" or not parsed.from_address:
        return None
    domain = parsed.from_address.rsplit("@", 1)[1]
    if parsed.dmarc_domain is not None and parsed.dmarc_domain != domain:
        return None
    return parsed.from_address


def _first_message_id(value: str | None) -> str | None:
    if not value:
        return None
    match = _MESSAGE_ID.search(value)
    return match.group(0) if match else None


def _strict_address(from_value: str) -> str | None:
    """The one address in From, or None when it is ambiguous (CVE-2023-27043)."""
    found = {
        match.group(0).lower()
        for match in _ADDR_SPEC.finditer(from_value)
        if "." in match.group("domain")[1:-1]
    }
    return found.pop() if len(found) == 1 else None


def _display_name(from_value: str) -> str:
    name = re.sub(r"<[^<>]*>", "", from_value).strip().strip('"').strip()
    return name if name and "@" not in name else ""


def _filename(part: Message) -> str | None:
    """The attachment's name. An RFC 2231 name (`filename*=charset''…`) is decoded here, in
    mail charsets only: the email package's own decoding accepts any codec (punycode's takes
    time growing with the square of the name)."""
    try:
        value = part.get_param("filename", None, "content-disposition")
        if value is None:
            value = part.get_param("name", None, "content-type")
        if value is None:
            return None
        if isinstance(value, tuple):
            charset, _, text = value
            name = decode_bytes(bytes(str(text)[:2000], "raw-unicode-escape"), charset)
        else:
            name = unquote(str(value)[:2000])
    except Exception:
        return None
    name = name.strip()
    return one_line(decode_header_value(name), limit=255) if name else None
