"""Only real mail charsets are decoded (issue 29, moderate 4). A Subject in `punycode` (whose
decoder takes time growing with the square of its input) held the thread that answers 250 for
seconds, and every other sender waited; `idna`, `unicode_escape` and `undefined` are no mail
charsets either. Such text is read as UTF-8 with replacement, like an unknown charset."""

from __future__ import annotations

import asyncio
import base64
import time

import pytest

from intake.mime_text import decode_bytes, decode_header_value, mail_charset
from intake.parsing import parse_headers, parse_message
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

# 90 KB of punycode: about five seconds to decode before, inside the 100 KiB header limit.
PUNYCODE = base64.b64encode(b"a" * 45_000 + b"-" + b"9" * 20_000).decode()
HOSTILE_SUBJECT = f"=?punycode?B?{PUNYCODE}?="


@pytest.mark.parametrize(
    ("charset", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("us-ascii", "ascii"),
        ("windows-1252", "cp1252"),
        ("ISO-8859-15", "iso8859-15"),
        ("koi8-r", "koi8-r"),
        ("Shift_JIS", "shift_jis"),
        ("iso-2022-jp", "iso2022_jp"),
        ("gb18030", "gb18030"),
        ("big5", "big5"),
        ("ks_c_5601-1987", "euc_kr"),
        ("utf-16", "utf-16"),
        ("punycode", None),
        ("idna", None),
        ("unicode_escape", None),
        ("raw_unicode_escape", None),
        ("undefined", None),
        ("base64", None),
        ("x-bogus", None),
    ],
)
def test_only_mail_charsets_are_used(charset: str, codec: str | None) -> None:
    assert mail_charset(charset) == codec


def test_a_punycode_subject_is_read_at_once() -> None:
    started = time.thread_time()
    subject = decode_header_value(HOSTILE_SUBJECT)
    assert time.thread_time() - started < 0.5
    assert subject  # read as UTF-8: something to show, never an exception
    assert decode_bytes(rb"caf\xe9", "unicode_escape") == r"caf\xe9"  # not unescaped


def test_a_punycode_attachment_name_and_body_are_read_at_once() -> None:
    raw = (
        b"From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=punycode\r\n\r\n"
        + b"a" * 45_000
        + b"-"
        + b"9" * 20_000
        + b"\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Disposition: attachment; filename*=punycode''"
        + b"b" * 45_000
        + b"-"
        + b"8" * 20_000
        + b"\r\n\r\nAAAA\r\n--b--\r\n"
    )
    started = time.thread_time()
    parsed = parse_message(raw)
    assert time.thread_time() - started < 1.0
    assert parsed.text.startswith("aaaa")
    assert len(parsed.attachments) == 1


async def test_other_senders_do_not_wait_for_a_punycode_subject(intake: Intake) -> None:
    hostile = mail("hello", subject=HOSTILE_SUBJECT, message_id="<puny@example.org>")
    started = time.thread_time()
    parse_headers(hostile)
    assert time.thread_time() - started < 0.5
    first = asyncio.create_task(deliver(intake, hostile))
    await asyncio.sleep(0)
    began = time.monotonic()
    code, _ = await deliver(
        intake, mail("My son's social worker never calls.", message_id="<other@example.org>")
    )
    waited = time.monotonic() - began
    assert code == 250 and (await first)[0] == 250
    assert waited < 3  # 4.5 to 9.6 s before
    assert len(intake.cases()) == 2
