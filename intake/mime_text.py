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

from outbound.text import one_line as one_line  # shared with outbound/ (subjects we send)

_SURROGATE = re.compile(r"[\ud800-\udfff]")
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
    value = from_eight_bit(str(value))
    if "=?" not in value:
        return value
    try:
        pieces = decode_header(value)
    except Exception:  # malformed encoded words: show the raw text
        return value
    return "".join(_decoded_piece(chunk, charset) for chunk, charset in pieces)


def _decoded_piece(chunk: bytes | str, charset: str | None) -> str:
    if isinstance(chunk, str):
        return chunk
    if charset is None:  # text between encoded words, which decode_header hands back escaped
        try:
            return chunk.decode("raw-unicode-escape")
        except UnicodeDecodeError:  # a stray backslash-u: Latin-1 is that escaping's base
            return chunk.decode("latin-1")
    return decode_bytes(chunk, charset)


def from_eight_bit(text: str) -> str:
    """A header's raw 8-bit bytes read as UTF-8 (RFC 6532), or where they hold no UTF-8 at all
    as an old client's Windows-1252. The parser hands them over as surrogate escapes, which
    would otherwise show as replacement characters or fail on the way into the database."""
    if not _SURROGATE.search(text):
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    as_utf8 = data.decode("utf-8", "replace")
    if any(ord(char) > 127 and char != "\ufffd" for char in as_utf8):
        return as_utf8  # UTF-8, perhaps with a stray byte or two
    return data.decode("cp1252", "replace")


def html_to_text(markup: str) -> str:
    """Readable text from an HTML-only body; scripts and styles dropped, tags removed."""
    with_breaks = _BLOCK_TAGS.sub("\n", markup)
    cleaned = nh3.clean(with_breaks, tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(cleaned)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()
