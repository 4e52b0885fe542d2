"""Structured logging: plain for a terminal, JSON for a log shipper.

Log lines about a case carry its reference (`extra={"case": ref}`) and nothing else about
it: no names, addresses or message text, at any level. The formatter drops any `extra`
field not on the allow-list, so a careless call cannot leak a complainant's details.

Two libraries would still put personal data into lines we do not write ourselves, so every
line passes through a redaction on its way out:
- SQLAlchemy's errors carry the statement's parameters (`[parameters: ...]`: names,
  addresses, complaint text) and PostgreSQL's `DETAIL:` repeats the failing row or key;
- aiosmtpd echoes protocol words (`unrecognised: WORD`), which after a rejected RCPT are the
  words of body lines the client pipelined.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import IO

ALLOWED_EXTRA_FIELDS = frozenset(
    {"case", "component", "outbox_id", "reminder_id", "worker", "peer", "status", "attempt"}
)
_STANDARD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


# SQLAlchemy puts the parameters on a line of their own; PostgreSQL's DETAIL (the failing row,
# the duplicate key's value) likewise. Both are dropped whole.
_SQL_PARAMETERS = re.compile(r"^\[parameters: .*$|^\s*DETAIL: .*$", re.MULTILINE)
# Loggers that quote what a client sent (aiosmtpd logs as "mail.log").
_PROTOCOL_LOGGERS = ("mail.log", "aiosmtpd")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """A log line without statement parameters or database row details."""
    if "[parameters: " not in text and "DETAIL:" not in text:
        return text
    return _SQL_PARAMETERS.sub(
        lambda match: (
            "DETAIL: " + REDACTED
            if "DETAIL:" in match.group(0)
            else "[parameters: " + REDACTED + "]"
        ),
        text,
    )


class ProtocolEchoFilter(logging.Filter):
    """Replaces what a protocol library quotes from the client with a placeholder, keeping
    the line's shape and the peer's address (a tuple): `('1.2.3.4', 5) unrecognised: [redacted]`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(_PROTOCOL_LOGGERS) or not record.args:
            return True
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        record.args = tuple(arg if isinstance(arg, tuple) else REDACTED for arg in args)
        return True


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
        return redact(line)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            **_extras(record),
        }
        if record.exc_info:
            document["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(document, default=str)


def configure_logging(
    *, level: str = "INFO", log_format: str = "plain", stream: IO[str] | None = None
) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
    handler.addFilter(ProtocolEchoFilter())
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
