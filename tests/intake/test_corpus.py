"""The corpus under tests/corpus: every message parses, is delivered over SMTP (smtplib, and
swaks, a third-party client with pipelining), and every 250'd message is stored byte for byte."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from sqlmodel import select

from intake.parsing import parse_message
from store.db import session_scope
from store.models import Correspondence
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import send

CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.eml"))


def on_the_wire(data: bytes) -> bytes:
    """What smtplib transmits for bytes: as given (bare LFs too), ending in CRLF."""
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_every_message_parses_quickly_without_raising(path: Path) -> None:
    started = time.thread_time()
    parsed = parse_message(path.read_bytes())
    assert time.thread_time() - started < 2
    assert "\n" not in parsed.subject and "\r" not in parsed.subject


def test_parsed_facts_of_selected_messages() -> None:
    by_name = {path.stem.split("_", 1)[1]: parse_message(path.read_bytes()) for path in CORPUS}
    assert by_name["bogus_charset"].text.startswith("hello")
    assert by_name["eight_bit_headers"].subject == "Réclamation \ufffd"
    assert by_name["unknown_encoded_subject"].subject.endswith("complaint")
    assert by_name["html_only"].html_converted and "alert" not in by_name["html_only"].text
    assert "social worker" in by_name["html_only"].text
    assert by_name["from_smuggled_address"].from_address is None
    assert by_name["from_display_is_address"].from_address is None
    assert by_name["subject_injection"].subject == "Hello Bcc: evil@example.org"
    assert by_name["dsn_bounce"].is_bounce
    assert by_name["dsn_bounce"].bounced_message_ids == ("<sent1@heard.localhost>",)
    assert by_name["auto_submitted_auto_replied"].automated
    assert not by_name["auto_submitted_no"].automated
    assert by_name["out_of_office_subject"].out_of_office
    assert by_name["list_id"].automated and by_name["x_loop"].automated
    assert by_name["reply_with_quote"].quoted_text.startswith("On Mon")
    assert by_name["reply_with_quote"].text == "Thanks, also the contact was cancelled."
    assert by_name["signature"].signature.startswith("--")
    assert by_name["auth_results_pass"].auth_results == {
        "spf": "pass",
        "dkim": "pass",
        "dmarc": "pass",
    }
    attachment = by_name["attachment_pdf"].attachments[0]
    assert (attachment.filename, attachment.content_type) == ("letter.pdf", "application/pdf")
    assert by_name["attachment_encoded_filename"].attachments[0].filename == "résumé.doc"
    assert by_name["missing_message_id"].message_id is None
    assert by_name["latin1"].text.startswith("Café crème")
    assert by_name["utf16_body"].text.startswith("My son's")


async def test_every_message_is_delivered_and_stored_byte_for_byte(intake: Intake) -> None:
    accepted: dict[str, bytes] = {}
    for path in CORPUS:
        code, reply = await asyncio.to_thread(send, intake, path.read_bytes())
        assert code == 250 or 500 <= code < 600, (path.name, code, reply)
        if code == 250 and b"Already received" not in reply:
            accepted[path.name] = on_the_wire(path.read_bytes())
    assert len(accepted) >= 55
    with session_scope(intake.context.engine) as session:
        stored = [
            row.raw
            for row in session.exec(
                select(Correspondence).where(Correspondence.direction == "inbound")
            )
        ]
    for name, data in accepted.items():
        assert data in stored, name


swaks = shutil.which("swaks")


@pytest.mark.skipif(
    swaks is None and os.environ.get("CI") != "true",
    reason="swaks is not installed (CI installs it)",
)
async def test_swaks_delivers_with_pipelining(intake: Intake) -> None:
    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                "swaks",
                "--server",
                f"127.0.0.1:{intake.port}",
                "--to",
                "complaints@heard.localhost",
                "--from",
                "carer@example.org",
                "--pipeline",
                "--header",
                "Subject: Complaint about the fostering allowance",
                "--body",
                "I am a foster carer and the fostering allowance has not been paid.",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    result = await asyncio.to_thread(run)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PIPELINING" in result.stdout
    assert "250 2.0.0 Received as CSC-2026-000001" in result.stdout
    (case,) = intake.cases()
    assert "fostering" in str(case.triage_decision)
