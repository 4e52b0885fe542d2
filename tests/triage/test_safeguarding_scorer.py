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


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for part, name in ((corpus.Part.DEV, "DEV"), (corpus.Part.SEALED2, "SEALED2")):
        lines = [row(part, 1, CONCERN, concern=True), row(part, 2, ORDINARY, concern=False)]
        path = tmp_path / f"{part}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        monkeypatch.setattr(corpus, name, path)


@pytest.mark.usefixtures("stand_ins")
def test_sealed2_is_scored_only_when_asked_and_printed_without_texts_or_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main([])
    assert "sealed2 part: not scored (pass --sealed2" in capsys.readouterr().out

    main(["--sealed2"])
    out = capsys.readouterr().out
    sealed2 = out[out.index("sealed2 part, 2 contacts:") :]
    assert "all: recall 1/1 = 1.000, false alarms 0/1" in sealed2
    assert "sealed part: not scored" in out
    assert CONCERN not in sealed2 and ORDINARY not in sealed2 and "s2-" not in out
