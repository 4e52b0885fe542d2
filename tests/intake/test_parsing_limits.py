"""Parsing is total and bounded: hostile structure is truncated, never a hang or a crash."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.autoreply import should_acknowledge
from intake.parsing import ParsedMessage, parse_message
from outbound.compose import UnsafeAddress, compose_email


def timed(raw: bytes) -> tuple[ParsedMessage, float]:
    started = time.thread_time()
    parsed = parse_message(raw)
    return parsed, time.thread_time() - started


def test_one_megabyte_of_headers() -> None:
    raw = b"Subject: big\r\n" + b"X-Filler: " + b"a" * (1024 * 1024) + b"\r\n\r\nbody\r\n"
    parsed, seconds = timed(raw)
    assert seconds < 2
    assert any("header" in defect for defect in parsed.defects)


def test_ten_thousand_headers() -> None:
    raw = b"".join(b"X-H%d: v\r\n" % i for i in range(10_000)) + b"\r\nbody\r\n"
    parsed, seconds = timed(raw)
    assert seconds < 2
    assert any("too many header" in defect for defect in parsed.defects)


def test_a_thousand_parts() -> None:
    parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(1000))
    raw = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + b"--b--\r\n"
    parsed, seconds = timed(raw)
    assert seconds < 2
    assert any("too many MIME parts" in defect for defect in parsed.defects)


def test_nesting_depth_fifty() -> None:
    inner = b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    for level in range(50):
        inner = (
            b'Content-Type: multipart/mixed; boundary="d%d"\r\n\r\n--d%d\r\n' % (level, level)
            + inner
            + b"--d%d--\r\n" % level
        )
    parsed, seconds = timed(inner)
    assert seconds < 2
    assert any("nesting too deep" in defect for defect in parsed.defects)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=4000))
def test_any_bytes_parse_without_raising(raw: bytes) -> None:
    parsed = parse_message(raw)
    assert "\n" not in parsed.subject


@settings(max_examples=100, deadline=None)
@given(
    headers=st.lists(
        st.tuples(
            st.sampled_from(["Subject", "From", "Content-Type", "Message-ID", "References", "To"]),
            st.text(max_size=200),
        ),
        max_size=8,
    ),
    body=st.text(max_size=500),
)
def test_any_headers_parse_without_raising(headers: list[tuple[str, str]], body: str) -> None:
    raw = "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n" + body
    parse_message(raw.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("bad", ["a@b.org\r\nBcc: evil@x.org", "no-at-sign", "a@b\n.org"])
def test_addresses_with_line_breaks_are_refused(bad: str) -> None:
    with pytest.raises(UnsafeAddress):
        compose_email(
            to=bad,
            from_address="c@heard.localhost",
            subject="s",
            text="t",
            message_id_domain="heard.localhost",
        )


def test_hostile_subject_never_becomes_a_header() -> None:
    message = compose_email(
        to="a@b.org",
        from_address="c@heard.localhost",
        subject="Hi\r\nBcc: evil@x.org\nX-Evil: 1",
        text="t",
        message_id_domain="heard.localhost",
    )
    wire = message.as_bytes()
    assert b"\r\nBcc:" not in wire and b"\nBcc:" not in wire
    assert b"\nX-Evil" not in wire
    assert message["Subject"] == "Hi Bcc: evil@x.org X-Evil: 1"


@pytest.mark.parametrize(
    ("sender", "allowed"),
    [
        ("", False),
        ("MAILER-DAEMON@mx.example.org", False),
        ("postmaster@example.org", False),
        ("complaints@heard.localhost", False),
        ("noreply@example.org", False),
        ("parent@example.org", True),
        ("o'neil+complaint@example.org", True),
        ('"parent name"@example.org', False),
        ("parent[1]@example.org", False),
        ("par\\ent@example.org", False),
        ("parent@[192.0.2.1]", False),
        ("parent@example.org\r\nBcc: x@y.org", False),
    ],
)
def test_who_gets_an_automatic_reply(sender: str, allowed: bool) -> None:
    verdict, _ = should_acknowledge(
        ParsedMessage(), envelope_sender=sender, our_addresses=["complaints@heard.localhost"]
    )
    assert verdict is allowed
