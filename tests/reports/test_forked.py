"""The report's files are written side by side in forked processes: what a child raises is
raised in the parent, once every child has ended."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.forked import all_ended, started


def test_a_child_writes_and_its_error_comes_back(tmp_path: Path) -> None:
    written = tmp_path / "written.txt"

    def refuse() -> None:
        raise ValueError("a cell the workbook cannot hold")

    waits = [started(lambda: written.write_text("done")), started(refuse)]
    with pytest.raises(ValueError, match="cannot hold"):
        all_ended(waits)
    assert written.read_text() == "done"


def test_an_error_that_will_not_pickle_comes_back_as_words() -> None:
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def refuse() -> None:
        raise Local("unpicklable")

    with pytest.raises(RuntimeError, match="Local: unpicklable"):
        all_ended([started(refuse)])
