"""Complaints that went further: the escalation rates over the years, and each stage's
complaints carried over into the year, received, answered and still open at its end. The stage
2 and 3 complaints themselves are listed in the appendix."""

from __future__ import annotations

from reports.building import Builder
from reports.metric_registry import FAMILIES
from reports.tables import Section, Table

FLOW = (
    ("open_at_start", "Carried over (open at the start)"),
    ("received", "Received"),
    ("closed", "Answered"),
    ("withdrawn", "Withdrawn before an answer"),
    ("open_at_end", "Open at the end"),
)


def section(b: Builder) -> Section:
    flow = Table(
        key="stage_flow",
        caption=f"Complaints carried over into {b.period.named}, received, answered, withdrawn "
        "and open at its end, by stage",
        columns=["Stage", *(text for _, text in FLOW)],
        rows=[
            [family.label, *(b.value(f"{family.prefix}.{part}") for part, _ in FLOW)]
            for family in FAMILIES
        ],
        metrics=[
            "stage2.open_at_start",
            "stage2.received",
            "stage2.closed",
            "stage2.withdrawn",
            "stage2.open_at_end",
        ],
        definition="Each row is counted as these definitions say for statutory stage 2, for its "
        "own kind of record and stage. A complaint answered in the year may have been received "
        "in the year before; one withdrawn before its answer is counted apart from those answered.",
    )
    return Section(
        "escalation",
        "Escalation",
        paragraphs=[
            b.compare("escalation.stage1_to_stage2_pct", "Escalation from stage 1 to stage 2"),
            b.compare("escalation.stage2_to_stage3_pct", "Escalation from stage 2 to stage 3"),
            f"{b.many('stage2.open_at_start', 'stage 2 investigation was', 'stage 2 investigations were')} "
            f"carried over into {b.period.named}, {b.text('stage2.received')} began in it and "
            f"{b.many('stage2.open_at_end', 'was', 'were')} still under way at its end. Each "
            "stage 2 and stage 3 complaint is listed in Appendix A.",
        ],
        tables=[
            b.trend(
                "escalation",
                "Escalation rates by year",
                (
                    ("Stage 1 to stage 2", "escalation.stage1_to_stage2_pct"),
                    ("Stage 2 to stage 3", "escalation.stage2_to_stage3_pct"),
                ),
                chart="Escalation rates, by year",
                percent_chart=True,
            ),
            flow,
        ],
    )
