"""What came in: every kind of record by year, complaints by procedure, who complained (three
years), how they reached the council, and advocacy for children and young people."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.tables import Section
from reports.yearly import largest_first
from store.reports import trends

RECORD_KINDS = (
    ("Complaints (statutory and corporate)", "complaint.received"),
    ("Complaints under the statutory procedure", "complaint.statutory.received"),
    ("Complaints under the corporate procedure", "complaint.corporate.received"),
    ("Historic complaints", "historic.received"),
    ("Pre-complaints", "pre_complaint.received"),
    ("Professional complaints", "professional.received"),
    ("Enquiries", "enquiry.received"),
    ("Comments", "comment.received"),
    ("Compliments", "compliment.received"),
    ("Not logged as complaints", "not_logged.received"),
)


def section(b: Builder) -> Section:
    recent = b.recent_periods
    who = b.yearly(trends.received_by_column(b.c, recent, "complainant_type"))
    channels = b.yearly(trends.received_by_column(b.c, recent, "channel"))
    return Section(
        "received",
        "Complaints and other contacts received",
        paragraphs=[
            b.compare("complaint.received", "Complaints received"),
            f"{b.text('historic.received')} of the complaints received in {b.period.named} "
            "were historic: an adult complaining about their time in care, which may go "
            "straight to an independent investigation at stage 2.",
        ],
        tables=[
            b.trend(
                "record_kinds",
                "Representations received, by kind of record and year",
                RECORD_KINDS[:3] + RECORD_KINDS[4:],
                chart="Complaints and other contacts received, by year",
            ),
            b.by_year(
                "complainant_types",
                "Complaints received, by who made them and year",
                "Complainant",
                who,
                definition=bd.DEFINITIONS["complainant_types"],
                order=largest_first(who),
                words=b.complainant,
                chart=b.grouped_chart("Who made complaints, by year", who),
            ),
            b.by_year(
                "channels",
                "Complaints received, by how they were made and year",
                "Channel",
                channels,
                definition=bd.DEFINITIONS["channels"],
                order=largest_first(channels),
                chart=b.grouped_chart("How complaints were made, by year", channels),
            ),
            b.counted(
                "advocacy",
                "Advocacy offers staff recorded for children and young people, and what came "
                "of them",
                bd.advocacy_outcomes(b.c, b.period),
                "Advocacy",
                definition=bd.DEFINITIONS["advocacy"],
            ),
        ],
    )
