"""The compiled phrase index is kept between processes (triage/phrase_cache.py): the same
phrases are read back, not compiled again, and match as the compiled index does; other phrases
are another file; a damaged file, or a folder others may write to, only means compiling."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from triage import phrase_cache
from triage.patterns import PhraseIndex
from triage.phrase_cache import IndexOnFirstUse, compiled_index

ENTRIES = [
    ((1, "patterns"), ("hit|punch me", "scared to go home", "lock ... in my room")),
    ((1, "unless"), ("=killing me",)),
    ((2, "patterns"), ("(my|our) (health visitor|gp) said", "re:\\bsocial\\s+worker\\b")),
    ((2, "unless"), ()),
]
TEXT = "He hits me. I am scared to go home. They locked me in my room. Our GP said so."


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "heard"


def hits(index: PhraseIndex) -> object:
    scanned = index.scan(TEXT)
    return sorted((key, scanned.spans_of(key)) for key in scanned.hits)


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("phrases-*.pickle")) if folder.exists() else []


def test_the_same_phrases_are_read_back_and_match_as_compiled(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compiled_index(ENTRIES)
    [file] = kept(cache_home)
    assert os.stat(cache_home).st_mode & 0o777 == 0o700
    added: list[object] = []
    monkeypatch.setattr(PhraseIndex, "add", lambda *args: added.append(args))
    read = compiled_index(ENTRIES)
    assert added == [] and read is not compiled  # read from the file, nothing compiled
    assert hits(read) == hits(compiled) and hits(read)
    assert kept(cache_home) == [file]


def test_the_index_is_read_when_first_used_once_whichever_thread_asks(cache_home: Path) -> None:
    lazy = IndexOnFirstUse(ENTRIES)
    assert kept(cache_home) == []  # neither compiled nor read until asked for
    with ThreadPoolExecutor(4) as pool:
        indexes = list(pool.map(lambda _: lazy.get(), range(8)))
    assert all(index is indexes[0] for index in indexes)
    assert len(kept(cache_home)) == 1
    assert hits(indexes[0]) == hits(compiled_index(ENTRIES))


def test_other_phrases_are_another_file(cache_home: Path) -> None:
    compiled_index(ENTRIES)
    other = compiled_index([*ENTRIES[:-1], ((2, "unless"), ("our gp",))])
    assert len(kept(cache_home)) == 2
    assert (2, "patterns") in other.scan(TEXT).hits and (2, "unless") in other.scan(TEXT).hits


def test_a_damaged_file_is_compiled_again_and_replaced(cache_home: Path) -> None:
    expected = hits(compiled_index(ENTRIES))
    [file] = kept(cache_home)
    file.write_bytes(b"\x80\x05 not a pickle")
    assert hits(compiled_index(ENTRIES)) == expected
    assert isinstance(pickle.loads(file.read_bytes()), PhraseIndex)
    file.write_bytes(pickle.dumps({"not": "an index"}))
    assert hits(compiled_index(ENTRIES)) == expected


def test_a_folder_others_may_write_to_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    planted = cache_home / "planted"
    planted.write_bytes(b"")
    assert hits(compiled_index(ENTRIES))
    assert kept(cache_home) == []  # neither read nor written


def test_no_usable_home_only_means_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_bytes(b"")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a file, not a folder
    assert hits(compiled_index(ENTRIES))


def test_only_the_most_recently_used_are_kept(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phrase_cache, "KEPT", 2)
    for number in range(4):
        compiled_index([((1, "patterns"), (f"word{number}",))])
    assert len(kept(cache_home)) == 2


def test_a_new_process_reads_what_another_compiled(cache_home: Path) -> None:
    """Across processes, as heard's are: the second process compiles nothing."""
    script = (
        "import sys; from triage.patterns import PhraseIndex; from triage import phrase_cache\n"
        "added = []\n"
        "original = PhraseIndex.add\n"
        "PhraseIndex.add = lambda self, *a: (added.append(a), original(self, *a))\n"
        f"index = phrase_cache.compiled_index({ENTRIES!r})\n"
        "print(len(added))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == [str(len(ENTRIES)), "0"]
