"""Issue 13, item 3: no log line carries a name, an address or a word of a complaint.

Before: SQL parameters reached PostgreSQL error logs (SQLAlchemy's `[parameters: ...]` and the
server's `DETAIL: Failing row contains (...)`), and aiosmtpd's `unrecognised: WORD` lines
echoed the first word of each body line pipelined after a rejected RCPT.

The sessions run against the real listener and database with `heard serve`'s own logging
configuration (cli.logs), and the captured output is searched for every private word used.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from cli.logs import configure_logging
from store.models import Person
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver
from tests.intake.test_smtp_protocol import conversation

NAME = "Zebedee Hollowbrook"
ADDRESS = "zebedee.hollowbrook@example.org"
CHILD = "Tobiah"
PRIVATE = ["zebedee", "hollowbrook", "tobiah", "marigoldia", "fernhollow", "quillfeather"]
_TOUCHED = ("alembic", "apscheduler", "mail.log", "aiosmtpd", "slack_bolt", "slack_sdk", "aiohttp")


@pytest.fixture(params=[("INFO", "plain"), ("DEBUG", "json")], ids=["info-plain", "debug-json"])
def captured_log(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """heard's logging configuration writing into a buffer; the test's own set-up restored."""
    root = logging.getLogger()
    saved = (
        root.handlers[:],
        root.level,
        {name: logging.getLogger(name).level for name in _TOUCHED},
    )
    buffer = io.StringIO()
    level, log_format = request.param
    configure_logging(level=level, log_format=log_format, stream=buffer)
    try:
        yield buffer
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        for name, old in saved[2].items():
            logging.getLogger(name).setLevel(old)


def assert_nothing_private(log: str) -> None:
    lowered = log.lower()
    leaked = [word for word in [*PRIVATE, ADDRESS] if word in lowered]
    assert not leaked, f"log carries {leaked}:\n{log[-3000:]}"


async def test_hostile_sessions_leave_no_personal_data_in_the_log(
    intake: Intake, captured_log: io.StringIO
) -> None:
    body = (
        f"From: {NAME} <{ADDRESS}>\r\nSubject: Quillfeather\r\n\r\n"
        f"Marigoldia hurt {CHILD} at Fernhollow school\r\n{CHILD} is scared\r\n.\r\n"
    ).encode()
    # A rejected RCPT, then the message pipelined anyway: each body line becomes a "command".
    rejected = (
        (
            f"EHLO c\r\nMAIL FROM:<{ADDRESS}>\r\nRCPT TO:<nobody@elsewhere.example>\r\nDATA\r\n"
        ).encode()
        + body
        + b"QUIT\r\n"
    )
    answer = await asyncio.to_thread(conversation, intake.port, rejected)
    assert b"not recognized" in answer  # aiosmtpd did read the body lines as commands
    # A sender address that is not UTF-8, and one that is a name.
    odd = b"EHLO c\r\nMAIL FROM:<hollowbrook\xe9@example.org>\r\nQUIT\r\n"
    await asyncio.to_thread(conversation, intake.port, odd)
    # A complaint that is stored, read, triaged and acknowledged.
    code, _ = await deliver(intake, body[:-3], sender=ADDRESS)
    assert code == 250
    intake.settle()
    await intake.send_outbox()
    await asyncio.sleep(0.2)
    assert_nothing_private(captured_log.getvalue())


async def test_a_database_error_is_logged_without_its_parameters(
    intake: Intake, captured_log: io.StringIO
) -> None:
    """A statement that fails on both engines (a required column left empty), logged as the
    intake logs a failure to store: with its traceback."""
    insert = sa.insert(Person.__table__).values(
        case_id=None,
        role=None,
        name=NAME,
        email=ADDRESS,
        relationship_to_child=f"{CHILD} at Fernhollow",
    )
    with pytest.raises(sa.exc.DBAPIError), intake.context.engine.begin() as connection:
        try:
            connection.execute(insert)
        except sa.exc.DBAPIError:
            logging.getLogger("heard.intake").exception("could not store inbound mail")
            raise
    log = captured_log.getvalue()
    assert "could not store inbound mail" in log and "Traceback" in log
    assert_nothing_private(log)
