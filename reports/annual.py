"""The annual complaints report (and the quarterly and weekly ones, which reuse it): every table
the seeds' councils print, for the period and, where they print them, the years before it.

A councillor reads the summary first, in plain words; the body follows, one section per
question the statutory guidance asks (what came in, what about, what was found, how quickly,
what went further, the Ombudsman, costs, compliments, how well the procedure worked, what was
learnt); the case lists, the learning in words, the examples and the definitions are in the
appendices. Every figure is counted in the database (store.reports)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial

from sqlalchemy.engine import Connection, Engine

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
from store.reports.reading import report_readers

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
# Their queries take most of the counting at a million cases (bench.report, PostgreSQL).
COUNT_THE_MOST = (subjects.section, outcomes.section, timescales.section)


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
    makers = [
        *(module.section for module in BODY),
        appendix.case_lists,
        appendix.learning_list,
        appendix.examples,
    ]
    # The sections that count the most are begun first, so the last to finish is a short one.
    order = sorted(range(len(makers)), key=lambda i: makers[i] not in COUNT_THE_MOST)
    with report_readers(engine) as readers:  # reads only: never waits for (or blocks) a writer
        figures = read_figures(readers, period, trend_years=trend_years, today=today)
        builder = Builder(readers, figures, options)
        built = readers.map([partial(_built, makers[i], builder) for i in order])
    sections = [section for _, section in sorted(zip(order, built, strict=True), key=_first)]
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


def _first(pair: tuple[int, Section]) -> int:
    return pair[0]


def _built(make: Callable[[Builder], Section], builder: Builder, _: Connection) -> Section:
    return make(builder)


def _count_by(sections: list[Section], unit: str) -> None:
    """Captions and chart titles say "by quarter" or "by week", not "by year"."""

    def said(text: str) -> str:
        return re.sub(r"\b(by|and) year\b", rf"\1 {unit}", text)

    for table in (t for section in sections for t in section.tables):
        table.caption = said(table.caption)
        if table.chart is not None:
            table.chart.title = said(table.chart.title)
