"""bench.safeguarding's options for the sealed parts score them in aggregate only. Run on tiny
stand-in files written here: a test never reads a sealed part (see the corpus README)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import tests.safeguarding_corpus.check as corpus
from bench.safeguarding import main

CONCERN = "my stepdad hit me with his belt last night and I'm scared to go home, I'm 12"
ORDINARY = "please send me the complaints form for the short breaks team"


def row(part: corpus.Part, number: int, text: str, *, concern: bool) -> str:
    return json.dumps(
        {
            "id": f"{part.id_prefix}-{number:04d}",
            "text": text,
            "writer": "child" if concern else "parent",
            "concern": concern,
            "kinds": ["physical_harm"] if concern else [],
            "secrecy": False,
            "child_writer": concern,
            "why": "a stand-in",
            "hard": False,
        }
    )


@pytest.fixture(
    params=[part for part in corpus.Part if part.sealed and part != corpus.Part.SEALED],
    ids=str,
)
def sealed_part(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> corpus.Part:
    """The dev part and one later sealed part, each replaced by two stand-in contacts."""
    sealed: corpus.Part = request.param
    for part in (corpus.Part.DEV, sealed):
        lines = [row(part, 1, CONCERN, concern=True), row(part, 2, ORDINARY, concern=False)]
        path = tmp_path / f"{part}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    monkeypatch.setattr(corpus, "DEV", tmp_path / f"{corpus.Part.DEV}.jsonl.gz")
    monkeypatch.setattr(corpus, "HERE", tmp_path)  # where every sealed part's file is looked for
    return sealed


def test_a_later_sealed_part_is_scored_only_when_asked_and_printed_without_texts_or_ids(
    sealed_part: corpus.Part, capsys: pytest.CaptureFixture[str]
) -> None:
    main([])
    assert f"{sealed_part} part: not scored (pass --{sealed_part}" in capsys.readouterr().out

    main([f"--{sealed_part}"])
    out = capsys.readouterr().out
    scored = out[out.index(f"{sealed_part} part, 2 contacts:") :]
    assert "all: recall 1/1 = 1.000, false alarms 0/1" in scored
    assert "sealed part: not scored" in out
    assert CONCERN not in scored and ORDINARY not in scored
    assert f"{sealed_part.id_prefix}-" not in out


def test_a_mistyped_option_is_refused_before_anything_is_scored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--sealed99"])
    assert str(refused.value) == (
        "unknown option --sealed99 (known: --sealed --sealed2 --sealed3 --sealed4 --sealed5"
        " --sealed6 --sealed7 --sealed8 --sealed9 --sealed10 --sealed11 --sealed12 --sealed13"
        " --sealed14 --sealed15 --sealed16 --sealed17 --sealed18 --sealed19 --sealed20"
        " --misses)"
    )
    assert capsys.readouterr().out == ""
