"""Charts as inline SVG, drawn with matplotlib's SVG backend from a table's own figures.

The chart is decoration for sighted readers: the table it is drawn from is always printed with
it, so the SVG is hidden from screen readers and carries no information of its own.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt

from reports.tables import Table

# GOV.UK Design System colours with enough contrast against white.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f")
MAX_BARS = 20
plt.rcParams.update(
    {
        "svg.hashsalt": "heard",  # the same report gives the same SVG
        "svg.fonttype": "none",  # text stays text: smaller, and selectable
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
        "font.size": 10,
    }
)


def chart_svg(table: Table) -> str | None:
    chart = table.chart
    if chart is None or not table.rows:
        return None
    rows = [row for row in table.rows if row[chart.label_column] != "Total"]
    if not rows:
        return None
    labels = [str(row[chart.label_column]) for row in rows]
    figure, axes = plt.subplots(figsize=(7, 3.2))
    try:
        if chart.kind == "bar":
            rows, labels = rows[:MAX_BARS][::-1], labels[:MAX_BARS][::-1]
            figure.set_size_inches(7, 0.8 + 0.28 * len(rows))
            column = chart.value_columns[0]
            axes.barh(labels, [_number(row[column]) for row in rows], color=COLOURS[0])
        else:
            for n, column in enumerate(chart.value_columns):
                values = [_number(row[column]) for row in rows]
                axes.plot(
                    labels,
                    values,
                    marker="o",
                    color=COLOURS[n % len(COLOURS)],
                    label=table.columns[column],
                )
            if chart.percent:
                axes.set_ylim(0, 100)
                axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0f}%")
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(figure)
    return _inline(out.getvalue())


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value or "").replace("%", "").replace("£", "").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _inline(svg: str) -> str:
    """An <svg> element fit for inlining: no XML prolog or DOCTYPE, hidden from screen
    readers (the table beside it says the same), scaled to the page width."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="heard-chart" ', 1)
