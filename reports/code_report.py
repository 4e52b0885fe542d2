"""The annual complaints performance and service improvement report the Ombudsman's Complaint
Handling Code asks councils for (their corporate, non-statutory complaints), made by the same
machinery as the annual report: the same figures counted in the database, the same renderers.

It holds what the Code lists: the self-assessment against the Code (its headings, for the
complaints manager to fill in), the analysis of complaint handling performance (acknowledged
and answered within the Code's timescales, extensions, outcomes, escalation) with the kinds of
complaint refused, the Ombudsman's decisions and any finding of non-compliance with the Code,
the service improvements made from learning, and a place for the governing body's response.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from reports.building import Builder, ReportOptions
from reports.metrics import Figures
from reports.periods import Period
from reports.producing import finish, read_figures
from reports.sections import appendix, learning, not_logged, ombudsman
from reports.tables import Chart, Report, Section, Table, narrative
from store.reports.reading import report_readers

TREND_YEARS = 3
TITLE = "Annual complaints performance and service improvement report"

# The Code's self-assessment form: a row per section of the Code, the columns the council
# fills in (whether it complies and its evidence). Check them against the form the Ombudsman
# publishes for the year.
SELF_ASSESSMENT_SECTIONS = (
    ("1", "Definition of a complaint"),
    ("2", "Exclusions"),
    ("3", "Accessibility and awareness"),
    ("4", "Complaint handling staff"),
    ("5", "The complaint handling process"),
    ("6", "Complaint stages: stage 1"),
    ("6", "Complaint stages: stage 2"),
    ("7", "Putting things right"),
    ("8", "Self-assessment, reporting and compliance"),
    ("9", "Scrutiny and oversight: continuous learning and improvement"),
)
SELF_ASSESSMENT_COLUMNS = [
    "Section",
    "Code requirement",
    "Comply: yes or no",
    "Evidence, commentary and any explanations",
]

PERFORMANCE = (
    ("Corporate stage 1 received", "corporate_stage1.received"),
    ("Stage 1 acknowledged under the Code", "code.stage1.acknowledged"),
    ("% stage 1 acknowledged within 5 working days", "code.stage1.acknowledged_in_time_pct"),
    ("Stage 1 answered under the Code", "code.stage1.closed"),
    ("% stage 1 answered in time", "code.stage1.in_time_pct"),
    ("Stage 1 answers extended", "code.stage1.extended"),
    ("Corporate stage 2 received", "corporate_stage2.received"),
    ("Stage 2 acknowledged under the Code", "code.stage2.acknowledged"),
    ("% stage 2 acknowledged within 5 working days", "code.stage2.acknowledged_in_time_pct"),
    ("Stage 2 answered under the Code", "code.stage2.closed"),
    ("% stage 2 answered in time", "code.stage2.in_time_pct"),
    ("Stage 2 answers extended", "code.stage2.extended"),
)
OUTCOMES = (
    ("Stage 1 answered (all corporate)", "corporate_stage1.closed"),
    ("Stage 1 upheld", "corporate_stage1.outcome.upheld"),
    ("Stage 1 partially upheld", "corporate_stage1.outcome.partially_upheld"),
    ("Stage 1 not upheld", "corporate_stage1.outcome.not_upheld"),
    ("% stage 1 with fault found", "corporate_stage1.fault_found_pct"),
    ("Average working days at stage 1", "corporate_stage1.average_working_days"),
    ("Stage 2 answered (all corporate)", "corporate_stage2.closed"),
    ("Stage 2 upheld", "corporate_stage2.outcome.upheld"),
    ("Stage 2 partially upheld", "corporate_stage2.outcome.partially_upheld"),
    ("Stage 2 not upheld", "corporate_stage2.outcome.not_upheld"),
    ("% stage 2 with fault found", "corporate_stage2.fault_found_pct"),
    ("Average working days at stage 2", "corporate_stage2.average_working_days"),
)


def build_code_report(
    engine: Engine,
    period: Period,
    *,
    today: date,
    options: ReportOptions | None = None,
    trend_years: int = TREND_YEARS,
    code_from: date | None = None,
) -> tuple[Report, Figures]:
    """The report on `period`; its trend goes back no further than `code_from`, the day the
    council's complaints came under the Code (HEARD_COMPLAINT_HANDLING_CODE_FROM)."""
    options = options or ReportOptions(title=TITLE)
    with report_readers(engine) as readers:
        figures = read_figures(
            readers, period, trend_years=trend_years, today=today, since=code_from
        )
        b = Builder(readers, figures, options)
        sections = [
            _summary(b),
            _self_assessment(),
            _performance(b),
            _refused(b),
            _ombudsman(b),
            _improvements(b),
            _response(),
            appendix.learning_list(b),
        ]
    used = dict.fromkeys(name for s in sections for t in s.tables for name in t.metrics)
    sections.append(appendix.definitions(list(used)))
    report = finish(
        sections, figures=figures, options=options, period=period, today=today, letters="AB"
    )
    return report, figures


def _summary(b: Builder) -> Section:
    named = b.period.named
    return Section(
        "summary",
        "Summary",
        paragraphs=[
            "The Local Government and Social Care Ombudsman's Complaint Handling Code asks each "
            "council to publish this report every year and to put it, with its self-assessment "
            "against the Code, to its governing body. It covers the council's corporate "
            "complaints; statutory children's social care complaints follow the 2006 "
            "Regulations and are in the annual complaints report.",
            b.compare("corporate_stage1.received", "Corporate complaints at stage 1"),
            f"{b.text('code.stage1.acknowledged_in_time_pct')} of stage 1 complaints were "
            f"acknowledged within 5 working days in {named}, and "
            f"{b.text('code.stage1.in_time_pct')} were answered within 10 working days of the "
            "acknowledgement or by the date of the one extension the Code allows.",
            f"{b.text('code.stage2.acknowledged_in_time_pct')} of stage 2 complaints were "
            f"acknowledged within 5 working days, and {b.text('code.stage2.in_time_pct')} were "
            "answered within 20 working days of the acknowledgement or by the extended date.",
        ],
        narrative=narrative("add the key messages for the governing body here."),
    )


def _self_assessment() -> Section:
    return Section(
        "self_assessment",
        "Self-assessment against the Complaint Handling Code",
        paragraphs=[
            "For each section of the Code, whether the council complies, with the evidence, "
            "commentary and any explanation where it does not. The rows follow the Code's "
            "sections; the Ombudsman's self-assessment form lists each requirement within them."
        ],
        tables=[
            Table(
                key="self_assessment",
                caption="The council's assessment, section by section of the Code",
                columns=SELF_ASSESSMENT_COLUMNS,
                rows=[[number, title, "", ""] for number, title in SELF_ASSESSMENT_SECTIONS],
                definition="To be completed by the complaints manager.",
            )
        ],
        narrative=narrative("complete the self-assessment, one row per requirement."),
    )


def _performance(b: Builder) -> Section:
    return Section(
        "performance",
        "Complaint handling performance",
        paragraphs=[
            "Under the Code a complaint is acknowledged within 5 working days; it is answered "
            "within 10 working days of the acknowledgement at stage 1 and 20 at stage 2. Each "
            "stage may be extended once, telling the complainant why. The timescales are the "
            "council's configuration (HEARD_TIMESCALES).",
            b.compare("code.stage1.in_time_pct", "Stage 1 complaints answered in time"),
        ],
        tables=[
            b.trend(
                "code_performance",
                "Complaints under the Code, by year",
                PERFORMANCE,
                chart="Complaints acknowledged and answered in time under the Code, by year",
            ),
            b.trend(
                "code_outcomes",
                "Corporate complaints' outcomes, by year",
                OUTCOMES,
            ),
            Table(
                key="code_in_time_chart",
                caption="Percentage answered in time under the Code, by year",
                columns=[b.period.unit.capitalize(), "Stage 1", "Stage 2"],
                rows=[
                    [
                        b.f.coverage[i].heading,
                        b.value("code.stage1.in_time_pct", i),
                        b.value("code.stage2.in_time_pct", i),
                    ]
                    for i in b.oldest_first
                ],
                metrics=["code.stage1.in_time_pct", "code.stage2.in_time_pct"],
                chart=Chart(
                    "line", "Answered in time under the Code, by stage and year", 0, (1, 2),
                    percent=True,
                ),
                definition=b.coverage_notes or None,
            ),
        ],
        narrative=narrative(
            "add the qualitative analysis: what complaints were about, themes, and why "
            "timescales were or were not met."
        ),
    )  # fmt: skip


def _refused(b: Builder) -> Section:
    refused = not_logged.section(b)
    refused.key, refused.title = "refused", "Complaints not accepted"
    refused.paragraphs.insert(
        0,
        "The Code asks for a summary of the kinds of complaint the council did not accept "
        "into its complaints procedure, and why.",
    )
    return refused


def _ombudsman(b: Builder) -> Section:
    found = ombudsman.section(b)
    found.paragraphs = [p for p in found.paragraphs if "Appendix A" not in p]
    found.narrative = narrative(
        "list any finding of non-compliance with the Code by the Ombudsman, the Ombudsman's "
        "annual letter about the council, and any other report of the Ombudsman's about the "
        "council's work."
    )
    return found


def _improvements(b: Builder) -> Section:
    found = learning.section(b)
    found.title = "Service improvements from learning"
    found.paragraphs = [
        p.replace("Appendix B", "Appendix A").replace("; they are listed in Appendix A", "")
        for p in found.paragraphs
    ]
    return found


def _response() -> Section:
    return Section(
        "governing_body",
        "The governing body's response",
        paragraphs=[
            "The Code asks that the governing body (or the member responsible for complaints) "
            "responds to this report, and that the response is published beside it."
        ],
        narrative=narrative("add the governing body's response once it has considered this."),
    )
