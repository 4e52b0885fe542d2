"""The appendices: the lists behind the body's figures, case by case (references belong here,
not in the body), the learning recorded in words, and the definitions."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder, listed_note
from reports.cells import Cell, Pounds, as_day
from reports.labels import label
from reports.metrics import METRICS
from reports.tables import Section, Table
from store.reports import breakdowns, lists


def case_lists(b: Builder) -> Section:
    return Section(
        "appendix_cases",
        "The cases behind the figures",
        paragraphs=[
            "Case references are the council's own; they identify no one outside the "
            "complaints team."
        ],
        tables=[
            _stage_cases(b),
            _corporate_stage2(b),
            _decisions(b),
            _recommendations(b),
            _no_learning(b),
        ],
        appendix=True,
    )


def learning_list(b: Builder) -> Section:
    found = lists.learning_recorded(b.c, b.period)
    return Section(
        "appendix_learning",
        "Learning and service improvements, in words",
        paragraphs=[
            "Each learning action recorded on a complaint: what will change, the team that "
            "owns it, the stage that found it and where it stands."
        ],
        tables=[
            Table(
                key="learning_list",
                caption="Each learning action and service improvement",
                columns=["Identified at", "Team", "What will change", "Status", "Identified",
                         "Due", "Implemented", "Why not implemented", "Reference"],
                rows=[
                    [label(row.stage or row.source), row.team or "", row.text, label(row.status),
                     as_day(row.identified_on), as_day(row.due_on), as_day(row.implemented_on),
                     row.why_not or "", row.reference]
                    for row in found.rows
                ],
                definition=listed_note(bd.DEFINITIONS["learning_list"], len(found.rows),
                                       found.total),
                is_list=True,
            )
        ],
        appendix=True,
    )  # fmt: skip


def examples(b: Builder) -> Section:
    """The seeds print a few complaints by category and a few compliments with the team and
    who sent them; staff choose which and write them (`heard case REF example`)."""
    found = lists.examples_chosen(b.c, b.period)
    complaints = [row for row in found.rows if row.record_kind != "compliment"]
    praised = [row for row in found.rows if row.record_kind == "compliment"]
    return Section(
        "appendix_examples",
        "Examples of complaints and compliments",
        paragraphs=[
            "A few of the complaints and compliments received this year, chosen by the "
            "complaints team and written in their own words so that no one can be identified."
        ],
        tables=[
            Table(
                key="complaint_examples",
                caption=f"Examples of complaints received in {b.period.named}",
                columns=["Category", "Example", "Team"],
                rows=[[", ".join(b.category(c) for c in row.categories) or "Not yet categorised",
                       row.text, ", ".join(row.teams)] for row in complaints],
                definition=listed_note(bd.DEFINITIONS["complaint_examples"], len(complaints),
                                       len(complaints) + found.total - len(found.rows)),
                is_list=True,
            ),
            Table(
                key="compliment_examples",
                caption=f"Examples of compliments received in {b.period.named}",
                columns=["Compliment", "For team", "From"],
                rows=[[row.text, ", ".join(row.teams), label(row.source) if row.source else ""]
                      for row in praised],
                definition=bd.DEFINITIONS["compliment_examples"],
                is_list=True,
            ),
        ],
        appendix=True,
    )  # fmt: skip


def definitions(metric_names: list[str]) -> Section:
    return Section(
        "definitions",
        "Definitions",
        paragraphs=["Every figure in this report is defined once, by the name it has in "
                    "metrics.json."],
        tables=[
            Table(
                key="definitions",
                caption="Definitions",
                columns=["Figure", "Definition"],
                rows=[[name, METRICS[name].definition] for name in metric_names],
                is_list=True,
            )
        ],
        appendix=True,
    )  # fmt: skip


def _stage_cases(b: Builder) -> Table:
    listed, total = breakdowns.stage_cases(b.c, b.period)
    return Table(
        key="stage_cases",
        caption="Stage 2 and stage 3 complaints",
        columns=["Reference", "Stage", "Team", "Started", "Responded", "Working days", "Outcome",
                 "Escalated further"],
        rows=[[c.reference, label(c.kind), ", ".join(sorted(c.teams)), as_day(c.opened_on),
               as_day(c.responded_on) or "not yet", c.working_days,
               label(c.outcome) if c.outcome else "",
               "Next stage" if c.escalated_further else ("LGSCO" if c.to_lgsco else "No")]
              for c in listed],
        definition=listed_note(bd.DEFINITIONS["stage_cases"], len(listed), total),
        is_list=True,
    )  # fmt: skip


def _corporate_stage2(b: Builder) -> Table:
    found = lists.corporate_stage2(b.c, b.period)
    rows: list[list[Cell]] = []
    for row in found.rows:
        remedies = "; ".join(
            label(kind) + (f" ({Pounds(pence / 100)})" if pence else "")
            for kind, pence in row.remedies
        )
        rows.append(
            [row.reference, ", ".join(row.teams), ", ".join(b.category(c) for c in row.categories),
             label(row.outcome) if row.outcome else "not yet answered", remedies,
             "Escalated to the LGSCO" if row.to_lgsco else "No"]
        )  # fmt: skip
    return Table(
        key="corporate_stage2_cases",
        caption="Corporate stage 2 complaints, with their remedies",
        columns=["Reference", "Team", "Complaint about", "Outcome", "Remedies", "Ombudsman"],
        rows=rows,
        definition=listed_note(bd.DEFINITIONS["corporate_stage2_cases"], len(rows), found.total),
        is_list=True,
    )


def _decisions(b: Builder) -> Table:
    found = lists.ombudsman_decisions(b.c, b.period)
    return Table(
        key="lgsco_decision_list",
        caption="The Ombudsman's decisions and open enquiries",
        columns=["Reference", "Ombudsman's reference", "Received", "Decided", "Finding",
                 "Remedy", "Cost of remedy"],
        rows=[[row.reference, row.lgsco_reference or "", as_day(row.received_on),
               as_day(row.decided_on) or "not yet", label(row.decision) if row.decision else "",
               row.remedy or "",
               Pounds(row.remedy_cost_pence / 100) if row.remedy_cost_pence else None]
              for row in found.rows],
        definition=listed_note(bd.DEFINITIONS["lgsco_decision_list"], len(found.rows),
                               found.total),
        is_list=True,
    )  # fmt: skip


def _recommendations(b: Builder) -> Table:
    found = lists.ombudsman_recommendations(b.c, b.period)
    rows: list[list[Cell]] = []
    for row in found.rows:
        due, done = as_day(row.due_on), as_day(row.completed_on)
        if done is not None and due is not None:
            met = "Yes" if done <= due else "No, late"
        elif due is not None and due < min(b.period.end, b.f.coverage[0].last_day):
            met = "No, overdue"
        else:
            met = "Not yet due"
        rows.append([row.reference, row.lgsco_reference or "", row.text, due, label(row.status),
                     done, met])  # fmt: skip
    return Table(
        key="lgsco_recommendation_list",
        caption="The Ombudsman's recommendations, with their due dates and whether they were met",
        columns=["Reference", "Ombudsman's reference", "Recommendation", "Due", "Status",
                 "Completed", "Met by the due date"],
        rows=rows,
        definition=listed_note(bd.DEFINITIONS["lgsco_recommendation_list"], len(rows),
                               found.total),
        is_list=True,
    )  # fmt: skip


def _no_learning(b: Builder) -> Table:
    missing, total = b.once(bd.upheld_without_learning, b.period)
    return Table(
        key="no_learning",
        caption=f"Upheld complaints with no learning recorded ({total:,})",
        columns=["Reference", "Upheld at"],
        rows=[[reference, ", ".join(label(kind) for kind in kinds)] for reference, kinds in missing],
        definition=listed_note(bd.DEFINITIONS["no_learning"], len(missing), total),
        is_list=True,
    )
