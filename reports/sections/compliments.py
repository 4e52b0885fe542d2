"""Compliments: how many over the years, for which teams, from whom and about what. Examples
staff chose are in the appendix."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.tables import Chart, Section
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
        ],
    )
