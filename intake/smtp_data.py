"""Reading an SMTP DATA section in runs of lines rather than a line at a time.

aiosmtpd reads DATA one line per `readuntil(b"\\r\\n")`, with a debug log call and a few list
operations per line: about a microsecond a line, so receiving mail cost more of the event
loop's time than storing it, and a 20 MB message held the loop for a large part of a second
(aiosmtpd #293). Here one read takes everything up to the lone dot that ends the data, and
the dots that start lines are removed from the whole at once: ordinary mail is read in two
reads whatever its length.

What aiosmtpd checks is checked the same way (RFC 5321 4.5.2, 4.5.3.1.6 and 4.5.3.1.7):
- the data ends only at a line that is a lone dot between two CRLFs (a bare LF never ends it,
  so "\\n.\\n" cannot smuggle a second message in);
- a line that starts with a dot loses that dot;
- a line longer than the line limit (its CRLF included) makes the whole message "too long",
  more bytes than the size limit (counted as sent, before the dots are removed) "too much";
  either way the rest is read and dropped, and the caller refuses the message once it has
  ended, never in the middle of it;
- nothing after the end of data is read: a client's next pipelined command stays in the stream.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass, field

_LF_DOT_CRLF = b"\n.\r\n"  # after a CR: the lone dot that ends the data
_CRLF_DOT = b"\r\n."  # a line that starts with a dot
_CRLF = b"\r\n"


class Problem(enum.Enum):
    TOO_LONG = "a line is longer than the limit"
    TOO_MUCH = "the message is larger than the limit"


@dataclass
class _Received:
    """What has been read so far: the content kept, and the limits checked on the bytes as
    sent. Once a limit is broken nothing more is kept (the client still sends the rest)."""

    line_limit: int
    size_limit: int | None
    content: bytearray = field(default_factory=bytearray)
    problem: Problem | None = None
    size: int = 0
    line_so_far: int = 0  # bytes of the line not yet ended, a trailing CR included
    ends_in_cr: bool = False

    def take(self, sent: bytes) -> None:
        """Count `sent` against the limits and keep it (its dots are removed at the end)."""
        self._check_lines(sent)
        self.size += len(sent)
        if self.problem is None and self.size_limit and self.size > self.size_limit:
            self._fail(Problem.TOO_MUCH)
        if self.problem is None:
            self.content += sent

    def _check_lines(self, sent: bytes) -> None:
        if self.ends_in_cr and sent[:1] == b"\n":  # a CRLF split between two reads
            self._end_line(self.line_so_far + 1)
            sent = sent[1:]
        self.ends_in_cr = sent.endswith(b"\r")
        if self.line_so_far + len(sent) <= self.line_limit:  # no line in it can be too long
            last = sent.rfind(_CRLF)
            self.line_so_far = len(sent) - last - 2 if last >= 0 else self.line_so_far + len(sent)
            return
        lines = sent.split(_CRLF)
        for number, line in enumerate(lines[:-1]):
            self._end_line(len(line) + 2 + (self.line_so_far if number == 0 else 0))
        self.line_so_far = len(lines[-1]) + (self.line_so_far if len(lines) == 1 else 0)
        if self.line_so_far > self.line_limit:  # too long already, whenever it ends
            self._fail(Problem.TOO_LONG)

    def _end_line(self, length: int) -> None:
        if length > self.line_limit:
            self._fail(Problem.TOO_LONG)
        self.line_so_far = 0

    def _fail(self, problem: Problem) -> None:
        if self.problem is None:
            self.problem = problem
            self.content = bytearray()  # dropped at once, not held while the rest arrives


async def read_data(
    reader: asyncio.StreamReader, *, line_limit: int, size_limit: int | None
) -> tuple[bytes, Problem | None]:
    """Read a DATA section after the 354, up to and including the line with the lone dot.
    Returns the content (dots unstuffed) and the limit it broke, if any (then no content).
    Raises asyncio.IncompleteReadError if the client goes away first."""
    received = _Received(line_limit, size_limit)
    while True:  # at the start of a line
        first = await reader.readexactly(1)
        if first == b".":
            rest, whole = await _line_rest(reader, received)
            if whole and rest == _CRLF:
                break  # the lone dot
            received.take(b"." + rest)
            continue
        received.take(first)
        if await _up_to_the_end(reader, received, last=first):
            break
    if received.problem is not None:
        return b"", received.problem
    # Every line that starts with a dot loses it (the lone dot, the end, was never kept).
    content = bytes(received.content)
    if content.startswith(b"."):
        content = content[1:]
    return content.replace(_CRLF_DOT, _CRLF) if _CRLF_DOT in content else content, None


async def _up_to_the_end(reader: asyncio.StreamReader, received: _Received, last: bytes) -> bool:
    """Read on to the lone dot that ends the data and return True; or, where a bare LF comes
    before a line with a lone dot (that line is content), stop after it and return False, at
    the start of a line. `last`: the byte read before, which may be the CR before the end.
    A run longer than the stream's buffer limit comes in pieces."""
    while True:
        try:
            run = await reader.readuntil(_LF_DOT_CRLF)
        except asyncio.LimitOverrunError as error:
            piece = await reader.readexactly(error.consumed)
            received.take(piece)
            last = piece[-1:]
            continue
        if (run[-5:-4] or last) == b"\r":
            received.take(run[:-3])  # the lone dot is not content
            return True
        received.take(run)
        return False


async def _line_rest(reader: asyncio.StreamReader, received: _Received) -> tuple[bytes, bool]:
    """The rest of a line after its leading dot, CRLF included, and whether that is the whole
    rest. A line longer than the stream's buffer limit is read in pieces: they are counted
    (the message is too long) and only the last is returned."""
    whole = True
    while True:
        try:
            return await reader.readuntil(_CRLF), whole
        except asyncio.LimitOverrunError as error:
            received.take(await reader.readexactly(error.consumed))
            whole = False
