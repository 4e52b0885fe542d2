"""Reading and triaging stored mail in a child process gives what reading it here gives, and a
child that dies costs no message."""

from __future__ import annotations

import os
import signal
from concurrent.futures.process import BrokenProcessPool
from datetime import date

import pytest

from cases.enums import RecordKind
from heard.settings import Settings
from intake.parsing import ParseLimits
from intake.reader import InlineReader, ReadRequest, SubprocessReader
from tests.intake.test_intake_e2e import mail
from triage.rulebook import load_rulebook

DISCLOSURE = mail("I am 14 and my stepdad hits me. I am scared to go home.")


def request(raw: bytes) -> ReadRequest:
    return ReadRequest(
        raw=raw,
        limits=ParseLimits(),
        triage=True,
        record_kind=RecordKind.COMPLAINT,
        sender="yp@example.org",
        received_on=date(2026, 3, 2),
    )


def test_a_child_process_reads_and_triages_as_this_process_does(settings: Settings) -> None:
    here = InlineReader(load_rulebook(settings.rules_path))
    child = SubprocessReader(settings.rules_path)
    try:
        for raw in (DISCLOSURE, mail("My son's social worker has not called back.")):
            assert child(request(raw)) == here(request(raw))
        assert child(request(DISCLOSURE)).decision.safeguarding  # type: ignore[union-attr]
    finally:
        child.close()


def test_a_child_that_dies_is_replaced_and_the_message_can_be_read_again(
    settings: Settings,
) -> None:
    child = SubprocessReader(settings.rules_path)
    try:
        assert child(request(DISCLOSURE)).decision is not None
        assert child._pool is not None
        for pid in list(child._pool.executor._processes):  # the child, as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            child(request(DISCLOSURE))
        assert child(request(DISCLOSURE)).decision is not None  # a new child
    finally:
        child.close()


def test_children_sharing_a_batch_give_each_message_its_own_reading_in_order(
    settings: Settings,
) -> None:
    here = InlineReader(load_rulebook(settings.rules_path))
    children = SubprocessReader(settings.rules_path, processes=2)
    batch = [
        request(raw)
        for raw in (
            DISCLOSURE,
            mail("My son's social worker has not called back."),
            mail("Thank you to the fostering team for all their help."),
            b"\xff\xfe not a message at all",
            mail("The short breaks were stopped without telling us."),
        )
    ]
    try:
        assert children.read_many(batch) == here.read_many(batch)
        assert children._pool is not None and len(children._pool.executor._processes) == 2
    finally:
        children.close()


def reply_read(settings: Settings, body: str, subject: str) -> tuple[object, object]:
    raw = mail(body, subject=subject, message_id="<r@example.org>")
    reading = InlineReader(load_rulebook(settings.rules_path))(
        ReadRequest(raw=raw, limits=ParseLimits(), triage=False,
                    record_kind=RecordKind.COMPLAINT, sender="parent@example.org",
                    received_on=date(2026, 3, 2))
    )  # fmt: skip
    return reading.concern, reading.holds


@pytest.mark.parametrize(
    "body",
    [
        "I am not happy with your response. Nothing has changed.",  # referred, walking
        "And another thing: she still has not rung me.",
        "ok but im still waiting for my new sw to ring me",
    ],
)
@pytest.mark.parametrize(
    "ours",
    [
        "Re: Your reference CSC-2026-000001",
        "RE: Fwd: your reference CSC-2026-000123 (text message)",
    ],
)
def test_a_reply_is_weighed_on_its_writers_words_not_our_subject(
    settings: Settings, body: str, ours: str
) -> None:
    """Walking a reply on a closed case, "I am not happy with your response. Nothing has
    changed." under our subject was referred to the MASH, the model's words being "nothing",
    "re", "changed", "reference": the tripwire and the holds read our subject line as theirs."""
    assert reply_read(settings, body, ours) == reply_read(settings, body, "")


def test_a_subject_of_their_own_is_still_read(settings: Settings) -> None:
    concern, _ = reply_read(settings, "Please call me.", "Re: my stepdad hits me")
    assert concern is not None and concern.words  # type: ignore[attr-defined]
