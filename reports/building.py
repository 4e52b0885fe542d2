"""What every section of a report builds its tables from: the figures of each period, how much
of each period the records cover, the read-only connection for breakdowns, and the helpers that
turn these into tables (a trend over the years, a count with percentages)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from sqlalchemy.engine import Connection

from reports.cells import NOT_AVAILABLE, Cell, Days, Percent, Pounds
from reports.coverage import comparison
from reports.coverage import notes as coverage_notes
from reports.labels import label
from reports.metrics import METRICS, Figures, Value, percent
from reports.periods import Period
from reports.tables import Chart, Table
from reports.yearly import NOT_RECORDED, per_period
from store.reports.reading import Readers
from store.reports.trends import CaseIds, complaints_span

BREAKDOWN_YEARS = 3  # the seeds print three years of their breakdowns (who, which team…)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class ReportOptions:
    """What a council sets about its report."""

    title: str = "Children's social care complaints annual report"
    council: str = ""
    # The category (from the rule file's category_list) whose complaints the statutory
    # statement on child sexual exploitation counts; None: the report makes no statement.
    cse_category: str | None = None
    # The council's own words for the values of its two lists, from the rule file; other
    # values are printed as reports.labels says. Apart, because the lists share ids ('other').
    category_labels: Mapping[str, str] = field(default_factory=dict)
    complainant_labels: Mapping[str, str] = field(default_factory=dict)


def noun(count: int, one: str, more: str) -> str:
    """`one` for a count of exactly one, else `more`."""
    return one if count == 1 else more


def cell(value: Value, unit: str) -> Cell:
    """A metric's value as a typed cell."""
    if unit == "percent":
        return Percent(None if value is None else int(value))
    if unit == "pounds":
        return Pounds(float(value or 0))
    if unit == "days":
        return Days(None if value is None else float(value))
    return value


class Builder:
    def __init__(self, readers: Readers, figures: Figures, options: ReportOptions) -> None:
        self.readers = readers
        self.f = figures
        self.options = options
        self.period: Period = figures.periods[0]
        self.oldest_first = list(range(len(figures.periods)))[::-1]
        self.year_columns = [figures.coverage[i].heading for i in self.oldest_first]
        self.recent = self.oldest_first[-BREAKDOWN_YEARS:]  # up to three years, oldest first
        self.recent_periods = figures.periods[: len(self.recent)]  # newest first
        self.recent_columns = [figures.coverage[i].heading for i in self.recent]
        # Beneath every table that compares periods: which of them the records only partly cover.
        self.coverage_notes = " ".join(coverage_notes(figures.coverage))
        self.recent_notes = " ".join(coverage_notes([figures.coverage[i] for i in self.recent]))
        self._read: dict[Hashable, Future[Any]] = {}
        self._reading = threading.Lock()

    @property
    def c(self) -> Connection:
        """The connection of the thread building a section (sections are built side by side,
        each on a connection of its own: Readers.map)."""
        return self.readers.connection

    @property
    def complaint_ids(self) -> CaseIds:
        """The span of the ids of the complaints received in the period, which the tables of
        those complaints by team, directorate and category are bounded by (read once)."""
        return self.once(complaints_span, (self.period,))

    def once(
        self, query: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`query`'s rows over the report's connection, read once however many tables show
        them: the upheld-by-team table and each procedure's table by team read the same
        complaints by team, the learning section and Appendix A the same upheld complaints
        without learning (at 1M cases each is a pass over a year's complaints)."""
        key = (query, args, tuple(sorted(kwargs.items())))
        with self._reading:
            found = self._read.get(key)
            if found is None:  # this thread reads it; one asking meanwhile waits for it
                found = self._read[key] = Future()
                found.set_running_or_notify_cancel()
                reading = True
            else:
                reading = False
        if reading:
            try:
                found.set_result(query(self.c, *args, **kwargs))
            except BaseException as error:
                found.set_exception(error)
                raise
        return cast(T, found.result())

    def category(self, value: str) -> str:
        return self.options.category_labels.get(value) or label(value)

    def complainant(self, value: str) -> str:
        return self.options.complainant_labels.get(value) or label(value)

    # --- figures ----------------------------------------------------------------------------
    def value(self, name: str, index: int = 0) -> Cell:
        return cell(self.f.get(name, index), METRICS[name].unit)

    def text(self, name: str, index: int = 0) -> str:
        found = self.value(name, index)
        if isinstance(found, int):
            return f"{found:,}"
        return NOT_AVAILABLE if found is None else str(found)

    def number(self, name: str, index: int = 0) -> int:
        return int(self.f.get(name, index) or 0)

    def many(self, name: str, one: str, more: str) -> str:
        """The figure and the words after it, in the singular for exactly one: "1 decision",
        "2 decisions" (a small council's year, a quarter or a week meets ones often)."""
        return f"{self.text(name)} {noun(self.number(name), one, more)}"

    def compare(self, name: str, what: str) -> str:
        now = self.text(name)
        if len(self.f.periods) < 2:
            note = self.f.coverage[0].describe()
            return f"{what}: {now} in {self.period.named}. {note}".strip()
        return comparison(
            what, now, self.text(name, 1), current=self.f.coverage[0], earlier=self.f.coverage[1]
        )

    def over_years(self, definition: str, *, recent: bool = False) -> str:
        notes = self.recent_notes if recent else self.coverage_notes
        return f"{definition} {notes}".strip()

    def yearly(self, rows: Iterable[tuple[date, str | None, int]]) -> dict[str, list[int]]:
        """value -> count in each period (the figures' indexes), for per-day rows read over
        the recent periods."""
        found = per_period(rows, self.recent_periods)
        pad = [0] * (len(self.f.periods) - len(self.recent_periods))
        return {name: counts + pad for name, counts in found.items()}

    def grouped_chart(self, title: str, found: dict[str, list[int]]) -> Chart | None:
        """Bars for each row, one per recent year."""
        if not found:
            return None
        return Chart("bar", title, value_columns=tuple(range(1, len(self.recent) + 1)))

    # --- tables -----------------------------------------------------------------------------
    def trend(
        self,
        key: str,
        caption: str,
        rows: Sequence[tuple[str, str]],
        *,
        chart: str | None = None,
        percent_chart: bool = False,
        recent: bool = False,
        **kw: Any,
    ) -> Table:
        """One row per metric, one column per year (oldest first), with a line chart of the
        rows when `chart` gives its title."""
        years = self.recent if recent else self.oldest_first
        return Table(
            key=key,
            caption=caption,
            columns=["Measure", *(self.f.coverage[i].heading for i in years)],
            rows=[[text, *(self.value(name, i) for i in years)] for text, name in rows],
            metrics=[name for _, name in rows],
            chart=(
                Chart("line", chart, series_in_rows=True, percent=percent_chart)
                if chart and len(years) > 1
                else (Chart("bar", chart, value_columns=(1,)) if chart else None)
            ),
            **({"definition": self.over_years("", recent=recent) or None} | kw),
        )

    def by_year(
        self,
        key: str,
        caption: str,
        heading: str,
        found: dict[str, list[int]],
        *,
        definition: str,
        order: Sequence[str] | None = None,
        total: bool = True,
        labelled: bool = True,
        words: Callable[[str], str] = label,
        **kw: Any,
    ) -> Table:
        """A count per value (one row each) and per year (the recent years' columns). Values
        are stored identifiers printed by `words`, or (`labelled=False`) names as they are,
        a team's, say."""
        names = list(order) if order is not None else sorted(found, key=words)
        rows: list[list[Cell]] = [
            [
                words(name) if labelled or name == NOT_RECORDED else name,
                *(found.get(name, [0] * len(self.f.periods))[i] for i in self.recent),
            ]
            for name in names
        ]
        if rows and total:
            rows.append(
                ["Total", *(sum(counts[i] for counts in found.values()) for i in self.recent)]
            )
        return Table(
            key=key,
            caption=caption,
            columns=[heading, *self.recent_columns],
            rows=rows,
            definition=self.over_years(definition, recent=True),
            **kw,
        )

    def counted(
        self,
        key: str,
        caption: str,
        rows: list[tuple[str, int]],
        heading: str,
        *,
        words: Callable[[str], str] = label,
        **kw: Any,
    ) -> Table:
        total = sum(count for _, count in rows)
        body: list[list[Cell]] = [
            [words(name), count, Percent(percent(count, total))] for name, count in rows
        ]
        if rows:
            body.append(["Total", total, Percent(100 if total else None)])
        return Table(
            key=key, caption=caption, columns=[heading, "Number", "Percentage"], rows=body, **kw
        )


def listed_note(definition: str, shown: int, total: int) -> str:
    """A list's definition, saying when it is cut short."""
    if total > shown:
        return f"{definition} The first {shown:,} of {total:,} are listed."
    return definition


def day(value: object) -> date | None:
    from reports.cells import as_day

    return as_day(value)
