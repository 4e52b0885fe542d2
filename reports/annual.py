"""The annual complaints report (and the quarterly and weekly ones, which reuse it): every table
the seeds' councils print, for the period and, where they print them, the years before it.

A councillor reads the summary first, in plain words; the body follows, one section per
question the statutory guidance asks (what came in, what about, what was found, how quickly,
what went further, the Ombudsman, costs, compliments, how well the procedure worked, what was
learnt); the case lists, the learning in words, the examples and the definitions are in the
appendices. Every figure is counted in the database (store.reports)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from sqlalchemy.engine import Engine

from reports import breakdowns as bd
from reports.building import Builder, ReportOptions
from reports.coverage import coverage_of
from reports.metrics import METRICS, Figures, compute
from reports.periods import Period, previous_years
from reports.sections import (
    appendix,
    by_team,
    compliments,
    costs,
    effectiveness,
    escalation,
    learning,
    not_logged,
    ombudsman,
    outcomes,
    received,
    subjects,
    summary,
    timescales,
)
from reports.tables import Report, Section
from store.reports.reading import report_rows

__all__ = ["TREND_YEARS", "ReportOptions", "build_report"]

TREND_YEARS = 7
APPENDIX_LETTERS = "ABCDEFGH"  # the body refers to A (cases) and B (learning) by letter
BODY = (
    summary,
    received,
    not_logged,
    subjects,
    outcomes,
    timescales,
    escalation,
    by_team,
    ombudsman,
    costs,
    compliments,
    effectiveness,
    learning,
)


def build_report(
    engine: Engine,
    period: Period,
    *,
    title: str | None = None,
    trend_years: int = TREND_YEARS,
    today: date,
    options: ReportOptions | None = None,
) -> tuple[Report, Figures]:
    """The report on `period`, produced on `today` (the caller's clock: the report's date)."""
    options = options or ReportOptions()
    if title is not None:
        options = replace(options, title=title)
    with report_rows(engine) as connection:  # reads only: never waits for (or blocks) a writer
        earliest = _as_day(bd.earliest_day(connection))
        earlier = previous_years(period, count=trend_years, earliest=earliest) if earliest else []
        periods = [period, *earlier]
        figures = compute(connection, periods)
        figures.coverage = coverage_of(periods, earliest=earliest, today=today)
        builder = Builder(connection, figures, options)
        sections = [module.section(builder) for module in BODY]
        sections += [
            appendix.case_lists(builder),
            appendix.learning_list(builder),
            appendix.examples(builder),
        ]
    used = dict.fromkeys(name for s in sections for t in s.tables for name in t.metrics)
    sections.append(appendix.definitions([*used, *(n for n in METRICS if n not in used)]))
    for letter, section in zip(APPENDIX_LETTERS, (s for s in sections if s.appendix), strict=False):
        section.title = f"Appendix {letter}: {section.title}"
    if period.unit != "year":  # a quarterly or weekly report compares quarters or weeks
        _count_by(sections, period.unit)
    report = Report(
        title=options.title,
        period_label=period.label,
        long_period=period.long_label,
        sections=sections,
        generated_on=today.isoformat(),
        council=options.council,
        coverage=[c.describe() for c in figures.coverage if not c.complete],
    )
    return report, figures


def _count_by(sections: list[Section], unit: str) -> None:
    """Captions and chart titles say "by quarter" or "by week", not "by year"."""

    def said(text: str) -> str:
        return re.sub(r"\b(by|and) year\b", rf"\1 {unit}", text)

    for table in (t for section in sections for t in section.tables):
        table.caption = said(table.caption)
        if table.chart is not None:
            table.chart.title = said(table.chart.title)


def _as_day(value: date | str | None) -> date | None:
    """SQLite gives MIN() of a date column back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
