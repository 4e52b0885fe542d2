"""Structured logging: plain for a terminal, JSON for a log shipper.

Log lines about a case carry its reference (`extra={"case": ref}`) and nothing else about
it: no names, addresses or message text, at any level. The formatter drops any `extra`
field not on the allow-list, so a careless call cannot leak a complainant's details.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

ALLOWED_EXTRA_FIELDS = frozenset(
    {"case", "component", "outbox_id", "reminder_id", "worker", "peer", "status", "attempt"}
)
_STANDARD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {
        key: value
        for key, value in record.__dict__.items()
        if key in ALLOWED_EXTRA_FIELDS and key not in _STANDARD_ATTRIBUTES
    }


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%d %H:%M:%S")
        extras = " ".join(f"{key}={value}" for key, value in sorted(_extras(record).items()))
        line = f"{moment} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if extras:
            line += f" [{extras}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_extras(record),
        }
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, default=str)


def configure_logging(*, level: str = "INFO", log_format: str = "plain") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries that would log message bodies or request payloads at DEBUG stay quieter.
    for chatty in ("alembic", "apscheduler"):  # start-up chatter, not events an operator needs
        logging.getLogger(chatty).setLevel(logging.WARNING)
    # aiosmtpd logs every command at INFO, senders' and recipients' addresses included:
    # personal data, so only its warnings reach the log unless DEBUG is asked for.
    for private in ("mail.log", "aiosmtpd"):
        logging.getLogger(private).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
