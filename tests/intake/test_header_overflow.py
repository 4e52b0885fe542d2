"""A header section too long to read whole (a relay that piles up headers, or a hostile sender)
still leaves the complainant's words readable on the case, and staff are told to read the raw
message. Before, the body of a message with over 100 KiB of headers was dropped: the case read
"(no text)", was not flagged, and triage weighed only the subject. Real mail over real sockets."""

from __future__ import annotations

import time

from intake.parsing import parse_message
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

WORDS = "My son's social worker has not visited since June and nobody answers my calls."


def piled_up(raw: bytes, headers: int = 8_000) -> bytes:
    """`raw` with `headers` extra header lines of about 100 bytes each in front of its own."""
    filler = b"".join(b"X-Relay-%d: %s\r\n" % (i, b"r" * 85) for i in range(headers))
    return filler + raw


def test_the_body_after_800_kb_of_headers_is_read_within_the_bound() -> None:
    started = time.thread_time()
    parsed = parse_message(piled_up(mail(WORDS)))
    assert time.thread_time() - started < 2
    assert parsed.text == WORDS
    assert "header section over the limit: the rest of it was not read" in parsed.defects


def test_the_body_after_too_many_header_lines_is_read() -> None:
    raw = piled_up(
        b'Subject: complaint\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\n" + WORDS.encode() + b"\r\n--b--\r\n",
        headers=900,  # under 100 KiB, but over 1,000 lines with 200 more below
    )
    raw = b"X-Short: s\r\n" * 200 + raw
    parsed = parse_message(raw)
    assert "too many header lines: the rest were not read" in parsed.defects
    assert WORDS in parsed.text


async def test_a_message_with_800_kb_of_headers_keeps_its_words_and_is_flagged(
    intake: Intake,
) -> None:
    raw = piled_up(mail(WORDS))
    assert 100 * 1024 * 7 < len(raw) < 1_000_000  # the tests' message size limit
    code, _ = await deliver(intake, raw)
    assert code == 250
    (case,) = intake.cases()
    (stored,) = intake.inbound()
    assert stored.raw == raw and stored.text == WORDS
    assert case.needs_attention
    assert "part of the message was not read" in (case.attention_reason or "")
