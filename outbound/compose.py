"""Composing the mail heard sends. Headers are set only through the `email` API, whose policy
refuses CR/LF in any header value, and subjects are reduced to one line first: a hostile name
or subject can never add a header (Bcc:) to our mail. The policy is SMTP's, made cheaper for
the plain values we set (outbound/headers.py), with the same bytes on the wire."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import jinja2

from org.addresses import plain_email
from outbound.headers import COMPOSING
from outbound.text import one_line

SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Enclosure:
    """A file a letter carries (stage 2's reports, when staff choose to enclose them)."""

    filename: str
    content_type: str  # checked when it was kept (cases.report_files)
    content: bytes


class UnsafeAddress(ValueError):
    """A value that is not one plain address: refused before it reaches a header."""


def checked_address(address: str) -> str:
    """The one plain address `address` names, re-formatted (org.addresses.plain_email), so no
    header heard writes is garbled by a value stored before every caller checked addresses
    (a display name, several addresses, stray spaces, Unicode) or carries a line break."""
    plain = plain_email(address) if len(address) <= 320 and "\x00" not in address else None
    if plain is None:
        raise UnsafeAddress("not one plain email address")  # the value stays out of logs
    return plain


@functools.lru_cache(maxsize=8)
def templates(templates_dir: Path | None = None) -> jinja2.Environment:
    """One environment per template folder: compiled templates are cached inside it."""
    search = [str(templates_dir)] if templates_dir else []
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(SHIPPED_TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        # Templates are named "digest.html.j2": ["html"] alone matched none of them.
        autoescape=jinja2.select_autoescape(["html", "htm", "html.j2", "htm.j2"]),
        keep_trailing_newline=True,
    )


def compose_email(
    *,
    to: str,
    from_address: str,
    subject: str,
    text: str,
    message_id_domain: str,
    html: str | None = None,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    auto_submitted: str | None = "auto-replied",
    sent_at: datetime | None = None,
    enclosures: Sequence[Enclosure] = (),
) -> EmailMessage:
    message = EmailMessage(policy=COMPOSING)
    message["From"] = checked_address(from_address)
    message["To"] = checked_address(to)
    message["Subject"] = one_line(subject, limit=250)
    message["Message-ID"] = make_msgid(domain=message_id_domain)
    if sent_at is not None:
        message["Date"] = format_datetime(sent_at)
    if auto_submitted:
        message["Auto-Submitted"] = auto_submitted
        message["Precedence"] = "bulk"
        message["X-Auto-Response-Suppress"] = "All"
    if in_reply_to and _safe_id(in_reply_to):
        message["In-Reply-To"] = in_reply_to
        chain = [ref for ref in (*references, in_reply_to) if _safe_id(ref)]
        message["References"] = " ".join(dict.fromkeys(chain))
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for enclosure in enclosures:
        maintype, _, subtype = enclosure.content_type.partition("/")
        message.add_attachment(
            enclosure.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=one_line(enclosure.filename, limit=200),
        )
    return message


def with_immediate_risk(text: str, immediate_risk_text: str) -> str:
    """Every first letter tells its reader what to do if a child is at risk now or out of hours
    (HEARD_IMMEDIATE_RISK_TEXT: 999 and the council's emergency duty number). A council's own
    letter may leave the paragraph out; it then goes at the top all the same."""
    wanted = " ".join(immediate_risk_text.split())
    if not wanted or wanted in " ".join(text.split()):
        return text
    return f"{immediate_risk_text.strip()}\n\n{text}"


def _safe_id(message_id: str) -> bool:
    return (
        message_id.startswith("<")
        and message_id.endswith(">")
        and not any(ch in message_id for ch in "\r\n ")
    )
