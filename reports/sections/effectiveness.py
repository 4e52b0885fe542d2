"""How well the procedure worked (the guidance's seventh heading), pre-filled from the figures
with a marked place for the complaints manager's own words."""

from __future__ import annotations

from reports.building import Builder
from reports.tables import Section, narrative


def section(b: Builder) -> Section:
    label = b.period.named
    return Section(
        "effectiveness",
        "Effectiveness of the procedure",
        paragraphs=[
            f"{b.text('stage1.in_time_pct')} of stage 1 complaints answered in {label} were "
            f"answered in time, and {b.text('stage1.within_extension')} more within an agreed "
            "extension.",
            f"{b.text('escalation.stage1_to_stage2_pct')} of stage 1 complaints went on to "
            f"stage 2, and {b.text('escalation.stage2_to_stage3_pct')} of stage 2 complaints to "
            "a stage 3 panel.",
            f"A manager called or met the complainant before answering in "
            f"{b.text('stage1.manager_contact_pct')} of the stage 1 complaints where this was "
            "recorded.",
            (
                f"The Ombudsman made {b.many('lgsco.decided', 'decision', 'decisions')}, "
                f"{b.text('lgsco.upheld')} of them finding fault."
                if b.number("lgsco.decided")
                else "The Ombudsman made no decisions."
            ),
        ],
        narrative=narrative(
            "say how well the procedure worked this year: what helped complaints resolve "
            "early, what delayed responses, the training staff took, and what will change."
        ),
    )
