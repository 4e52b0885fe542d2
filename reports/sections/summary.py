"""The summary, first and in plain words: what came in, how quickly it was answered, what was
found, what went further, and how much of each year the records cover."""

from __future__ import annotations

from reports.building import Builder
from reports.tables import Chart, Section, Table, narrative

HEADLINE = (
    ("Pre-complaints received", "pre_complaint.received"),
    ("Pre-complaints closed", "pre_complaint.closed"),
    ("% pre-complaints responded to in time", "pre_complaint.in_time_pct"),
    ("Stage 1 received", "stage1.received"),
    ("Stage 1 closed", "stage1.closed"),
    ("% stage 1 responded to in time", "stage1.in_time_pct"),
    ("Stage 2 received", "stage2.received"),
    ("Stage 2 closed", "stage2.closed"),
    ("% stage 2 responded to in time", "stage2.in_time_pct"),
    ("Stage 3 received", "stage3.received"),
    ("Stage 3 closed", "stage3.closed"),
    ("% stage 3 responded to in time", "stage3.in_time_pct"),
    ("Corporate complaints received", "complaint.corporate.received"),
    ("LGSCO complaints received", "lgsco.received"),
    ("LGSCO decisions", "lgsco.decided"),
    ("LGSCO detailed investigations", "lgsco.detailed_investigations"),
    ("LGSCO investigations upheld", "lgsco.upheld"),
    ("Professional complaints", "professional.received"),
    ("Enquiries", "enquiry.received"),
    ("Compliments", "compliment.received"),
)


def section(b: Builder) -> Section:
    in_time = Table(
        key="in_time_trend",
        caption="Percentage of complaints responded to in time, by year",
        columns=[b.period.unit.capitalize(), "Stage 1", "Stage 2", "Stage 3"],
        rows=[
            [
                b.f.coverage[i].heading,
                *(b.value(f"stage{n}.in_time_pct", i) for n in (1, 2, 3)),
            ]
            for i in b.oldest_first
        ],
        metrics=["stage1.in_time_pct", "stage2.in_time_pct", "stage3.in_time_pct"],
        chart=Chart(
            "line", "Complaints responded to in time, by stage and year", 0, (1, 2, 3),
            percent=True,
        ),
        definition=b.coverage_notes or None,
    )  # fmt: skip
    return Section(
        "summary",
        "Summary",
        paragraphs=_plain_words(b),
        tables=[
            _headline(b),
            in_time,
        ],
        narrative=narrative("add the key messages for councillors here."),
    )


# The headline's counts of what was received, drawn beside it (its percentages are drawn with
# the next table, and counts and percentages share no axis).
CHARTED = (
    "pre_complaint.received",
    "stage1.received",
    "complaint.corporate.received",
    "enquiry.received",
    "compliment.received",
)


def _headline(b: Builder) -> Table:
    table = b.trend("headline", "Complaints, enquiries and compliments by year", HEADLINE)
    names = [name for _, name in HEADLINE]
    table.chart = Chart(
        "line", "Complaints, enquiries and compliments received, by year",
        series_in_rows=True, rows=tuple(names.index(name) for name in CHARTED),
    )  # fmt: skip
    return table


def _plain_words(b: Builder) -> list[str]:
    label = b.period.named
    stage1 = b.number("stage1.received")
    closed = b.number("stage1.closed")
    not_logged = b.number("not_logged.received")
    said = [
        b.compare("stage1.received", "Complaints under the statutory procedure (stage 1)"),
        f"In {label} the council also received "
        f"{b.many('complaint.corporate.received', 'complaint', 'complaints')} under its "
        f"corporate procedure, {b.many('not_logged.received', 'contact', 'contacts')} it "
        + (
            "could not log as a complaint (told why and where to go instead)"
            if not_logged == 1
            else "could not log as complaints (each told why and where to go instead)"
        )
        + f" and {b.many('compliment.received', 'compliment', 'compliments')}.",
    ]
    if closed == 1:  # one case: no percentages ("Of the 1 ... complaint, 100% were")
        in_time = b.number("stage1.in_time_pct") == 100
        within_10 = b.number("stage1.within_10_working_days") == 1
        found_fault = b.number("stage1.fault_found_pct") == 100
        said.append(
            f"The one stage 1 complaint answered in {label} was answered "
            + ("in time" if in_time else "late")
            + (" (within 10 working days)" if within_10 else "")
            + (
                " and found fault: upheld or partially upheld."
                if found_fault
                else " and found no fault."
            )
        )
    if closed > 1:
        said.append(
            f"Of the {closed:,} stage 1 complaints answered in "
            f"{label}, {b.text('stage1.in_time_pct')} were answered in time "
            f"({b.text('stage1.within_10_working_days')} within 10 working days), and "
            f"{b.text('stage1.fault_found_pct')} found fault: upheld or partially upheld."
        )
    if closed:
        said.append(b.compare("stage1.in_time_pct", "Stage 1 complaints answered in time"))
    if stage1:
        said.append(
            f"{b.many('stage2.received', 'complaint', 'complaints')} "
            "went on to an independent investigation "
            f"at stage 2 ({b.text('escalation.stage1_to_stage2_pct')} of stage 1 complaints) "
            f"and {b.text('stage3.received')} to a review panel at stage 3."
        )
    ombudsman = "The Local Government and Social Care Ombudsman made"
    if not b.number("lgsco.decided"):
        said.append(f"{ombudsman} no decisions in {label}.")
    else:
        fault = b.text("lgsco.upheld") if b.number("lgsco.upheld") else "none of them"
        said.append(
            f"{ombudsman} {b.many('lgsco.decided', 'decision', 'decisions')}, "
            f"finding fault in {fault}."
        )
    coverage = [c.describe() for c in b.f.coverage if not c.complete]
    if coverage:  # a quarterly report compares quarters, a weekly one weeks
        said.append(
            f"Where this report compares {b.period.unit}s, keep in mind: " + " ".join(coverage)
        )
    return said
