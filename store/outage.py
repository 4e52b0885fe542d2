"""A worker that finds the database away says so once, and once more when it is back.

The outbox workers, the scheduler and the mailbox reader retry every pass (every half second
for Slack's poster), so a traceback per failed pass turned a few minutes of PostgreSQL away
into thousands of log lines burying the one that mattered. A connection that cannot be made
or was lost is an outage, reported in one line naming the error's class (never its text,
which may carry the database URL); anything else is still logged with its traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# What stopped the database, where it says so in a name of its own (SQLite's error name, PostgreSQL's
# SQLSTATE): a cause an operator acts on, in fixed words with nothing of the data in them. Walking
# heard with its SQLite disk full (walkerD), the log said "database not reachable", which sends
# whoever reads it to the network. Any other outage is the database not reached.
DISK_FULL = "the disk holding the database is full"
_SQLITE_CAUSES = {
    "SQLITE_FULL": DISK_FULL,
    "SQLITE_READONLY": "the database file cannot be written (read-only)",
    "SQLITE_IOERR": "the disk holding the database gave an I/O error",
}
_POSTGRES_CAUSES = {"53100": DISK_FULL}
NOT_REACHED = "database not reachable"


def outage_cause(error: BaseException) -> str:
    """Why the database failed, in words for the log: a full disk, a read-only file, an I/O
    error, or (anything else) not reachable."""
    cause = getattr(error, "orig", None) or error
    name = str(getattr(cause, "sqlite_errorname", "") or "")
    for prefix, words in _SQLITE_CAUSES.items():
        if name == prefix or name.startswith(prefix + "_"):
            return words
    return _POSTGRES_CAUSES.get(str(getattr(cause, "sqlstate", "") or ""), NOT_REACHED)


def database_away(error: BaseException) -> bool:
    """The database could not be reached, or the connection was lost mid-way."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


@dataclass
class OutageLog:
    logger: logging.Logger
    what: str  # "slack poster pass": logged as "slack poster pass failed" / "... database …"
    away: bool = False

    def failed(self, error: BaseException) -> None:
        if not database_away(error):
            self.logger.error("%s failed", self.what, exc_info=error)
            return
        if not self.away:
            self.logger.warning(
                "%s failed: %s (%s); trying again until it is",
                self.what,
                outage_cause(error),
                type(error).__name__,
            )
        self.away = True

    def passed(self) -> None:
        if self.away:
            self.logger.info("%s: database reachable again", self.what)
        self.away = False
