"""Compliments: how many over the years, for which teams, from whom and about what."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.tables import Chart, Section, Table
from reports.yearly import largest_first
from store.reports import trends


def section(b: Builder) -> Section:
    teams = b.yearly(trends.compliments_by_day(b.c, b.recent_periods, "team"))
    return Section(
        "compliments",
        "Compliments",
        paragraphs=[
            b.compare("compliment.received", "Compliments received"),
            "Other feedback (thank-you cards kept by teams, comments made in person, surveys) "
            "is not recorded centrally and is not counted here.",
        ],
        tables=[
            b.trend(
                "compliment_trend",
                "Compliments received, by year",
                (("Compliments", "compliment.received"),),
                chart="Compliments received, by year",
            ),
            b.by_year(
                "compliment_teams",
                "Compliments, by team and year",
                "Team",
                teams,
                definition=bd.DEFINITIONS["compliment_teams"],
                order=largest_first(teams),
                labelled=False,
                chart=b.grouped_chart("Compliments received by each team, by year", teams),
            ),
            b.counted(
                "compliment_sources",
                f"Compliments received in {b.period.named}, by who sent them",
                bd.compliments_by(b.c, b.period, "source"),
                "From",
                definition=bd.DEFINITIONS["compliment_sources"],
                chart=Chart("bar", f"Who sent compliments in {b.period.named}"),
            ),
            _themes(b),
        ],
    )


def _themes(b: Builder) -> Table:
    """Not `counted`: a compliment praising two things is in two rows, so no percentages."""
    found = bd.compliments_by_theme(b.c, b.period)
    return Table(
        key="compliment_themes",
        caption=f"Compliments received in {b.period.named}, by what they praise",
        columns=["Theme", "Compliments"],
        rows=[[b.category(name), count] for name, count in found],
        definition=bd.DEFINITIONS["compliment_themes"],
        chart=Chart("bar", f"What compliments praised in {b.period.named}") if found else None,
    )
