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

from reports.building import Builder, ReportOptions
from reports.metrics import METRICS, Figures
from reports.periods import Period
from reports.producing import finish, read_figures
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
        figures = read_figures(connection, period, trend_years=trend_years, today=today)
        builder = Builder(connection, figures, options)
        sections = [module.section(builder) for module in BODY]
        sections += [
            appendix.case_lists(builder),
            appendix.learning_list(builder),
            appendix.examples(builder),
        ]
    used = dict.fromkeys(name for s in sections for t in s.tables for name in t.metrics)
    sections.append(appendix.definitions([*used, *(n for n in METRICS if n not in used)]))
    if period.unit != "year":  # a quarterly or weekly report compares quarters or weeks
        _count_by(sections, period.unit)
    report = finish(
        sections,
        figures=figures,
        options=options,
        period=period,
        today=today,
        letters=APPENDIX_LETTERS,
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
