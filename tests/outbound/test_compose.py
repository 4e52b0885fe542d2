"""Composed mail is byte for byte what the email package's SMTP policy made of it before
outbound/headers.py made composing cheaper: the policy keeps plain values as source text and
parses the rest once, and neither may change a byte on the wire, nor let a line break through."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from org.addresses import is_email, plain_email
from outbound import compose
from outbound.compose import UnsafeAddress, compose_email
from outbound.headers import COMPOSING
from outbound.text import one_line

SENT_AT = datetime(2026, 3, 2, 10, 0, 7, tzinfo=UTC)
MESSAGE_ID = "<177245640700.4242.1234567890123456789@heard.localhost>"


def composed_before(
    *,
    to: str,
    from_address: str,
    subject: str,
    text: str,
    html: str | None = None,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    auto_submitted: str | None = "auto-replied",
) -> EmailMessage:
    """compose_email as it was, on the stock SMTP policy (the oracle)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = compose.checked_address(from_address)
    message["To"] = compose.checked_address(to)
    message["Subject"] = one_line(subject, limit=250)
    message["Message-ID"] = MESSAGE_ID
    message["Date"] = format_datetime(SENT_AT)
    if auto_submitted:
        message["Auto-Submitted"] = auto_submitted
        message["Precedence"] = "bulk"
        message["X-Auto-Response-Suppress"] = "All"
    if in_reply_to and compose._safe_id(in_reply_to):
        message["In-Reply-To"] = in_reply_to
        chain = [ref for ref in (*references, in_reply_to) if compose._safe_id(ref)]
        message["References"] = " ".join(dict.fromkeys(chain))
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


@pytest.fixture(autouse=True)
def fixed_message_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "make_msgid", lambda domain: MESSAGE_ID)


def serialised(message: EmailMessage, policy: Policy | None = None) -> bytes:
    random.seed(12)  # a multipart boundary is random (and kept once made)
    return message.as_bytes() if policy is None else message.as_bytes(policy=policy)


def assert_same(new: EmailMessage, old: EmailMessage) -> None:
    assert serialised(new, policy=SMTP) == serialised(old, policy=SMTP)
    assert serialised(new) == serialised(old)
    assert [(name, str(value)) for name, value in new.items()] == [
        (name, str(value)) for name, value in old.items()
    ]
    assert new["To"].addresses == old["To"].addresses
    assert new["From"].addresses == old["From"].addresses
    body, old_body = new.get_body(("plain",)), old.get_body(("plain",))
    assert body is not None and old_body is not None
    assert body.get_content() == old_body.get_content()


def compose_both(**fields: object) -> tuple[EmailMessage, EmailMessage]:
    defaults: dict[str, object] = {
        "to": "parent@example.org",
        "from_address": "complaints@heard.localhost",
        "subject": "Your reference HRD-2026-00001",
        "text": "Thank you for writing to us.\n",
    }
    merged = {**defaults, **fields}
    new = compose_email(**merged, message_id_domain="heard.localhost", sent_at=SENT_AT)  # type: ignore[arg-type]
    # Addresses are written as the one plain address they name (org.addresses.plain_email):
    # a display name, spaces or a comment beside it are left out, as the letter goes to it.
    plain = {name: plain_email(str(merged[name])) for name in ("to", "from_address")}
    return new, composed_before(**{**merged, **plain})  # type: ignore[arg-type]


LONG_CHAIN = tuple(f"<earlier{number}.{'x' * 30}@mail.example.org>" for number in range(6))


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"auto_submitted": None},
        {"auto_submitted": "auto-generated"},
        {"in_reply_to": "<abc.123@example.org>"},
        {"in_reply_to": "<abc.123@example.org>", "references": LONG_CHAIN},
        {"in_reply_to": "<a@b>", "references": ("<a@b>", "not an id", "<c d@e>")},
        {"in_reply_to": "<=?utf-8?q?x?=@example.org>"},
        {"in_reply_to": "no brackets"},
        {"to": "Ann Smith <ann@example.org>"},
        {"to": '"Smith, Ann" <ann@example.org>'},
        {"to": "Zoë Brontë <zoe@example.org>"},
        {"to": "=?utf-8?q?Zo=C3=AB?= <zoe@example.org>"},
        {"to": "ann.o'neil+complaints@sub.example.org"},
        {"to": "ann@example.org (Ann)"},
        {"to": "  ann@example.org  "},
        {"from_address": "Example Council Complaints <complaints@council.example.gov.uk>"},
        {"subject": "Zoë’s complaint about the social worker"},
        {"subject": "=?utf-8?b?WmTDqw==?= subject"},
        {"subject": "x=?y"},
        {"subject": "Re:  two  spaces\tand a tab"},
        {"subject": "word " * 40},
        {"subject": "A" * 120},
        {"subject": ""},
        {"subject": " leading and trailing "},
        {"subject": '(comment) <angle> "quoted" [square] ; , : \\ @'},
        {"text": "Zoë £5 – “quotes”\n" * 30},
        {"text": "line " * 100 + "\n"},
        {"text": "short", "html": "<p>Zoë</p>"},
    ],
)
def test_composed_mail_is_byte_for_byte_as_before(fields: dict[str, object]) -> None:
    assert_same(*compose_both(**fields))


words = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="\x7f"),
    max_size=90,
)


@pytest.mark.parametrize(
    "to", ["ann@[192.0.2.1]", "a..b@example.org", "ann@example.org, bob@example.org", "Ann"]
)
def test_a_value_naming_no_one_plain_address_is_refused(to: str) -> None:
    """Composed before as it was (a second recipient, an address literal): now refused, never
    written into a header (outbound.letters keeps such a letter on the case, unsent)."""
    with pytest.raises(UnsafeAddress):
        compose_both(to=to)


@settings(max_examples=300, deadline=None)
@given(subject=words, local=st.from_regex(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,30}", fullmatch=True))
def test_any_subject_and_sender_compose_as_before(subject: str, local: str) -> None:
    if not is_email(f"{local}@example.org"):  # a dot at an end, or two together
        with pytest.raises(UnsafeAddress):
            compose_both(subject=subject, to=f"{local}@example.org")
        return
    assert_same(*compose_both(subject=subject, to=f"{local}@example.org"))


@settings(max_examples=200, deadline=None)
@given(name=words)
def test_any_display_name_composes_as_before(name: str) -> None:
    address = f"{name} <parent@example.org>"
    if plain_email(address) is None:  # a name naming another address, or with <, > or "
        with pytest.raises(UnsafeAddress):
            compose_both(to=address)
        return
    new, old = compose_both(to=address, from_address="c@heard.localhost", subject="s", text="t")
    assert_same(new, old)
    assert str(new["To"]) == "parent@example.org"


@pytest.mark.parametrize(
    "name", ["From", "To", "Message-ID", "In-Reply-To", "References", "Subject", "Precedence"]
)
@pytest.mark.parametrize("value", ["a@b.org\r\nBcc: evil@x.org", "ok\nBcc: e@x.org", "x\rBcc: y"])
def test_a_line_break_in_any_header_is_refused(name: str, value: str) -> None:
    message = EmailMessage(policy=COMPOSING)
    with pytest.raises(ValueError, match="linefeed or carriage return"):
        message[name] = value
    assert name not in message


HEADERS_WE_SET = [
    "From",
    "To",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Auto-Submitted",
    "Precedence",
    "X-Auto-Response-Suppress",
    "Date",
]
header_values = st.one_of(
    st.text(
        alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_characters="\x7f"),
        max_size=100,
    ),
    st.from_regex(
        r"<[A-Za-z0-9.=?@\[\]<> -]{0,40}>?( [A-Za-z0-9.@<>-]{1,20}){0,4}", fullmatch=True
    ),
)


def one_header(policy: Policy, name: str, value: str) -> bytes | type[Exception]:
    message = EmailMessage(policy=policy)
    try:
        message[name] = value
        message.set_content("t")
        fetched = str(message[name])
        return serialised(message, policy=SMTP) + fetched.encode("utf-8", "surrogateescape")
    except Exception as error:  # the old policy's refusals (or its bugs) must stay the same
        return type(error)


@settings(max_examples=1000, deadline=None)
@given(name=st.sampled_from(HEADERS_WE_SET), value=header_values)
def test_any_value_of_a_header_we_set_is_stored_and_written_as_before(
    name: str, value: str
) -> None:
    assert one_header(COMPOSING, name, value) == one_header(SMTP, name, value)
