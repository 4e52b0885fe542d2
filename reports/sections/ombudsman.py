"""The Local Government and Social Care Ombudsman: enquiries and decisions over the years, each
finding in its own row (out of jurisdiction and discretion not to investigate apart from "not
investigated"), and whether its recommendations were carried out. Each decision, with the
Ombudsman's reference, and each recommendation are listed in the appendix."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.labels import label
from reports.metric_registry import LGSCO_FINDINGS
from reports.tables import Section


def section(b: Builder) -> Section:
    return Section(
        "lgsco",
        "Local Government and Social Care Ombudsman",
        paragraphs=[
            b.compare("lgsco.received", "Enquiries from the Ombudsman"),
            _decisions(b),
        ],
        tables=[
            b.trend(
                "lgsco_trend",
                "LGSCO enquiries and decisions by year",
                (
                    ("Enquiries received", "lgsco.received"),
                    ("Decisions made", "lgsco.decided"),
                    ("Detailed investigations", "lgsco.detailed_investigations"),
                    ("Upheld", "lgsco.upheld"),
                    ("Cost of remedies", "lgsco.remedy_cost"),
                ),
                chart="Ombudsman's enquiries and decisions, by year",
            ),
            b.trend(
                "lgsco_decisions",
                "LGSCO decisions, by finding and year",
                [(label(finding), f"lgsco.finding.{finding}") for finding in LGSCO_FINDINGS],
                recent=True,
                definition=b.over_years(bd.DEFINITIONS["lgsco_decisions"], recent=True),
                chart="Ombudsman's decisions, by finding and year",
            ),
            b.counted(
                "lgsco_recommendations",
                "LGSCO recommendations, by whether they have been carried out",
                bd.lgsco_recommendation_status(b.c, b.period),
                "Status",
                definition=bd.DEFINITIONS["lgsco_recommendations"],
            ),
        ],
    )


def _decisions(b: Builder) -> str:
    if not b.number("lgsco.decided"):
        return f"The Ombudsman made no decisions in {b.period.named}."
    return (
        f"The Ombudsman made {b.many('lgsco.decided', 'decision', 'decisions')} in "
        f"{b.period.named}: "
        f"{b.text('lgsco.detailed_investigations')} after a detailed investigation, "
        f"{b.text('lgsco.upheld')} of which found fault. Each decision is listed with the "
        "Ombudsman's reference in Appendix A, with its recommendations and whether they "
        "were carried out by the date set."
    )
