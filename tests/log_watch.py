"""No personal data in any log line, across the whole suite (issue 27, part 5).

Every log record any test makes (at INFO and above, as `heard serve` logs) is formatted as
heard's own formatter writes it (cli/logs.py: its redaction and protocol filter applied) and
searched for the personal data the tests use: names, addresses and complaint text. A test that
makes heard log any of them fails, naming the logger and the words.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from cli.logs import PlainFormatter, ProtocolEchoFilter

# The personal data the suite's cases carry (fixtures, testkit, demo data).
PERSONAL = (
    "Sam Parent",
    "sam.parent@example.org",
    "sam@example.org",
    "Test Parent",
    "parent@example.org",
    "Test Person ",
    "Jo Complainant",
    "Robin Otherparty",
    "robin@example.net",
    "Alfie Child",
    "Mrs A Grandparent",
    "grandad@example.net",
    "alice@example.org",
    "Zebedee",
    "Hollowbrook",
    "The social worker was rude",
)
_LOWERED = tuple(word.lower() for word in PERSONAL)
# `heard serve` keeps these below WARNING (cli/logs.py, configure_logging): they quote addresses.
_QUIET_BELOW_WARNING = ("mail.log", "aiosmtpd")

_formatter = PlainFormatter()
_filter = ProtocolEchoFilter()
_leaks: list[str] = []


def _check(record: logging.LogRecord) -> None:
    if not isinstance(record.levelno, int) or record.levelno < logging.INFO:
        return
    if record.levelno < logging.WARNING and record.name.startswith(_QUIET_BELOW_WARNING):
        return
    copy = logging.LogRecord.__new__(logging.LogRecord)  # not makeLogRecord: it calls us
    copy.__dict__.update(record.__dict__)
    try:
        _filter.filter(copy)
        line = _formatter.format(copy).lower()
    except Exception:  # a record that cannot be formatted is logging's own problem
        return
    found = [word for word, low in zip(PERSONAL, _LOWERED, strict=True) if low in line]
    if found:
        _leaks.append(f"{record.name}: {found} in {line[:300]!r}")


@pytest.fixture(scope="session", autouse=True)
def _watch_every_log_record() -> Iterator[None]:
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _check(record)
        return record

    logging.setLogRecordFactory(factory)
    root = logging.getLogger()
    level = root.level
    if level > logging.INFO:
        root.setLevel(logging.INFO)  # as `heard serve` logs
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)
        root.setLevel(level)


@pytest.fixture(autouse=True)
def _no_personal_data_logged() -> Iterator[None]:
    _leaks.clear()
    yield
    if _leaks:
        leaked, _leaks[:] = list(_leaks), []
        pytest.fail("personal data in the log:\n" + "\n".join(leaked[:5]), pytrace=False)
