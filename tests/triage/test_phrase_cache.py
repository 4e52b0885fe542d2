"""The compiled phrase index is kept between processes (triage/phrase_cache.py): the same
phrases are read back, not compiled again, and match as the compiled index does; other phrases
are another file; a damaged file, or a folder others may write to, only means compiling."""

from __future__ import annotations

import errno
import fcntl
import os
import pickle
import subprocess
import sys
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from triage import phrase_cache
from triage.patterns import Key, PhraseIndex
from triage.phrase_cache import IndexOnFirstUse, compiled_index

ENTRIES = [
    ((1, "patterns"), ("hit|punch me", "scared to go home", "lock ... in my room")),
    ((1, "unless"), ("=killing me",)),
    ((2, "patterns"), ("(my|our) (health visitor|gp) said", "re:\\bsocial\\s+worker\\b")),
    ((2, "unless"), ()),
]
TEXT = "He hits me. I am scared to go home. They locked me in my room. Our GP said so."


@pytest.fixture(autouse=True)
def no_index_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process: no index held yet."""
    another_process(monkeypatch)


def another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, as a process that holds none of the indexes asked for so far."""
    monkeypatch.setattr(phrase_cache, "_IN_USE", weakref.WeakValueDictionary())
    monkeypatch.setattr(phrase_cache, "_RECENT", OrderedDict())


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
    assert compiled_index(ENTRIES) is compiled  # held by this process: neither read nor compiled
    added: list[object] = []
    monkeypatch.setattr(PhraseIndex, "add", lambda *args: added.append(args))
    another_process(monkeypatch)
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
    """Phrases that share less than half of theirs with any kept index are compiled whole
    (and kept); a file sharing more is made from the index it shares them with (below)."""
    compiled_index(ENTRIES)
    other = compiled_index([((1, "patterns"), ("he hits me", "our gp")), ((1, "unless"), ())])
    assert len(kept(cache_home)) == 2
    assert hits(other) == hits(fresh([((1, "patterns"), ("he hits me", "our gp"))]))


def test_a_damaged_file_is_compiled_again_and_replaced(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = hits(compiled_index(ENTRIES))
    [file] = kept(cache_home)
    file.write_bytes(b"\x80\x05 not a pickle")
    another_process(monkeypatch)
    assert hits(compiled_index(ENTRIES)) == expected
    assert isinstance(pickle.loads(file.read_bytes()), PhraseIndex)
    file.write_bytes(pickle.dumps({"not": "an index"}))
    another_process(monkeypatch)
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


def test_processes_asking_at_once_compile_it_once(cache_home: Path) -> None:
    """heard serve and its intake reader children start together, as do two heard processes on
    one machine: one compiles the index (seconds of CPU for the shipped rules), the others wait
    for it and read it, rather than each compiling the same index and writing the same file."""
    go = cache_home.parent / "go"
    script = (
        "import os, sys, time; from triage.patterns import PhraseIndex; from triage import phrase_cache\n"
        "added = []\n"
        "original = PhraseIndex.add\n"
        "def add(self, *a):\n"
        "    added.append(a); time.sleep(0.5); original(self, *a)\n"  # a compile that takes a while
        "PhraseIndex.add = add\n"
        "print('ready', flush=True)\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.005)\n"
        f"phrase_cache.compiled_index({ENTRIES!r})\n"
        "print(len(added))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)}
    cache_home.parent.mkdir(parents=True)
    processes = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    go.touch()  # all three ask at once
    compiled = sorted(process.communicate(timeout=120)[0].strip() for process in processes)
    assert [process.returncode for process in processes] == [0, 0, 0]
    assert compiled == ["0", "0", str(len(ENTRIES))]
    assert len(kept(cache_home)) == 1


def lock_path(cache_home: Path) -> Path:
    """The lock of ENTRIES' index, as phrase_cache names it."""
    digest = phrase_cache._digest(ENTRIES)
    return (cache_home / f"phrases-{digest}.pickle").with_suffix(phrase_cache._LOCK)


def test_a_holder_that_never_finishes_is_waited_for_a_while_then_compiled_past(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A heard command suspended (Ctrl-Z) while it compiled holds the lock and neither finishes
    nor ends: heard serve starting then waits a while, then compiles the index itself, rather
    than waiting for ever with no triage."""
    monkeypatch.setattr(phrase_cache, "LOCK_WAIT_SECONDS", 0.5)
    cache_home.mkdir(parents=True)
    holder = os.open(lock_path(cache_home), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another open file: flock refuses this process too
    pool = ThreadPoolExecutor(1)
    asked = pool.submit(compiled_index, ENTRIES)
    try:
        index = asked.result(timeout=30)
    finally:
        os.close(holder)  # a waiter that never gave up goes on now, and the test ends
        pool.shutdown()
    assert hits(index) == hits(fresh(ENTRIES))
    assert len(kept(cache_home)) == 1


def test_a_file_system_without_flock_only_means_compiling(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(*_: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")  # NFS with no lock daemon

    monkeypatch.setattr(phrase_cache.fcntl, "flock", no_locks)
    assert hits(compiled_index(ENTRIES)) == hits(fresh(ENTRIES))
    assert len(kept(cache_home)) == 1


def fresh(entries: phrase_cache.Entries) -> PhraseIndex:
    index = PhraseIndex()
    for key, phrases in entries:
        index.add(key, phrases)
    return index


# ENTRIES with a rule put before the others (every later rule numbered one higher), the
# regular expression's rule given another phrase too, and the first rule's `unless` dropped.
CHANGED = [
    ((1, "patterns"), ("our gp said",)),
    ((1, "unless"), ()),
    ((2, "patterns"), ENTRIES[0][1]),
    ((2, "unless"), ()),
    ((3, "patterns"), (*ENTRIES[2][1], "they locked me")),
    ((3, "unless"), ()),
]


def test_a_changed_file_is_made_from_the_nearest_index_compiling_only_what_it_adds(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled_index(ENTRIES)
    expected = hits(fresh(CHANGED))
    added: list[Key] = []
    original = PhraseIndex.add

    def add(self: PhraseIndex, key: Key, phrases: tuple[str, ...]) -> None:
        added.append(key)
        original(self, key, phrases)

    monkeypatch.setattr(PhraseIndex, "add", add)
    made = compiled_index(CHANGED)
    assert added == [(1, "patterns"), (3, "patterns")]  # not the rule renumbered (2, "patterns")
    assert hits(made) == expected
    assert made.scan(TEXT).hits == {(1, "patterns"), (2, "patterns"), (3, "patterns")}
    assert len(kept(cache_home)) == 1  # made each time from the base, not kept


def test_only_the_indexes_used_last_are_held_and_one_that_went_is_read_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test run parses dozens of rule files; each holding its own index (about 750 MB for
    the shipped rules) took a whole-suite pytest process to 7.2 GB, where the kernel killed it."""
    monkeypatch.setattr(phrase_cache, "HELD", 1)
    lazy = IndexOnFirstUse(ENTRIES)
    first = weakref.ref(lazy.get())
    expected = hits(lazy.get())
    compiled_index([((1, "patterns"), ("something else entirely",))])  # used last now
    assert first() is None  # let go: nothing held it but the rulebook, weakly
    assert hits(lazy.get()) == expected  # read again when asked for


def test_compiling_keeps_no_memo_of_the_phrases_compiled() -> None:
    """The shipped rules fill compile_phrase's 200,000 places: some 100 MB of a process that
    compiled the index (420 MB after the compile, 320 MB without the memo; identical index,
    as the memo only repeats what it was given)."""
    from triage import patterns
    from triage.phrase_cache import _compiled

    index = _compiled([((1, "patterns"), ("social worker", "never (calls|rings) back"))])
    assert patterns.compile_phrase.cache_info().currsize == 0
    assert index.scan("the social worker never calls back").hits
