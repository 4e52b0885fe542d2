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
                "%s failed: database not reachable (%s); trying again until it is",
                self.what,
                type(error).__name__,
            )
        self.away = True

    def passed(self) -> None:
        if self.away:
            self.logger.info("%s: database reachable again", self.what)
        self.away = False
