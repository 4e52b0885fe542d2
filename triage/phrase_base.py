"""A rule file's phrase index made from the cached index of a file that shares most of its
phrases, rather than compiled from nothing.

Compiling the shipped rules' phrases costs about 10 s of CPU, and a council's file, or a test's,
is mostly the shipped one with a rule added, a phrase changed, a team or a person named: every
such file used to be compiled whole. Beside each index it compiles, triage/phrase_cache.py keeps
its entries (each rule's phrases under its key) in a small JSON file; a file whose index is not
cached starts from the cached index sharing the most phrases with it, renames the keys of the
phrases both have (a rule added earlier in the file numbers every later rule one higher), drops
the phrases it does not have and compiles only the ones it adds (figures in the commit).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from triage.patterns import Key, PhraseIndex

Entries = Sequence[tuple[Key, tuple[str, ...]]]
SUFFIX = ".json"  # beside phrases-<digest>.pickle: phrases-<digest>.json
# Made from a base only when it holds at least this share of the phrases: renaming walks the
# whole base (about 0.8 s for the shipped rules), compiling all of them takes about 10 s.
SHARED_AT_LEAST = 0.5


@dataclass(frozen=True)
class Base:
    digest: str  # of the cached index: phrases-<digest>.pickle
    entries: list[tuple[Key, tuple[str, ...]]]


def remember(path: Path, entries: Entries, *, made_by: str) -> None:
    """Keep the entries an index was compiled from beside it (written whole or not at all),
    with what made it (`made_by`: the code that builds the index, triage/phrase_cache.py)."""
    kept = {
        "made_by": made_by,
        "entries": [[key[0], key[1], list(phrases)] for key, phrases in entries],
    }
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(kept, file)
        os.replace(name, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(name)


def nearest(folder: Path, entries: Entries, *, made_by: str) -> Base | None:
    """The cached index sharing the most phrases with `entries`, if it shares enough, among
    those made by the same code: an index another version of triage/patterns.py pickled holds
    nodes this one does not build (or reads differently), and is no base for it."""
    wanted = _phrase_counts(entries)
    total = sum(wanted.values())
    best: Base | None = None
    best_shared = 0
    for path in folder.glob(f"phrases-*{SUFFIX}"):
        base = _read(path, made_by) if path.with_suffix(".pickle").exists() else None
        if base is None:
            continue
        shared = sum((wanted & _phrase_counts(base.entries)).values())
        if shared > best_shared:
            best, best_shared = base, shared
    if best is None or total == 0 or best_shared < SHARED_AT_LEAST * total:
        return None
    return best


def made_into(index: PhraseIndex, base: Entries, entries: Entries) -> PhraseIndex:
    """`index`, compiled from `base` and changed in place, made into the index of `entries`.

    A rule's phrases that both have keep their nodes under its new key (phrases the base holds
    for two rules pair their keys in order); what `entries` add is compiled."""
    keys_of: dict[tuple[str, ...], list[Key]] = {}
    for key, phrases in base:
        if phrases:
            keys_of.setdefault(tuple(phrases), []).append(key)
    renamed: dict[Key, Key] = {}
    added: list[tuple[Key, tuple[str, ...]]] = []
    for key, phrases in entries:
        if not phrases:
            continue
        had = keys_of.get(tuple(phrases))
        if had:
            renamed[had.pop(0)] = key
        else:
            added.append((key, tuple(phrases)))
    index.rename_keys(renamed)
    for key, phrases in added:
        index.add(key, phrases)
    return index


def _phrase_counts(entries: Entries) -> Counter[str]:
    return Counter(phrase for _, phrases in entries for phrase in phrases)


def _read(path: Path, made_by: str) -> Base | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        if found["made_by"] != made_by:
            return None
        entries = [
            ((int(number), str(kind)), tuple(map(str, phrases)))
            for number, kind, phrases in found["entries"]
        ]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return Base(path.name[len("phrases-") : -len(SUFFIX)], entries)
