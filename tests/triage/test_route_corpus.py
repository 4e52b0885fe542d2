"""The Ombudsman route corpus (tests/route_corpus) is well formed and sealed as its README says,
and bench.route reports on the sealed parts without printing any of them."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

from bench import route
from cases.enums import Channel, RecordKind
from tests.route_corpus import build, corpus
from tests.route_corpus.check import problems
from triage.engine import Contact, triage
from triage.rulebook import Rulebook

TODAY = dt.date(2025, 6, 2)


def test_the_corpus_passes_its_check() -> None:
    assert problems() == []


def _assert_no_row_of(part: corpus.Part, printed: str) -> None:
    for row in corpus.load(part):
        assert row["id"] not in printed
        assert row["statement"] not in printed
        assert row["text"][:40] not in printed


def test_the_benchmark_prints_the_sealed_part_only_in_aggregate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    route.main(["--misses"])
    printed = capsys.readouterr().out
    assert "agreement: " in printed
    for part in corpus.SEALED_PARTS:
        assert f"{part}: " in printed
        _assert_no_row_of(part, printed)


@pytest.fixture(scope="module")
def runs_without_part() -> tuple[str, str]:
    """What `--part dev` and a run naming no part print: each run scores the dev part (some
    seconds), and every part below reads the same two runs rather than making its own."""
    printed = []
    for args in (["--part", "dev"], []):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            route.main(args)
        printed.append(out.getvalue())
    return printed[0], printed[1]


@pytest.mark.parametrize("part", route.ON_REQUEST)
def test_a_run_without_part_leaves_the_newest_sealed_parts_unscored(
    runs_without_part: tuple[str, str], part: corpus.Part
) -> None:
    """sealed3 and later parts are looked at only when named, so that a tuner's ordinary run never
    uses up a first look."""
    dev_only, unnamed = runs_without_part
    assert part not in dev_only
    assert f"{part}: not scored" in unnamed
    assert f"{part}: {len(corpus.load(part))} texts" not in unnamed


@pytest.mark.parametrize("part", route.ON_REQUEST)
def test_a_sealed_part_named_is_scored_in_aggregate_only(
    capsys: pytest.CaptureFixture[str], part: corpus.Part
) -> None:
    route.main(["--part", part, "--misses"])
    printed = capsys.readouterr().out
    assert f"{part}: {len(corpus.load(part))} texts" in printed
    assert "agreement: " in printed
    assert "miss " not in printed
    _assert_no_row_of(part, printed)


@pytest.mark.parametrize(
    ("body", "unsure"),
    [
        # Only the issue is unclear (no category matched): the route is not in doubt.
        ("I am the children's mother. Please look into what happened with our case.", False),
        # Who is writing decides the route, and a grandparent's standing is the council's call.
        ("I am the grandmother. The social worker has not visited my grandson.", True),
    ],
)
def test_unsure_counts_only_doubt_about_the_route(
    rulebook: Rulebook, body: str, unsure: bool
) -> None:
    contact = Contact(
        subject="Complaint", body=body, mailbox_kind=RecordKind.COMPLAINT, channel=Channel.EMAIL
    )
    decision = triage(contact, rulebook, today=TODAY)
    assert decision.uncertain, "each text leaves triage uncertain about something"
    assert route.unsure_of_route(decision) is unsure


def test_a_data_protection_record_counts_as_not_logged_for_another_process(
    rulebook: Rulebook,
) -> None:
    """heard records a subject access request as its own kind, for the data protection officer:
    the Ombudsman's "another process", whatever route a complaint would have had."""
    contact = Contact(
        subject="Subject access request",
        body="Please send me a copy of all the information you hold about me and my children.",
        mailbox_kind=RecordKind.COMPLAINT,
        channel=Channel.EMAIL,
    )
    decision = triage(contact, rulebook, today=TODAY)
    assert decision.record_kind == RecordKind.SUBJECT_ACCESS_REQUEST
    assert route.proposal(decision) == ("not_logged", "alternative_process")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("- statement: [\n", "cannot read it"),
        ("just a sentence\n", "a list of statements"),
        ("- statement: lgsco-00-000-001\n  url: https://example.org\n", "a list of items"),
        (
            "- statement: lgsco-00-000-001\n  url: https://example.org\n  evidence: e\n"
            "  items:\n    - variant: a\n      who: parent\n      text: t\n"
            "      received_on: 2020-01-01\n",
            "missing or malformed 'council'",
        ),
    ],
)
def test_a_bad_statement_file_is_named_before_anything_is_written(
    tmp_path: Path, content: str, says: str
) -> None:
    path = tmp_path / "statements.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(build.StatementFileError, match=says) as raised:
        build.rows_in(path)
    assert str(path) in str(raised.value)
