"""`heard db backup`: an online copy of a SQLite database through SQLite's backup API, taken
while heard keeps running (a file copy of heard.db would miss what is still in the WAL)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    pages: int
    bytes: int


def sqlite_backup(source: Path, target: Path) -> BackupResult:
    """Copy `source` to `target` (which must not exist) page by page, letting writers in
    between steps, then check the copy's integrity."""
    if target.exists():
        raise BackupError(f"{target} exists: give a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"directory {target.parent} does not exist")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Opened read-only through a URI: a backup never writes to the live database.
    live = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        copy.execute("PRAGMA user_version")  # SQLite opens the file only when first used
    except sqlite3.Error as error:  # a folder heard may not write to, a read-only disk
        live.close()
        raise BackupError(f"cannot write {target}: {error}") from None
    try:
        live.execute("PRAGMA busy_timeout = 30000")
        live.backup(copy, pages=1024, sleep=0.005)
        result = copy.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise BackupError(f"the copy failed its integrity check: {result}")
        pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        copy.close()
        live.close()
    partial.rename(target)
    return BackupResult(path=target, pages=pages, bytes=target.stat().st_size)
