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

from outbound.text import one_line as one_line  # shared with outbound/ (subjects we send)

_SURROGATE = re.compile(r"[\ud800-\udfff]")


# The charsets mail is written in, by the name Python's codecs give them. Anything else
# (`punycode`, whose decoder takes time growing with the square of its input; `idna`;
# `unicode_escape`; `undefined`) is read as UTF-8 with replacement, like an unknown charset.
_MAIL_CHARSET = re.compile(
    r"utf-8(?:-sig)?|utf-(?:16|32)(?:-[lb]e)?|utf-7|ascii|latin-1|iso8859-\d{1,2}|cp\d{3,5}"
    r"|mac-[a-z]+|koi8-[a-z]|kz1048|ptcp154|hp-roman8|tis-620|shift_jis\w*|euc_\w+"
    r"|iso2022_\w+|gb2312|gbk|gb18030|hz|big5\w*|johab"
)


def mail_charset(charset: str | None) -> str | None:
    """The codec for a charset mail may use, or None (unknown, or no mail charset)."""
    if not charset or len(charset) > 40:
        return None
    try:
        name = codecs.lookup(charset).name
    except (LookupError, ValueError):
        return None
    return name if _MAIL_CHARSET.fullmatch(name) else None


def decode_bytes(data: bytes, charset: str | None) -> str:
    for candidate in (mail_charset(charset), "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate, errors="strict")
        except (UnicodeDecodeError, LookupError, ValueError):
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


MAX_HTML_CHARS = 2_000_000  # of markup turned into text; the rest is not read (a defect says so)
_BLOCK_NAMES = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSING_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED = frozenset({"script", "style"})
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})")
_SKIPPED_END = {name: re.compile(rf"(?i)</{name}\b") for name in _SKIPPED}


def html_to_text(markup: str) -> str:
    """Readable text from an HTML-only body; scripts and styles dropped, tags removed.

    One pass, no tree: time grows with the length of the markup and nothing else. A tree
    builder (nh3's html5ever, and Python's html.parser on unclosed constructs) took time that
    grew with the square of the nesting: 1.4 MB of nested tags held intake for minutes. A tag
    left open at the end, or a script or style never closed, ends the text (browsers show
    nothing of it either)."""
    markup = markup[:MAX_HTML_CHARS]
    pieces: list[str] = []
    position, length = 0, len(markup)
    while position < length:
        start = markup.find("<", position)
        if start < 0:
            pieces.append(markup[position:])
            break
        pieces.append(markup[position:start])
        following = markup[start + 1 : start + 2]
        if markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            position = length if end < 0 else end + 3
            continue
        if following in ("!", "?"):
            end = markup.find(">", start + 2)
            position = length if end < 0 else end + 1
            continue
        tag = _TAG_NAME.match(markup, start)
        if tag is None:  # a "<" that starts no tag is text
            pieces.append("<")
            position = start + 1
            continue
        end = markup.find(">", tag.end())
        if end < 0:
            break
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        position = end + 1
        if name in (_CLOSING_BLOCKS if closing else _BLOCK_NAMES):
            pieces.append("\n")
        elif name in _SKIPPED and not closing and markup[end - 1 : end] != "/":
            skipped_end = _SKIPPED_END[name].search(markup, position)
            if skipped_end is None:
                break
            closing_end = markup.find(">", skipped_end.end())
            position = length if closing_end < 0 else closing_end + 1
        else:
            pieces.append(" " if name in ("td", "th") else "")
    text = html.unescape("".join(pieces))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()
