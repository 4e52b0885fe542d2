"""Issue 13, items 2 and 6 (store side): a message that got 250 always ends up processed or
quarantined and visible to staff, on both databases, and never blocks the mail behind it.

On PostgreSQL one NUL byte in a body used to stop all processing: reading it failed, it was
retried every 10 s for ever, and every later message stayed `received` (no triage, no
acknowledgement, no safeguarding referral)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from cases.enums import CaseStatus
from cli.main import app
from intake import processing
from intake import reader as reader_module
from store.db import read_scope
from store.models import AuditEntry, Case, Correspondence, OutboxMessage
from store.text import REPLACEMENT, storable, storable_text
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

DISCLOSURE = "I am 14 and my stepdad hits me. I am scared to go home."


def with_nul(raw: bytes) -> bytes:
    """The message with a NUL byte in the middle of its body, as a broken client sends it."""
    return raw.replace(b"social worker", b"social\x00worker", 1)


def _cases_by_reference(intake: Intake) -> dict[str, Case]:
    return {case.reference: case for case in intake.cases()}


def _referred_to_mash(intake: Intake, case: Case) -> None:
    """Triaged, and the safeguarding referral is queued: the mail behind was not blocked."""
    assert case.status != CaseStatus.RECEIVED and case.triage_decision is not None
    assert case.safeguarding
    assert any(m.dedupe_key == f"mash-email:{case.id}" for m in intake.outbox())


def _acknowledged(intake: Intake) -> set[int]:
    return {
        message.case_id
        for message in intake.outbox()
        if message.dedupe_key.startswith("ack:") and message.case_id is not None
    }


async def test_a_nul_byte_in_a_body_is_stored_cleaned_and_the_mail_behind_it_is_processed(
    intake: Intake,
) -> None:
    raw = with_nul(mail("My son's social worker never returns my calls.", message_id="<n@x>"))
    assert b"\x00" in raw
    code, first = await deliver(intake, raw)
    assert code == 250
    code, second = await deliver(intake, mail(DISCLOSURE, message_id="<after@x>"))
    assert code == 250
    cases = _cases_by_reference(intake)
    nul_case, disclosure = cases[first.split()[-1].decode()], cases[second.split()[-1].decode()]
    assert nul_case.status == CaseStatus.OPEN and nul_case.id in _acknowledged(intake)
    _referred_to_mash(intake, disclosure)
    (stored,) = [m for m in intake.inbound() if m.case_id == nul_case.id]
    assert stored.raw == raw  # the raw bytes as they arrived
    assert stored.text is not None and "\x00" not in stored.text
    assert f"social{REPLACEMENT}worker" in stored.text
    assert stored.quarantined_at is None and not stored.awaiting_processing


async def test_header_values_the_database_cannot_hold_are_stored_cleaned_not_refused(
    intake: Intake,
) -> None:
    raw = (
        b"From: J\xe9r\xf4me Parent <jerome@example.org>\r\nTo: complaints@heard.localhost\r\n"
        b"Subject: caf\xe9 and a NUL\x00here\r\nMessage-ID: <latin1@example.org>\r\n"
        b"Date: Mon, 02 Mar 2026 09:55:00 +0000\r\n\r\nNobody answers my calls.\r\n"
    )
    code, reply = await deliver(intake, raw)
    assert code == 250, reply
    (case,) = intake.cases()
    assert "\x00" not in case.subject and storable_text(case.subject) == case.subject
    (stored,) = intake.inbound()
    assert stored.raw == raw and not stored.awaiting_processing


async def test_a_message_that_keeps_failing_is_quarantined_and_the_queue_moves_on(
    intake: Intake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault the message itself causes when its result is stored (here: text the database
    cannot encode, with the cleaning switched off) is retried MAX_ATTEMPTS times, then the
    message is quarantined: kept, raw bytes intact, flagged for staff with the reason."""
    real_parse = reader_module.parse_message

    def parse_with_a_lone_surrogate(raw: bytes, **kwargs: object):  # type: ignore[no-untyped-def]
        parsed = real_parse(raw, **kwargs)  # type: ignore[arg-type]
        if b"POISON" in raw:
            return dataclasses.replace(parsed, text=parsed.text + "\ud800")
        return parsed

    monkeypatch.setattr(reader_module, "parse_message", parse_with_a_lone_surrogate)
    monkeypatch.setattr(reader_module, "storable", lambda value: value)
    poison = mail("POISON: my daughter's placement broke down.", message_id="<poison@x>")
    code, first = await deliver(intake, poison)
    assert code == 250
    code, second = await deliver(intake, mail(DISCLOSURE, message_id="<next@x>"))
    assert code == 250
    cases = _cases_by_reference(intake)  # settles: the worker has finished with both
    poisoned, disclosure = cases[first.split()[-1].decode()], cases[second.split()[-1].decode()]
    _referred_to_mash(intake, disclosure)
    assert poisoned.needs_attention
    assert "quarantined" in (poisoned.attention_reason or "")
    assert "UnicodeEncodeError" in (poisoned.attention_reason or "")
    with read_scope(intake.context.engine) as session:
        stored = session.exec(
            select(Correspondence).where(Correspondence.case_id == poisoned.id)
        ).one()
        audited = session.exec(
            select(AuditEntry.action).where(AuditEntry.case_id == poisoned.id)
        ).all()
        acknowledged = session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == poisoned.id)
        ).all()
    assert stored.raw == poison
    assert stored.quarantined_at is not None and not stored.awaiting_processing
    assert stored.processing_attempts == processing.MAX_ATTEMPTS
    assert "UnicodeEncodeError" in (stored.quarantine_reason or "")
    assert "correspondence_quarantined" in audited
    assert acknowledged == []  # nothing half-applied
    assert intake.pipeline.processor.next_waiting() is None


async def test_a_message_that_cannot_be_read_is_quarantined_at_once_and_listed_for_staff(
    intake: Intake, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(raw: bytes, **_: object) -> None:
        raise RecursionError("a MIME structure too deep for the parser")

    monkeypatch.setattr(reader_module, "parse_message", broken)
    code, _ = await deliver(intake, mail("A complaint.", message_id="<deep@x>"))
    assert code == 250
    (case,) = intake.cases()
    (stored,) = intake.inbound()
    assert case.needs_attention and "RecursionError" in (case.attention_reason or "")
    assert stored.quarantined_at is not None and stored.processing_attempts == 0
    monkeypatch.setenv("HEARD_DATABASE_URL", database_url)
    listed = CliRunner().invoke(app, ["intake", "quarantined"])
    assert listed.exit_code == 0, listed.output
    assert case.reference in listed.output and "RecursionError" in listed.output
    as_json = json.loads(CliRunner().invoke(app, ["intake", "quarantined", "--json"]).output)
    assert [item["reference"] for item in as_json] == [case.reference]
    if database_url.startswith("sqlite"):  # `cases list` leaves its pool open: one engine here
        cases_list = CliRunner().invoke(app, ["cases", "list"]).output
        assert "1 message could not be processed, set aside for staff" in cases_list


def test_storable_text_replaces_only_what_a_database_cannot_hold() -> None:
    assert storable_text("plain ünïcödé ✓") == "plain ünïcödé ✓"
    assert storable_text("a\x00b\udce9c\ud83d") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}"
    assert storable({"k\x00": ["\x00", 1, b"\x00"]}) == {
        f"k{REPLACEMENT}": [REPLACEMENT, 1, b"\x00"]
    }
    clean = {"a": ("b", "c")}
    assert storable(clean) is clean
