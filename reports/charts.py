"""Charts drawn from a table's own figures: horizontal bars (one group per row, one bar per
year or measure) and lines (a trend over the years). Laid out once, then painted as inline SVG
for the HTML report or as a PNG for the Word report (reports.chart_canvas). Each chart's title
is printed above it by the renderer; the table it is drawn from is always printed with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reports.cells import Cell
from reports.chart_canvas import GRID, Canvas, PngCanvas, SvgCanvas, text_width
from reports.tables import Table

# GOV.UK Design System colours with enough contrast against white.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88")
WIDTH = 720
MAX_BARS = 20
MAX_LABEL = 250  # pixels of a bar's label, at most
FONT = 12
SMALL = 11


@dataclass(frozen=True)
class Plan:
    kind: str  # "bars" or "lines"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    percent: bool


def chart_svg(table: Table) -> str | None:
    plan = plan_of(table)
    if plan is None:
        return None
    canvas = SvgCanvas(WIDTH, _height(plan))
    paint(plan, canvas)
    return canvas.svg()


def chart_png(table: Table) -> bytes | None:
    plan = plan_of(table)
    if plan is None:
        return None
    canvas = PngCanvas(WIDTH, _height(plan))
    paint(plan, canvas)
    return canvas.png()


def plan_of(table: Table) -> Plan | None:
    chart = table.chart
    if chart is None:
        return None
    rows = [row for row in table.rows if row[chart.label_column] != "Total"]
    if chart.series_in_rows and chart.rows is not None:
        rows = [table.rows[i] for i in chart.rows if i < len(table.rows)]
    if chart.series_in_rows:
        categories = [str(c) for c in table.columns[1:]]
        series = [(str(row[0]), [_number(c) for c in row[1:]]) for row in rows[: len(COLOURS)]]
        kind = "lines" if len(categories) > 1 else "bars"
        if kind == "bars":  # one year: a bar per measure
            categories = [name for name, _ in series]
            series = [(table.columns[1], [values[0] for _, values in series])]
    else:
        rows = rows[:MAX_BARS]
        categories = [str(row[chart.label_column]) for row in rows]
        series = [
            (table.columns[column], [_number(row[column]) for row in rows])
            for column in chart.value_columns
        ]
        kind = "bars" if chart.kind == "bar" else "lines"
    if not categories or all(v is None for _, values in series for v in values):
        return None
    return Plan(kind, categories, series, chart.percent)


def _height(plan: Plan) -> float:
    legend = _legend_height(plan)
    if plan.kind == "lines":
        return 300 + legend
    group = len(plan.series) * 14 + 8
    return legend + 30 + group * len(plan.categories) + 28


def paint(plan: Plan, canvas: Canvas) -> None:
    top = _legend(plan, canvas)
    if plan.kind == "bars":
        _bars(plan, canvas, top)
    else:
        _lines(plan, canvas, top)


def _legend_height(plan: Plan) -> float:
    if len(plan.series) < 2:
        return 0
    return 22 * len(_legend_rows(plan)) + 6


def _legend_rows(plan: Plan) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, (name, _) in enumerate(plan.series):
        width = 20 + text_width(name, SMALL) + 18
        if rows[-1] and used + width > WIDTH - 10:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width
    return rows


def _legend(plan: Plan, canvas: Canvas) -> float:
    if len(plan.series) < 2:
        return 0
    y = 6.0
    for row in _legend_rows(plan):
        x = 4.0
        for index in row:
            name = plan.series[index][0]
            canvas.rect(x, y + 2, 14, 12, COLOURS[index % len(COLOURS)])
            canvas.text(x + 20, y + 12, name, size=SMALL)
            x += 20 + text_width(name, SMALL) + 18
        y += 22
    return y + 6


def _bars(plan: Plan, canvas: Canvas, top: float) -> None:
    labels = [_shorten(c, MAX_LABEL, FONT) for c in plan.categories]
    left = min(MAX_LABEL, max(text_width(label, FONT) for label in labels)) + 12
    right = WIDTH - 50
    values = [v for _, series in plan.series for v in series if v is not None]
    ticks = _ticks(100.0 if plan.percent else max([*values, 0.0]))
    scale = (right - left) / (ticks[-1] or 1)
    group = len(plan.series) * 14 + 8
    plot_top = top + 4
    bottom = plot_top + group * len(plan.categories)
    for tick in ticks:
        x = left + tick * scale
        canvas.line(x, plot_top, x, bottom, GRID, 0.5)
        canvas.text(x, bottom + 16, _tick_text(tick, plan.percent), size=SMALL, anchor="middle")
    for row, label in enumerate(labels):
        y = plot_top + row * group + 4
        canvas.text(left - 8, y + group / 2 + 1, label, size=FONT, anchor="end")
        for index, (_, series) in enumerate(plan.series):
            value = series[row]
            bar_top = y + index * 14
            if value is None:
                continue
            canvas.rect(left, bar_top, value * scale, 12, COLOURS[index % len(COLOURS)])
            canvas.text(left + value * scale + 4, bar_top + 10, _value_text(value, plan.percent),
                        size=SMALL)  # fmt: skip
    canvas.line(left, plot_top, left, bottom, "#0b0c0c", 1)


def _lines(plan: Plan, canvas: Canvas, top: float) -> None:
    values = [v for _, series in plan.series for v in series if v is not None]
    ticks = _ticks(100.0 if plan.percent else max([*values, 0.0]))
    left = max(text_width(_tick_text(t, plan.percent), SMALL) for t in ticks) + 14
    right, plot_top, bottom = WIDTH - 20, top + 10, top + 250
    scale = (bottom - plot_top) / (ticks[-1] or 1)
    step = (right - left) / max(len(plan.categories), 1)
    for tick in ticks:
        y = bottom - tick * scale
        canvas.line(left, y, right, y, GRID, 0.5)
        canvas.text(left - 6, y + 4, _tick_text(tick, plan.percent), size=SMALL, anchor="end")
    for n, category in enumerate(plan.categories):
        x = left + step * (n + 0.5)
        first, _, rest = category.partition(" (")
        canvas.text(x, bottom + 16, first, size=SMALL, anchor="middle")
        if rest:
            canvas.text(x, bottom + 30, f"({rest}", size=SMALL, anchor="middle")
    for index, (_, series) in enumerate(plan.series):
        colour = COLOURS[index % len(COLOURS)]
        run: list[tuple[float, float]] = []
        for n, value in enumerate([*series, None]):
            if value is None:
                if len(run) > 1:
                    canvas.polyline(run, colour, 2)
                run = []
                continue
            point = (left + step * (n + 0.5), bottom - value * scale)
            run.append(point)
            canvas.circle(*point, 3.5, colour)
    canvas.line(left, bottom, right, bottom, "#0b0c0c", 1)


def _ticks(highest: float) -> list[float]:
    """0 and up to five round steps reaching at least `highest`."""
    if highest <= 0:
        return [0.0, 1.0]
    raw = highest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(highest / step)
    return [step * i for i in range(count + 1)]


def _tick_text(value: float, percent: bool) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{text}%" if percent else text


def _value_text(value: float, percent: bool) -> str:
    return _tick_text(value, percent)


def _shorten(text: str, limit: float, size: int) -> str:
    if text_width(text, size) <= limit:
        return text
    while text and text_width(text + "…", size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    inner = getattr(value, "value", None)
    if isinstance(inner, int | float):
        return float(inner)
    return None
