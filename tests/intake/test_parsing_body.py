"""A body that is not multipart or message/* is set as the payload in one piece rather than fed
to the parser line by line: the message must be exactly the one the parser makes of the whole
(headers, payload, defects, preamble and epilogue), whatever the header section, the line
endings, the bytes or the content type."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from intake.parsing import ParseLimits, _message, _split, parse_message

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

HEADER_LINES = [
    b"From: a@example.org",
    b"Subject: =?utf-8?q?R=C3=A9clamation?=",
    b"Subject: caf\xc3\xa9",
    b"Content-Type: text/plain; charset=utf-8",
    b"Content-Type: text/html",
    b"Content-Type: multipart/mixed; boundary=b1",
    b"Content-Type: multipart/alternative",
    b"Content-Type: message/rfc822",
    b"Content-Type: message/delivery-status",
    b"Content-Type: application/pdf",
    b"Content-Type: bogus",
    b"Content-Transfer-Encoding: quoted-printable",
    b"Content-Transfer-Encoding: base64",
    b" folded continuation",
    b"not a header line",
    b"X-Empty:",
    b"",
]
BODY_PIECES = [
    b"My son's social worker has not returned my calls. ",
    b"--b1",
    b"--b1--",
    b"Content-Type: text/plain",
    b"From: b@example.org",
    b"caf\xc3\xa9 \xff\xfe",
    b"=C3=A9=\r\n",
    b"aGVsbG8=",
    b"\x00\x0b\x0c\x1c",
    b"",
]
ENDINGS = [b"\r\n", b"\n", b"\r", b""]


def state(message: Message) -> object:
    """Everything a Message holds, its defects by kind, its parts likewise."""
    fields = {
        key: value for key, value in vars(message).items() if key not in ("policy", "defects")
    }
    payload = fields.pop("_payload")
    parts = [state(part) for part in payload] if isinstance(payload, list) else payload
    return fields, [type(defect).__name__ for defect in message.defects], parts


lines = st.lists(st.tuples(st.sampled_from(HEADER_LINES), st.sampled_from(ENDINGS)), max_size=8)
bodies = st.lists(st.tuples(st.sampled_from(BODY_PIECES), st.sampled_from(ENDINGS)), max_size=12)


@settings(max_examples=500, deadline=None)
@example(header=[(b"Content-Type: text/plain", b"\r\n")], body=[(b"x", b"")])
@example(header=[(b"not a header line", b"\n")], body=[(b"x", b"\r\n")])
@given(header=lines, body=bodies)
def test_a_body_set_whole_is_the_body_the_parser_makes(
    header: list[tuple[bytes, bytes]], body: list[tuple[bytes, bytes]]
) -> None:
    header_block = b"".join(line + end for line, end in header)
    body_bytes = b"".join(piece + end for piece, end in body)
    whole = message_from_bytes(header_block + b"\r\n\r\n" + body_bytes, policy=compat32)
    assert state(_message(header_block, body_bytes)) == state(whole)


def test_the_corpus_messages_are_the_messages_the_parser_makes() -> None:
    for path in sorted(CORPUS.glob("*.eml")):
        raw = path.read_bytes()
        header_block, body = _split(raw, ParseLimits(), [])
        whole = message_from_bytes(header_block + b"\r\n\r\n" + body, policy=compat32)
        assert state(_message(header_block, body)) == state(whole), path.name
        assert parse_message(raw).subject is not None
