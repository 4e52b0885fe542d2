from __future__ import annotations

import json
import logging

import pytest

from cli.logs import JsonFormatter, PlainFormatter


def record(**extra: object) -> logging.LogRecord:
    made = logging.makeLogRecord(
        {"name": "heard.intake", "levelname": "INFO", "levelno": 20, "msg": "case stored"}
    )
    for key, value in extra.items():
        setattr(made, key, value)
    return made


@pytest.mark.parametrize("formatter", [PlainFormatter(), JsonFormatter()])
def test_case_reference_is_kept_and_personal_fields_are_dropped(
    formatter: logging.Formatter,
) -> None:
    line = formatter.format(
        record(case="CSC-2026-000001", complainant="Jane Parent", body="my son was hurt")
    )
    assert "CSC-2026-000001" in line
    assert "Jane Parent" not in line
    assert "my son" not in line


def test_json_lines_parse() -> None:
    document = json.loads(JsonFormatter().format(record(case="CSC-2026-000002")))
    assert document["case"] == "CSC-2026-000002"
    assert document["message"] == "case stored"
