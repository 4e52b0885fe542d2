"""intake/smtp_data.py reads DATA as aiosmtpd's line loop did: the same content, the same
limits, the same end, whatever the line shapes and however the bytes arrive."""

from __future__ import annotations

import asyncio
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.smtp_data import Problem, read_data

PIECES = [b"a", b"bc", b".", b"..", b"\r", b"\n", b"\r\n", b"\r\n.", b".\r\n", b"x" * 40]
PIPELINED = b"MAIL FROM:<next@example.org>\r\n"


def reference(stream: bytes, line_limit: int, size_limit: int | None):
    """aiosmtpd 1.4.6's smtp_DATA, a line at a time: (content, problem, bytes read), or None
    when the stream has no end of data. Also whether both limits were broken."""
    position, size, kept, problem = 0, 0, [], None
    too_long = too_much = False
    while True:
        end = stream.find(b"\r\n", position)
        if end == -1:
            return None
        line, position = stream[position : end + 2], end + 2
        if line == b".\r\n":
            break
        if len(line) > line_limit:
            too_long = True
            problem = problem or Problem.TOO_LONG
        size += len(line)
        if size_limit and size > size_limit:
            too_much = True
            problem = problem or Problem.TOO_MUCH
        kept.append(line[1:] if line.startswith(b".") else line)
    content = b"".join(kept) if problem is None else b""
    return content, problem, position, too_long and too_much


async def read_arriving(stream: bytes, line_limit: int, size_limit: int | None, seed: int):
    """read_data over a StreamReader fed in random pieces, as a socket delivers them."""
    reader = asyncio.StreamReader(limit=line_limit)
    rng = random.Random(seed)

    async def feed() -> None:
        position = 0
        while position < len(stream):
            size = rng.choice([1, 2, 3, 7, 64, 4096])
            reader.feed_data(stream[position : position + size])
            position += size
            await asyncio.sleep(0)
        reader.feed_eof()

    feeder = asyncio.create_task(feed())
    try:
        result = await read_data(reader, line_limit=line_limit, size_limit=size_limit)
    except asyncio.IncompleteReadError:
        result = None
    await feeder
    left = await reader.read()
    return result, left


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=80),
    ended=st.booleans(),
    line_limit=st.integers(min_value=4, max_value=90),
    size_limit=st.none() | st.integers(min_value=1, max_value=400),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_read_data_agrees_with_a_line_at_a_time(
    pieces: list[bytes], ended: bool, line_limit: int, size_limit: int | None, seed: int
) -> None:
    stream = b"".join(pieces) + (b"\r\n.\r\n" + PIPELINED if ended else b"")
    expected = reference(stream, line_limit, size_limit)
    got, left = asyncio.run(read_arriving(stream, line_limit, size_limit, seed))
    if expected is None:
        assert got is None
        return
    content, problem, read_up_to, both_broken = expected
    assert got is not None
    assert got[0] == content
    # Which of the two refusals a message breaking both limits gets is not specified.
    assert got[1] == problem or (both_broken and got[1] is not None)
    assert left == stream[read_up_to:]  # the next pipelined command is left in the stream


def test_a_message_of_one_lone_dot_is_empty() -> None:
    got, left = asyncio.run(read_arriving(b".\r\nQUIT\r\n", 100, None, 1))
    assert got == (b"", None)
    assert left == b"QUIT\r\n"


def test_a_bare_lf_dot_does_not_end_the_data() -> None:
    stream = b"Subject: x\r\n\r\nfirst\n.\nMAIL FROM:<a@b>\r\nsecond\r\n.\r\n"
    got, _ = asyncio.run(read_arriving(stream, 100, None, 2))
    assert got == (b"Subject: x\r\n\r\nfirst\n.\nMAIL FROM:<a@b>\r\nsecond\r\n", None)


def test_stuffed_dots_are_removed_and_lines_longer_than_the_buffer_are_refused() -> None:
    assert asyncio.run(read_arriving(b"..a\r\n.\r\n", 100, None, 3))[0] == (b".a\r\n", None)
    long_line = b"y" * 5000 + b"\r\n"
    got, left = asyncio.run(read_arriving(b"a\r\n" + long_line + b".\r\nQUIT\r\n", 1000, None, 4))
    assert got == (b"", Problem.TOO_LONG)
    assert left == b"QUIT\r\n"
    got, _ = asyncio.run(read_arriving(b"." + long_line + b".\r\n", 1000, None, 5))
    assert got == (b"", Problem.TOO_LONG)


def test_large_messages_are_read_in_few_reads() -> None:
    body = b"My son's social worker has not returned my calls.\r\n" * 4000
    got, _ = asyncio.run(read_arriving(body + b".\r\n", 1024 * 1024, None, 6))
    assert got == (body, None)


def test_every_short_stream_agrees_with_a_line_at_a_time() -> None:
    """Every stream of up to six bytes of a, CR, LF and dot, with line limits around their
    lengths: the edges (a CRLF split between reads, a line exactly at the limit) are all here."""
    streams = [
        b"".join(shape)
        for length in range(7)
        for shape in itertools.product((b"a", b"\r", b"\n", b"."), repeat=length)
    ]

    async def check_all() -> None:
        for number, body in enumerate(streams):
            stream = body + b"\r\n.\r\n" + PIPELINED
            for line_limit, size_limit in ((3, None), (4, 6), (5, None), (8, 3)):
                expected = reference(stream, line_limit, size_limit)
                assert expected is not None
                got, left = await read_arriving(stream, line_limit, size_limit, number)
                assert got is not None, body
                assert got[0] == expected[0], body
                assert got[1] == expected[1] or (expected[3] and got[1] is not None), body
                assert left == stream[expected[2] :], body

    asyncio.run(check_all())
