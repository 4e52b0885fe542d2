"""The annual report counts each stage 3 step against its own clock over every case (the seeds:
Westminster's three stage 3 timescales, Bradford's "% Stage 3 responded in time"): review
panels held within 30 working days of the request, chairs' reports within 5 of the panel, the
council's response within 15 of the report, the late ones, and the steps still owed past their
due day at the year's end, counted no further than the day the report is produced. Cases are
worked through `heard case REF ...` on a settable clock; the written report is read."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cases.clock import SettableClock
from cli.main import app
from heard.invocation import Invocation
from tests.reports.test_casework_figures import complaint, to_stage_3  # noqa: F401
from tests.reports.worked import runner

ANSWER = ("--remedy", "apology", "--outcome", "1=upheld", "--finding", "1=Read the log.")


def at(clock: SettableClock, *args: str) -> str:
    result = runner.invoke(app, list(args), obj=Invocation(clock))
    assert result.exit_code == 0, result.stderr or result.output
    return result.stdout


def panel(clock: SettableClock, reference: str, on: str, *, late: bool = False) -> None:
    """Arranged for a day gone by (a panel that met then) and recorded as held that day."""
    at(clock, "case", reference, "panel-arranged", "--panel-on", on, "--already-met",
       *(("--confirm-late",) if late else ()))  # fmt: skip
    at(clock, "case", reference, "panel-held", "--on", on)


def annual(clock: SettableClock, out: Path) -> tuple[dict[str, dict[str, object]], str]:
    at(clock, "report", "annual", "--year", "2026", "--out", str(out))
    metrics = json.loads((out / "metrics.json").read_text())["metrics"]
    return metrics, " ".join((out / "report.md").read_text().split())


def test_each_stage_three_step_is_counted_with_the_late_ones(
    complaint: Callable[[str], str],  # noqa: F811
    tmp_path: Path,
) -> None:
    clock = SettableClock(datetime(2026, 11, 30, 10, tzinfo=UTC))
    # each asked for stage 3 on 2 March 2026: the panel is due by 15 April
    in_time, late_panel, late_report, never_held, no_report = (
        complaint("2026-01-05") for _ in range(5)
    )
    for reference in (in_time, late_panel, late_report, never_held, no_report):
        to_stage_3(reference)
    panel(clock, in_time, "2026-04-08")
    at(clock, "case", in_time, "chair-report", "--on", "2026-04-10")
    at(clock, "case", in_time, "respond", "--on", "2026-04-20", *ANSWER)
    panel(clock, late_panel, "2026-05-13", late=True)  # 19 working days late
    at(clock, "case", late_panel, "chair-report", "--on", "2026-05-18")
    at(clock, "case", late_panel, "respond", "--on", "2026-06-01", *ANSWER)
    panel(clock, late_report, "2026-04-09")
    at(clock, "case", late_report, "chair-report", "--on", "2026-04-24")  # due 16 April
    at(clock, "case", late_report, "respond", "--on", "2026-05-05", *ANSWER)
    panel(clock, no_report, "2026-04-14")  # its report was due by 21 April, and never came
    # asked for on 2 November 2026: its panel is due by 14 December, after the report's day
    later = complaint("2026-06-01")
    at(clock, "case", later, "respond", "--on", "2026-06-12", *ANSWER)
    at(clock, "case", later, "escalate", "--on", "2026-06-15")
    at(clock, "case", later, "respond", "--on", "2026-10-20", *ANSWER,
       "--delay-reason", "An investigator was hard to find",
       "--delay-reason-for-complainant", "finding an investigator took longer")  # fmt: skip
    at(clock, "case", later, "escalate", "--on", "2026-11-02")

    metrics, report = annual(clock, tmp_path / "november")

    def value(name: str) -> object:
        return metrics[name]["value"]

    assert [value(f"stage3.panel.{part}") for part in
            ("held", "in_time", "late", "in_time_pct", "overdue_at_end")] == [4, 3, 1, 75, 1]  # fmt: skip
    assert [value(f"stage3.chair_report.{part}") for part in
            ("received", "in_time", "late", "in_time_pct", "overdue_at_end")] == [3, 2, 1, 67, 1]  # fmt: skip
    assert [value(f"stage3.{part}") for part in
            ("closed", "in_time", "late", "in_time_pct", "response.overdue_at_end")] == [3, 3, 0, 100, 0]  # fmt: skip
    assert (
        "| Review panel held | Within 30 working days of the stage 3 request | 4 | 3 | 1 | 75% | 1 |"
        in report
    ), report
    assert "| Chair's report | Within 5 working days of the panel | 3 | 2 | 1 | 67% | 1 |" in report
    assert (
        "| Council's response | Within 15 working days of the chair's report | 3 | 3 | 0 | 100% | 0 |"
        in report
    )
    assert "| % review panels held within 30 working days | " in report

    clock.set(datetime(2027, 4, 12, 10, tzinfo=UTC))  # the year is over: the later panel is late
    metrics, report = annual(clock, tmp_path / "april")
    assert metrics["stage3.panel.overdue_at_end"]["value"] == 2
    assert (
        "| Review panel held | Within 30 working days of the stage 3 request | 4 | 3 | 1 | 75% | 2 |"
        in report
    )
