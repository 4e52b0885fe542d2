"""A worker that finds the database away logs one line, not a traceback per pass, and one
more when it is back; any other failure keeps its traceback. The errors are real: PostgreSQL
on a port nobody listens on, and a SQLite file that is a folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import make_engine
from store.outage import OutageLog, database_away, outage_cause
from tests.processes import free_port


def _error_from(url: str) -> Exception:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError(f"{url} answered")


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_an_unreachable_database_is_one_line_until_it_is_back(
    engine: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = (
        f"postgresql://postgres@127.0.0.1:{free_port()}/heard"
        if engine == "postgresql"
        else f"sqlite:///{tmp_path / 'heard.db'}"
    )
    (tmp_path / "heard.db").mkdir()  # a folder where the file should be: SQLite cannot open it
    error = _error_from(url)
    assert database_away(error)
    outage = OutageLog(logging.getLogger("heard.test"), "slack poster pass")
    with caplog.at_level(logging.INFO, logger="heard.test"):
        for _ in range(50):  # 25 s of half-second passes
            outage.failed(error)
        outage.passed()
        outage.passed()
    assert caplog.messages == [
        "slack poster pass failed: database not reachable (OperationalError); "
        "trying again until it is",
        "slack poster pass: database reachable again",
    ]
    assert all(record.exc_info is None for record in caplog.records)
    assert "127.0.0.1" not in caplog.text and str(tmp_path) not in caplog.text


def test_any_other_failure_keeps_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    outage = OutageLog(logging.getLogger("heard.test"), "mailer pass")
    with caplog.at_level(logging.INFO, logger="heard.test"):
        outage.failed(KeyError("payload"))
    (record,) = caplog.records
    assert record.getMessage() == "mailer pass failed" and record.exc_info is not None
    assert not database_away(KeyError("payload"))


def test_a_full_disk_is_named_as_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """SQLite's own error name says the disk is full (SQLITE_FULL, made real with a page cap):
    the line says so, where 'database not reachable' sent the reader to the network."""
    engine = make_engine(f"sqlite:///{tmp_path / 'heard.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("PRAGMA max_page_count = 3"))
            connection.execute(text("CREATE TABLE filler (x BLOB)"))
            connection.execute(text("INSERT INTO filler VALUES (zeroblob(100000))"))
    except Exception as error:
        full = error
    else:
        raise AssertionError("the page cap let 100 kB in")
    finally:
        engine.dispose()
    assert database_away(full) and outage_cause(full) == "the disk holding the database is full"
    outage = OutageLog(logging.getLogger("heard.test"), "mailer pass")
    with caplog.at_level(logging.INFO, logger="heard.test"):
        outage.failed(full)
    assert caplog.messages == [
        "mailer pass failed: the disk holding the database is full (OperationalError); "
        "trying again until it is"
    ]
