"""Learning and service improvements (the guidance's eighth heading): how many actions each
stage identified and where they stand, and the upheld complaints with none recorded. The
actions themselves, in words, are in Appendix B."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder, noun
from reports.labels import label
from reports.tables import Section, Table, narrative


def section(b: Builder) -> Section:
    found = bd.learning_by_stage(b.c, b.period)
    statuses = sorted({s for counts in found.values() for s in counts})
    missing = b.once(bd.upheld_without_learning, b.period)[1]
    identified = sum(sum(c.values()) for c in found.values())
    return Section(
        "learning",
        "Learning and service improvements",
        paragraphs=[
            f"{identified:,} {noun(identified, 'learning action was', 'learning actions were')} "
            f"identified in {b.period.named}. What will change, which team owns it and where it "
            "stands are in Appendix B.",
            f"{missing:,} {noun(missing, 'complaint', 'complaints')} upheld or partially upheld "
            f"in {b.period.named} {noun(missing, 'has', 'have')} no learning recorded yet; "
            f"{noun(missing, 'it is', 'they are')} listed in Appendix A.",
        ],
        tables=[
            Table(
                key="learning",
                caption="Learning actions, by stage and status",
                columns=["Identified at", *(label(s) for s in statuses), "Total"],
                rows=[
                    [label(stage), *(counts.get(s, 0) for s in statuses), sum(counts.values())]
                    for stage, counts in sorted(found.items())
                ],
                definition=bd.DEFINITIONS["learning"],
            )
        ],
        narrative=narrative(
            "describe the main improvements made because of complaints, and any learning "
            "not implemented, with why."
        ),
    )
