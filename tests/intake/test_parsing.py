"""What parsing reads out of real-world header shapes: automated mail, 8-bit headers."""

from __future__ import annotations

import pytest

from intake.parsing import parse_message


@pytest.mark.parametrize(
    ("subject", "out_of_office"),
    [
        ("Automatic reply: Complaint", True),
        ("Out of Office: Re: Your reference CSC-2026-000001", True),
        ("AutoReply: your message", True),
        ("Abwesenheitsnotiz: Beschwerde", True),
        ("Réponse automatique : plainte", True),
        ("My son's social worker is always on leave", False),
        ("Complaint: nobody in the office replies, only an automatic reply", False),
        ("Re: out of office again and no one called back", False),
    ],
)
def test_only_a_client_made_subject_marks_an_out_of_office_reply(
    subject: str, out_of_office: bool
) -> None:
    raw = f"From: a@example.org\r\nSubject: {subject}\r\n\r\nbody\r\n".encode()
    assert parse_message(raw).out_of_office is out_of_office


@pytest.mark.parametrize(
    ("header", "encoding", "subject", "name"),
    [
        (
            "Subject: Réclamation\r\nFrom: Zoë Brontë <z@example.org>",
            "utf-8",
            "Réclamation",
            "Zoë Brontë",
        ),
        ("Subject: Réclamation\r\nFrom: Zoë <z@example.org>", "latin-1", "Réclamation", "Zoë"),
        (
            "Subject: =?utf-8?q?caf=C3=A9?= Réclamation\r\nFrom: z@example.org",
            "utf-8",
            "café Réclamation",
            "",
        ),
    ],
)
def test_eight_bit_headers_are_read_as_utf8_or_else_windows_1252(
    header: str, encoding: str, subject: str, name: str
) -> None:
    parsed = parse_message(f"{header}\r\n\r\nbody\r\n".encode(encoding))
    assert (parsed.subject, parsed.from_display) == (subject, name)
    assert parsed.from_address == "z@example.org"
