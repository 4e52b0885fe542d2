"""The rules' phrase index, compiled once per machine rather than once per process.

Compiling the shipped rule file's phrases (over a million after expansion: 2.2 million paths of
words, some 6,550 distinct trie nodes) costs seconds of CPU, and every heard process that triages
would pay it: `heard serve`, each `heard` command that reads mail, each process the tests start.
The compiled index is kept as a pickle in the user's cache directory (`$XDG_CACHE_HOME/heard`,
else `~/.cache/heard`) and read back by the next process with the same phrases, several times
faster.

The file's name is a digest of everything the index is made from: every rule's phrases with
their keys, the source of triage/patterns.py (which builds and defines the trie), simplemma's
version (the lemmas) and Python's. A change to any of them is another file; the few most
recently used are kept. Phrases mostly the same as a kept index's (a rule file with a rule
added or a team renamed) are made from that index (triage/phrase_base.py) rather than kept.
Processes that want an index no one has kept yet compile it once: the first holds a lock
while it compiles and writes, the others wait and read what it wrote.
A pickle is code to the process reading it, so the cache is used only in a directory of this
user's that no one else may write to, read only from files this user owns, as Python's own
__pycache__ is; anything wrong with it (unwritable home, a damaged or foreign file) only means
compiling as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import simplemma

from triage import patterns, phrase_base
from triage.patterns import Key, PhraseIndex

log = logging.getLogger("heard.triage")

Entries = Sequence[tuple[Key, tuple[str, ...]]]
KEPT = 8  # compiled indexes kept (about 0.5 MB each for the shipped rules)
_PREFIX = "phrases-"
_LOCK = ".lock"  # phrases-<digest>.lock: held by the process compiling that index
LOCK_WAIT_SECONDS = 120.0  # the shipped rules: 32 to 34 s of CPU on a loaded host (186aac6)


class IndexOnFirstUse:
    """The index of these phrases, read or compiled when a text is first scanned with it, once
    (whichever thread asks first; copies of a rulebook share it). Most heard processes never
    scan: a command that lists cases or writes a report reads the rule file for its teams and
    lists, and reading the shipped rules' index cost each of them 0.7 s of CPU (a changed rule
    file's compile, about 10 s). A process that triages as it runs loads it at start
    (`Rulebook.warm`), so its first message is read as fast as the others.

    The index is held weakly: this process keeps the few it used last (`compiled_index`), and a
    rule file parsed long ago (rulebook._PARSED keeps eight) does not keep its own alive; asked
    for again after it went, it is read again."""

    def __init__(self, entries: Entries) -> None:
        self._entries = entries
        self._index: weakref.ref[PhraseIndex] | None = None
        self._lock = threading.Lock()

    def get(self) -> PhraseIndex:
        index = self._held()
        if index is None:
            with self._lock:
                index = self._held()
                if index is None:
                    index = compiled_index(self._entries)
                    self._index = weakref.ref(index)
        return index

    def _held(self) -> PhraseIndex | None:
        return self._index() if self._index is not None else None


# The indexes this process holds, by digest: rule files that differ only in what is not a
# phrase (roles, mailboxes, lists) share one, rather than each reading its own copy; and only
# the HELD used last are kept when no rulebook in use holds them (the shipped rules' index took
# some 750 MB of memory as a plain trie, under 1 MB with its nodes shared, and a test run parses
# dozens of rule files: figures in the commits).
HELD = 3
_IN_USE: weakref.WeakValueDictionary[str, PhraseIndex] = weakref.WeakValueDictionary()
_RECENT: OrderedDict[str, PhraseIndex] = OrderedDict()
_RECENT_LOCK = threading.Lock()


def compiled_index(entries: Entries) -> PhraseIndex:
    """The index of these phrases: the one this process already holds for them, if any;
    else read from the cache when it holds them, or made from the cached index of the rule
    file nearest these phrases, compiling only the phrases it lacks (triage/phrase_base.py),
    or compiled, and then kept for the next process."""
    digest = _digest(entries)
    index = _IN_USE.get(digest)
    if index is None:
        index = _IN_USE[digest] = _index_of(entries, digest)
    with _RECENT_LOCK:
        _RECENT[digest] = index
        _RECENT.move_to_end(digest)
        while len(_RECENT) > HELD:
            _RECENT.popitem(last=False)
    return index


def _index_of(entries: Entries, digest: str) -> PhraseIndex:
    folder = _cache_folder()
    if folder is None:
        return _compiled(entries)
    path = folder / f"{_PREFIX}{digest}.pickle"
    found = _read(path)
    if found is not None:
        return found
    nearest = phrase_base.nearest(folder, entries, made_by=_made_by())
    if nearest is not None:
        base = _read(folder / f"{_PREFIX}{nearest.digest}.pickle")
        if base is not None:
            with collector_paused(), compiling():
                return phrase_base.made_into(base, nearest.entries, entries)
    with _building(path):
        found = _read(path)  # written while this process waited for the one compiling it
        if found is not None:
            return found
        index = _compiled(entries)
        _write(path, index)
        phrase_base.remember(path.with_suffix(phrase_base.SUFFIX), entries, made_by=_made_by())
    return index


def _compiled(entries: Entries) -> PhraseIndex:
    index = PhraseIndex()
    with collector_paused(), compiling():
        for key, phrases in entries:
            index.add(key, phrases)
    return index


@contextlib.contextmanager
def compiling() -> Iterator[None]:
    """Phrases are compiled only while an index is made; patterns.compile_phrase remembers
    each it compiled (the shipped rules fill its cache, which the process otherwise kept for
    as long as it ran), forgotten once the index is made."""
    try:
        yield
    finally:
        patterns.compile_phrase.cache_clear()


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Held while this process compiles the index `path` keeps. heard serve and its intake
    reader children start together, and each compiled the same index (about 10 s of CPU for
    the shipped rules) and wrote the same file; now one compiles and the others wait for it and
    read it. The lock is the kernel's (flock), let go when its holder ends, however it ends; a
    lock file that cannot be opened or locked (a file system without flock) only means
    compiling without it, as before. A holder that neither finishes nor ends (a heard command
    suspended with Ctrl-Z while it compiled) is waited for LOCK_WAIT_SECONDS at most: then
    this process compiles too, rather than heard serve starting with no triage."""
    try:
        handle = os.open(path.with_suffix(_LOCK), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        _lock_within(handle, LOCK_WAIT_SECONDS, path.name)
        yield
    finally:
        os.close(handle)  # and with it the lock


def _lock_within(handle: int, seconds: float, name: str) -> None:
    """Take the lock on `handle`, waiting `seconds` at most; not taken, the caller goes on."""
    give_up = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= give_up:
                log.warning("phrase cache %s: still being compiled elsewhere; compiling", name)
                return
            time.sleep(0.2)
        except OSError as error:
            log.debug("phrase cache %s not locked: %s", name, type(error).__name__)
            return


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Compiling (or reading) the shipped rules makes some 700,000 trie nodes and token sets,
    none in a reference cycle; the cyclic collector, left on, walks them again and again as
    they are made (a third of the compile, and most of reading the pickle: figures in the
    commit). Back on afterwards if it was on before, with what exists then frozen (`gc.freeze`):
    the rules live as long as the process, and every full collection walking their nodes again
    held whichever thread triggered it for seconds (in a long test run, the thread answering an
    SMTP DATA past its client's 10 s)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def _digest(entries: Entries) -> str:
    made = hashlib.sha256(_made_by().encode())
    made.update(repr(list(entries)).encode("utf-8", "surrogatepass"))
    return made.hexdigest()[:40]


def _made_by() -> str:
    """A digest of the code an index is made and read with: the source of
    triage/patterns.py, simplemma's version (the lemmas), Python's and pickle's."""
    made_by = hashlib.sha256()
    for part in (
        Path(patterns.__file__).read_bytes(),
        simplemma.__version__.encode(),
        sys.version.encode(),
        str(pickle.HIGHEST_PROTOCOL).encode(),
    ):
        made_by.update(len(part).to_bytes(8, "big") + part)
    return made_by.hexdigest()


def _cache_folder() -> Path | None:
    """This user's cache folder for heard, made if missing; None if it cannot be made or
    someone else could write to it."""
    try:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # unset, or relative: ignored, as the XDG spec says
            base = str(Path.home() / ".cache")
        folder = Path(base) / "heard"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home directory to expand
        return None
    if status.st_uid != os.geteuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        log.debug("phrase cache not used: %s may be written by others", folder)
        return None
    return folder


def _read(path: Path) -> PhraseIndex | None:
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_uid != os.geteuid():
                return None
            with collector_paused():
                found = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged file is compiled again, and replaced
        log.debug("phrase cache %s not read: %s", path.name, type(error).__name__)
        return None
    if not isinstance(found, PhraseIndex):
        return None
    with contextlib.suppress(OSError):  # recently used: pruned last
        os.utime(path)
    return found


def _write(path: Path, index: PhraseIndex) -> None:
    """Written beside, then renamed into place: a reader sees the whole file or none."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
    except OSError as error:  # no cache, as with no home directory
        log.debug("phrase cache %s not written: %s", path.name, type(error).__name__)
        return
    try:
        with os.fdopen(handle, "wb") as file, collector_paused():
            pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, path)
    except Exception as error:
        log.debug("phrase cache %s not written: %s", path.name, type(error).__name__)
        with contextlib.suppress(OSError):
            os.unlink(name)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Only the KEPT most recently used indexes stay."""
    try:
        found = sorted(
            folder.glob(f"{_PREFIX}*.pickle"), key=lambda file: file.stat().st_mtime, reverse=True
        )
        for old in found[KEPT:]:
            old.unlink(missing_ok=True)
            old.with_suffix(phrase_base.SUFFIX).unlink(missing_ok=True)
            old.with_suffix(_LOCK).unlink(missing_ok=True)
    except OSError:
        pass
