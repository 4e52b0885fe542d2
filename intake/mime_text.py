"""Decoding text out of hostile mail without ever raising: headers, charsets, HTML.

An unknown charset (`charset=x-bogus`, `=?x-unknown?B?…?=`) makes Python's codecs raise
LookupError even with errors="replace"; every decode here goes through `decode_bytes`, which
falls back to UTF-8 and then Latin-1 with replacement.
"""

from __future__ import annotations

import codecs
import html
import re
from email.header import decode_header

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:br|/p|/div|/li|/tr|/h\d|p|div|li|tr)\b[^>]*>")


def decode_bytes(data: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        try:
            return data.decode(candidate, errors="strict")
        except (UnicodeDecodeError, LookupError, ValueError):
            if candidate == charset:
                continue
    return data.decode("utf-8", errors="replace")


def decode_header_value(value: str | None) -> str:
    """RFC 2047 words decoded; undecodable pieces replaced, never an exception."""
    if not value:
        return ""
    value = str(value)
    try:
        pieces = decode_header(value)
    except Exception:  # malformed encoded words: show the raw text
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            text.append(decode_bytes(chunk, charset))
        else:
            text.append(chunk.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    return "".join(text)


def one_line(text: str, *, limit: int = 998) -> str:
    """What a subject may be when shown or reused: one line, no control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def html_to_text(markup: str) -> str:
    """Readable text from an HTML-only body; scripts and styles dropped, tags removed."""
    with_breaks = _BLOCK_TAGS.sub("\n", markup)
    cleaned = nh3.clean(with_breaks, tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(cleaned)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()
