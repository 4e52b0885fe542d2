"""The annual complaints report (and the quarterly and weekly ones, which reuse it): every table
the seeds' councils print, for the period and up to seven years before it where data exists,
built from the metrics and breakdowns. Sections 7 and 8 of the statutory guidance
(effectiveness, learning) are pre-filled from the data with marked places for the complaints
manager's own words."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Connection, Engine

from reports import breakdowns as bd
from reports.coverage import comparison, coverage_of
from reports.coverage import notes as coverage_notes
from reports.labels import label
from reports.metrics import FAMILIES, METRICS, Figures, compute, percent
from reports.periods import Period, previous_years
from reports.tables import Chart, Report, Section, Table, narrative
from store.reports.reading import report_rows

TREND_YEARS = 7
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
    ("LGSCO complaints received", "lgsco.received"),
    ("LGSCO decisions", "lgsco.decided"),
    ("LGSCO detailed investigations", "lgsco.detailed_investigations"),
    ("LGSCO investigations upheld", "lgsco.upheld"),
    ("Professional complaints", "professional.received"),
    ("Enquiries", "enquiry.received"),
    ("Compliments", "compliment.received"),
)
RECORD_KINDS = (
    ("Complaints (statutory and corporate)", "complaint.received"),
    ("Pre-complaints", "pre_complaint.received"),
    ("Professional complaints", "professional.received"),
    ("Enquiries", "enquiry.received"),
    ("Comments", "comment.received"),
    ("Compliments", "compliment.received"),
    ("Not logged as complaints", "not_logged.received"),
)


def build_report(
    engine: Engine,
    period: Period,
    *,
    title: str = "Children's social care complaints annual report",
    trend_years: int = TREND_YEARS,
    today: date | None = None,
) -> tuple[Report, Figures]:
    today = today or date.today()
    with report_rows(engine) as connection:  # reads only: never waits for (or blocks) a writer
        earliest = _as_day(bd.earliest_day(connection))
        earlier = previous_years(period, count=trend_years, earliest=earliest) if earliest else []
        periods = [period, *earlier]
        figures = compute(connection, periods)
        figures.coverage = coverage_of(periods, earliest=earliest, today=today)
        sections = _Builder(connection, figures).sections()
    report = Report(
        title=title,
        period_label=period.label,
        long_period=period.long_label,
        sections=sections,
        generated_on=today.isoformat(),
    )
    return report, figures


def _as_day(value: date | str | None) -> date | None:
    """SQLite gives MIN() of a date column back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def fmt(value: object, unit: str = "count") -> str:
    if value is None:
        return "n/a"
    if unit == "percent":
        return f"{value}%"
    if unit == "pounds":
        amount = float(str(value))  # an int, float or Decimal
        return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"
    if unit == "days":
        return f"{float(str(value)):.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


class _Builder:
    def __init__(self, connection: Connection, figures: Figures) -> None:
        self.c = connection
        self.f = figures
        self.period = figures.periods[0]
        self.oldest_first = list(range(len(figures.periods)))[::-1]
        self.year_columns = [figures.coverage[i].heading for i in self.oldest_first]
        # Beneath every table that compares periods: which of them the records only partly cover.
        self.coverage_notes = " ".join(coverage_notes(figures.coverage))

    def sections(self) -> list[Section]:
        return [
            self.summary(),
            self.received(),
            self.not_logged(),
            self.subjects(),
            self.outcomes(),
            self.timescales(),
            self.escalation(),
            self.ombudsman(),
            self.costs(),
            self.compliments(),
            self.effectiveness(),
            self.learning(),
        ]

    # --- helpers ---------------------------------------------------------------------------
    def trend(self, key: str, caption: str, rows: tuple[tuple[str, str], ...], **kw: Any) -> Table:
        return Table(
            key=key,
            caption=caption,
            columns=["Measure", *self.year_columns],
            rows=[
                [text, *(fmt(self.f.get(name, i), METRICS[name].unit) for i in self.oldest_first)]
                for text, name in rows
            ],
            metrics=[name for _, name in rows],
            **({"definition": self.coverage_notes or None} | kw),
        )

    def counted(
        self, key: str, caption: str, rows: list[tuple[str, int]], heading: str, **kw
    ) -> Table:
        total = sum(count for _, count in rows)
        body: list[list[object]] = [
            [label(name), count, fmt(percent(count, total), "percent")] for name, count in rows
        ]
        if rows:
            body.append(["Total", total, "100%" if total else "n/a"])
        return Table(
            key=key, caption=caption, columns=[heading, "Number", "Percentage"], rows=body, **kw
        )

    def over_years(self, definition: str) -> str:
        return f"{definition} {self.coverage_notes}".strip()

    def value(self, name: str, index: int = 0) -> str:
        return fmt(self.f.get(name, index), METRICS[name].unit)

    def compare(self, name: str, what: str) -> str:
        now = self.value(name)
        if len(self.f.periods) < 2:
            return f"{what}: {now} in {self.period.label}. {self.f.coverage[0].describe()}".strip()
        return comparison(
            what,
            now,
            self.value(name, 1),
            current=self.f.coverage[0],
            earlier=self.f.coverage[1],
        )

    # --- sections ----------------------------------------------------------------------------
    def summary(self) -> Section:
        in_time = Table(
            key="in_time_trend",
            caption="Percentage of complaints responded to in time, by year",
            columns=["Year", "Stage 1", "Stage 2", "Stage 3"],
            rows=[
                [
                    self.f.coverage[i].heading,
                    *(self.value(f"stage{n}.in_time_pct", i) for n in (1, 2, 3)),
                ]
                for i in self.oldest_first
            ],
            definition=self.coverage_notes or None,
            metrics=["stage1.in_time_pct", "stage2.in_time_pct", "stage3.in_time_pct"],
            chart=Chart("line", 0, (1, 2, 3), percent=True),
        )
        return Section(
            "summary",
            "Summary",
            paragraphs=[
                self.compare("stage1.received", "Stage 1 complaints received"),
                self.compare("stage1.in_time_pct", "Stage 1 complaints responded to in time"),
                self.compare(
                    "escalation.stage1_to_stage2_pct", "Escalation from stage 1 to stage 2"
                ),
                self.compare("compliment.received", "Compliments received"),
            ],
            tables=[
                self.trend("headline", "Complaints, enquiries and compliments by year", HEADLINE),
                in_time,
            ],
            narrative=narrative("add the key messages for councillors here."),
        )

    def received(self) -> Section:
        tables = [
            self.trend("record_kinds", "Representations received, by kind of record", RECORD_KINDS),
            self.counted(
                "complainant_types",
                "Complaints received, by who made them",
                bd.by_case_column(self.c, self.period, "complainant_type"),
                "Complainant",
                definition=bd.DEFINITIONS["complainant_types"],
            ),
            self.counted(
                "channels",
                "Complaints received, by how they were made",
                bd.by_case_column(self.c, self.period, "channel"),
                "Channel",
                definition=bd.DEFINITIONS["channels"],
            ),
            self.counted(
                "advocacy",
                "Advocacy offered to children and young people, and what came of it",
                bd.advocacy_outcomes(self.c, self.period),
                "Advocacy",
                definition=bd.DEFINITIONS["advocacy"],
            ),
        ]
        return Section(
            "received",
            "Representations received",
            paragraphs=[self.compare("complaint.received", "Complaints received")],
            tables=tables,
        )

    def not_logged(self) -> Section:
        found = self.f.not_logged_reasons
        rows: list[list[object]] = [
            [label(reason), *(counts[i] for i in self.oldest_first)]
            for reason, counts in sorted(found.items())
        ]
        if rows:
            rows.append(["Total", *(sum(c[i] for c in found.values()) for i in self.oldest_first)])
        table = Table(
            key="not_logged",
            caption="Complaints not logged under the procedure, by reason",
            columns=["Reason", *self.year_columns],
            rows=rows,
            definition=self.over_years(bd.DEFINITIONS["not_logged"]),
        )
        return Section(
            "not_logged",
            "Complaints not logged",
            paragraphs=[
                "Each person whose complaint could not be logged was told why and where to go "
                "instead."
            ],
            tables=[table],
        )

    def subjects(self) -> Section:
        teams = bd.by_team(self.c, self.period)
        return Section(
            "subjects",
            "What complaints were about",
            tables=[
                Table(
                    key="teams",
                    caption="Complaints received, by team",
                    columns=["Team", "Directorate", "Complaints"],
                    rows=[[team, directorate, count] for team, directorate, count in teams],
                    definition=bd.DEFINITIONS["teams"],
                    chart=Chart("bar", 0, (2,)),
                ),
                self.counted(
                    "directorates",
                    "Complaints received, by directorate",
                    bd.by_directorate(self.c, self.period),
                    "Directorate",
                    definition=bd.DEFINITIONS["directorates"],
                ),
                self.counted(
                    "categories",
                    "Issues raised in complaints, by category",
                    bd.by_category(self.c, self.period),
                    "Category",
                    definition=bd.DEFINITIONS["categories"],
                    chart=Chart("bar", 0, (1,)),
                ),
            ],
        )

    def _outcome_table(
        self, key: str, caption: str, found: dict[str, dict[str, int]], definition: str
    ) -> Table:
        kinds = [k for k in bd.RESPONSE_STAGES if k in found]
        names = sorted({o for counts in found.values() for o in counts})
        columns = ["Outcome"]
        for kind in kinds:
            columns += [f"{label(kind)}: number", f"{label(kind)}: %"]
        rows: list[list[object]] = []
        for name in names:
            row: list[object] = [label(name)]
            for kind in kinds:
                total = sum(found[kind].values())
                count = found[kind].get(name, 0)
                row += [count, fmt(percent(count, total), "percent")]
            rows.append(row)
        if rows:
            rows.append(["Total", *[v for k in kinds for v in (sum(found[k].values()), "100%")]])
        return Table(key=key, caption=caption, columns=columns, rows=rows, definition=definition)

    def outcomes(self) -> Section:
        return Section(
            "outcomes",
            "Outcomes",
            tables=[
                self._outcome_table(
                    "outcomes",
                    "Outcomes of complaints, by stage",
                    bd.outcomes(self.c, self.period),
                    bd.DEFINITIONS["outcomes"],
                ),
                self._outcome_table(
                    "issue_outcomes",
                    "Outcomes of the issues within complaints, by stage",
                    bd.issue_outcome_counts(self.c, self.period),
                    bd.DEFINITIONS["issue_outcomes"],
                ),
                self.counted(
                    "upheld_themes",
                    "Issues upheld or partially upheld, by category",
                    bd.upheld_themes(self.c, self.period),
                    "Category",
                    definition=bd.DEFINITIONS["upheld_themes"],
                ),
            ],
        )

    def timescales(self) -> Section:
        parts = (
            "closed",
            "within_target",
            "within_extension",
            "late",
            "in_time_pct",
            "average_working_days",
            "late_with_reason",
        )
        table = Table(
            key="timeliness",
            caption="Responses within the target, within an agreed extension, and late",
            columns=[
                "Stage",
                "Closed",
                "Within target",
                "Within agreed extension",
                "Late",
                "% in time",
                "Average working days",
                "Late with a reason recorded",
            ],
            rows=[
                [family.label, *(self.value(f"{family.prefix}.{part}") for part in parts)]
                for family in FAMILIES
            ],
            metrics=[f"stage1.{part}" for part in parts],
            definition="Each row is counted as these definitions say for statutory stage 1, "
            "for its own kind of record and stage.",
        )
        reasons = bd.delay_reasons(self.c, self.period)
        return Section(
            "timescales",
            "Timescales",
            paragraphs=[
                "Stage 1 has a target of 10 working days, extendable to 20 with the "
                "complainant's agreement; stage 2 25 working days, at most 65; a stage 3 panel "
                "is held within 30 working days of the request."
            ],
            tables=[
                table,
                Table(
                    key="delay_reasons",
                    caption="Reasons recorded for late responses",
                    columns=["Reason", "Complaints"],
                    rows=[[text, count] for text, count in reasons[:10]],
                    definition=bd.DEFINITIONS["delay_reasons"],
                ),
            ],
        )

    def escalation(self) -> Section:
        listed, total = bd.stage_cases(self.c, self.period)
        cases_table = Table(
            key="stage_cases",
            caption="Stage 2 and stage 3 complaints",
            columns=[
                "Reference",
                "Stage",
                "Team",
                "Started",
                "Responded",
                "Working days",
                "Outcome",
                "Escalated further",
            ],
            rows=[
                [
                    c.reference,
                    label(c.stage),
                    c.teams,
                    c.opened_on,
                    c.responded_on,
                    c.working_days,
                    label(c.outcome) if c.outcome else "",
                    c.escalated,
                ]
                for c in listed
            ],
            definition=bd.DEFINITIONS["stage_cases"]
            + (f" The first {len(listed)} of {total} are listed." if total > len(listed) else ""),
        )
        return Section(
            "escalation",
            "Escalation",
            tables=[
                self.trend(
                    "escalation",
                    "Escalation rates by year",
                    (
                        ("Stage 1 to stage 2", "escalation.stage1_to_stage2_pct"),
                        ("Stage 2 to stage 3", "escalation.stage2_to_stage3_pct"),
                    ),
                ),
                cases_table,
            ],
        )

    def ombudsman(self) -> Section:
        decisions = bd.lgsco_decisions(self.c, self.period)
        return Section(
            "lgsco",
            "Local Government and Social Care Ombudsman",
            tables=[
                self.trend(
                    "lgsco_trend",
                    "LGSCO enquiries and decisions by year",
                    (
                        ("Enquiries received", "lgsco.received"),
                        ("Decisions made", "lgsco.decided"),
                        ("Detailed investigations", "lgsco.detailed_investigations"),
                        ("Upheld", "lgsco.upheld"),
                        ("Cost of remedies", "lgsco.remedy_cost"),
                    ),
                ),
                Table(
                    key="lgsco_decisions",
                    caption="LGSCO decisions, by finding",
                    columns=["Finding", "Decisions", "Cost of remedies"],
                    rows=[
                        [label(name), count, fmt(cost, "pounds")] for name, count, cost in decisions
                    ],
                    definition=bd.DEFINITIONS["lgsco_decisions"],
                ),
                self.counted(
                    "lgsco_recommendations",
                    "LGSCO recommendations, by whether they have been carried out",
                    bd.lgsco_recommendation_status(self.c, self.period),
                    "Status",
                    definition=bd.DEFINITIONS["lgsco_recommendations"],
                ),
            ],
        )

    def costs(self) -> Section:
        found = bd.cost_totals(self.c, self.f.periods)
        rows: list[list[object]] = [
            [label(kind), *(fmt(amounts[i], "pounds") for i in self.oldest_first)]
            for kind, amounts in sorted(found.items())
        ]
        if rows:
            rows.append(
                [
                    "Total",
                    *(fmt(sum(a[i] for a in found.values()), "pounds") for i in self.oldest_first),
                ]
            )
        return Section(
            "costs",
            "Costs",
            tables=[
                Table(
                    key="costs",
                    caption="Costs of complaints, by kind",
                    columns=["Cost", *self.year_columns],
                    rows=rows,
                    definition=self.over_years(bd.DEFINITIONS["costs"]),
                )
            ],
        )

    def compliments(self) -> Section:
        return Section(
            "compliments",
            "Compliments",
            paragraphs=[self.compare("compliment.received", "Compliments received")],
            tables=[
                self.counted(
                    "compliment_teams",
                    "Compliments, by team",
                    bd.compliments_by(self.c, self.period, "team"),
                    "Team",
                    definition=bd.DEFINITIONS["compliment_teams"],
                ),
                self.counted(
                    "compliment_sources",
                    "Compliments, by who sent them",
                    bd.compliments_by(self.c, self.period, "source"),
                    "From",
                    definition=bd.DEFINITIONS["compliment_sources"],
                ),
            ],
        )

    def effectiveness(self) -> Section:
        return Section(
            "effectiveness",
            "Effectiveness of the procedure",
            paragraphs=[
                f"{self.value('stage1.in_time_pct')} of stage 1 complaints closed in "
                f"{self.period.label} were answered in time, and "
                f"{self.value('stage1.within_extension')} more within an agreed extension.",
                f"{self.value('escalation.stage1_to_stage2_pct')} of stage 1 complaints went "
                f"on to stage 2, and {self.value('escalation.stage2_to_stage3_pct')} of stage 2 "
                "complaints to a stage 3 panel.",
                f"The LGSCO made {self.value('lgsco.decided')} decisions, "
                f"{self.value('lgsco.upheld')} of them upholding the complaint.",
            ],
            narrative=narrative(
                "say how well the procedure worked this year: what helped complaints resolve "
                "early, what delayed responses, and what will change."
            ),
        )

    def learning(self) -> Section:
        found = bd.learning_by_stage(self.c, self.period)
        statuses = sorted({s for counts in found.values() for s in counts})
        learning_table = Table(
            key="learning",
            caption="Learning actions, by stage and status",
            columns=["Identified at", *(label(s) for s in statuses), "Total"],
            rows=[
                [label(stage), *(counts.get(s, 0) for s in statuses), sum(counts.values())]
                for stage, counts in sorted(found.items())
            ],
            definition=bd.DEFINITIONS["learning"],
        )
        missing, total = bd.upheld_without_learning(self.c, self.period)
        missing_table = Table(
            key="no_learning",
            caption=f"Upheld complaints with no learning recorded ({total})",
            columns=["Reference", "Stage"],
            rows=[[reference, label(kind)] for reference, kind in missing],
            definition=bd.DEFINITIONS["no_learning"]
            + (f" The first {len(missing)} of {total} are listed." if total > len(missing) else ""),
        )
        return Section(
            "learning",
            "Learning and service improvements",
            paragraphs=[
                f"{total} complaints upheld or partially upheld in {self.period.label} have no "
                "learning recorded yet."
            ],
            tables=[learning_table, missing_table],
            narrative=narrative(
                "describe the main improvements made because of complaints, and any learning "
                "not implemented, with why."
            ),
        )
