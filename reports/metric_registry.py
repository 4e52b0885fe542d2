"""Every figure the reports print, defined once: a stable name (metrics.json's), the words
printed in the report's definitions, and its unit. reports.metrics counts them.

Shared definitions (the issue's, and what the seeds' councils mean):
- received: started in the period (a stage opened, a contact received);
- closed: responded to (or closed) in the period, whenever it was received;
- in time: responded on or before the due date, or by an extended due date that was agreed in
  time; percentages are of those closed in the period, rounded half up to whole numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from cases.enums import DeadlineRule

RECEIVED = "started in the period"
CLOSED = "responded to in the period, whenever received"
IN_TIME = (
    "responded on or before the due date, or by an extended due date agreed in time "
    "(on or before the original due date), as a percentage of those closed in the period, "
    "rounded half up"
)


@dataclass(frozen=True)
class Metric:
    name: str
    definition: str
    unit: str = "count"  # count | percent | days | pounds


@dataclass(frozen=True)
class StageFamily:
    """One kind of record answered at one stage: its figures share a prefix."""

    prefix: str
    label: str
    record_kind: str
    stage_kind: str
    what: str  # how a definition names them
    first_stage: bool = False  # answered by a team manager: response bands, manager contact


FAMILIES = (
    StageFamily(
        "pre_complaint", "Pre-complaints", "pre_complaint", "informal",
        "pre-complaints (complaints answered informally, at first contact)",
    ),
    StageFamily(
        "stage1", "Stage 1", "complaint", "statutory_1", "statutory stage 1 complaints",
        first_stage=True,
    ),
    StageFamily("stage2", "Stage 2", "complaint", "statutory_2", "statutory stage 2 complaints"),
    StageFamily("stage3", "Stage 3", "complaint", "statutory_3", "statutory stage 3 complaints"),
    StageFamily(
        "corporate_stage1", "Corporate stage 1", "complaint", "corporate_1",
        "corporate stage 1 complaints", first_stage=True,
    ),
    StageFamily(
        "corporate_stage2", "Corporate stage 2", "complaint", "corporate_2",
        "corporate stage 2 complaints",
    ),
)  # fmt: skip
FAMILY_OF_STAGE = {family.stage_kind: family for family in FAMILIES}
# metrics.json's outcome names -> the value stored (Outcome.RESOLVED_EARLY is "resolved_early").
OUTCOMES = {
    "upheld": "upheld",
    "partially_upheld": "partially_upheld",
    "not_upheld": "not_upheld",
    "inconclusive": "inconclusive",
    "resolved": "resolved_early",
    "withdrawn": "withdrawn",
    "not_applicable": "not_applicable",
}
FAULT_FOUND = ("upheld", "partially_upheld")
REMEDIES = (
    "apology",
    "explanation",
    "service_provided",
    "financial",
    "practice_change",
    "no_remedy_required",
)
# A pre-complaint the family took on to a formal complaint is a complaint received as well, as
# the tables of complaints received count it (store.reports.trends.complaints_received).
PRE_COMPLAINTS_TAKEN_ON = (
    " A pre-complaint the family took on to a formal complaint is counted, in the period it was "
    "received (and is counted as a pre-complaint received too)."
)
CONTACT_KINDS = {
    "complaint": "complaints (statutory and corporate)",
    "professional": "professional complaints (raised by another professional or agency)",
    "enquiry": "enquiries (questions, requests for information, MP and councillor enquiries)",
    "compliment": "compliments",
    "comment": "comments",
}
LGSCO_FINDINGS = (
    "closed_after_initial_enquiries",
    "premature",
    "out_of_jurisdiction",
    "discretion_not_to_investigate",
    "not_investigated",
    "upheld_with_injustice",
    "upheld_without_injustice",
    "upheld_no_further_action",
    "not_upheld",
)
LGSCO_UPHELD = ("upheld_with_injustice", "upheld_no_further_action", "upheld_without_injustice")
LGSCO_INVESTIGATED = (*LGSCO_UPHELD, "not_upheld")


def _family_metrics(family: StageFamily) -> list[Metric]:
    what = family.what
    p = family.prefix
    metrics = [
        Metric(f"{p}.received", f"Number of {what} {RECEIVED} (a stage run again for the same "
               "complaint, after the Ombudsman found a referral premature, is not received again)."),
        Metric(f"{p}.closed", f"Number of {what} {CLOSED}."),
        Metric(f"{p}.in_time", f"Number of {what} closed in the period and in time."),
        Metric(f"{p}.in_time_pct", f"Of {what} closed in the period, those {IN_TIME}.", "percent"),
        Metric(
            f"{p}.within_target",
            f"Number of {what} closed in the period on or before the original due date.",
        ),
        Metric(
            f"{p}.within_extension",
            f"Number of {what} closed in the period after the original due date but by an "
            "extended due date agreed in time.",
        ),
        Metric(
            f"{p}.late",
            f"Number of {what} closed in the period after the due date (and any extension "
            "agreed in time), or with no due date recorded.",
        ),
        Metric(
            f"{p}.late_with_reason",
            f"Number of {what} closed late in the period with a reason for the delay recorded.",
        ),
        Metric(
            f"{p}.average_working_days",
            f"Mean working days from the start of the stage to the response, over {what} "
            "closed in the period, to one decimal place.",
            "days",
        ),
        Metric(
            f"{p}.fault_found_pct",
            f"Of {what} closed in the period, those upheld or partially upheld (fault found), "
            "rounded half up.",
            "percent",
        ),
        Metric(
            f"{p}.open_at_start",
            f"Number of {what} still open on the day before the period began (carried over "
            "into it): not answered, not left for the next stage, their case not closed.",
        ),
        Metric(
            f"{p}.withdrawn",
            f"Number of {what} withdrawn in the period before they were answered (the case "
            "withdrawn; not counted as closed, so in none of the outcomes or timescales).",
        ),
        Metric(
            f"{p}.open_at_end",
            f"Number of {what} still open on the last day of the period (carried over into "
            "the next).",
        ),
    ]  # fmt: skip
    for name, stored in OUTCOMES.items():
        words = stored.replace("_early", " early").replace("_", " ")
        metrics.append(
            Metric(
                f"{p}.outcome.{name}",
                f"Number of {what} closed in the period with the outcome '{words}'.",
            )
        )
    if family.first_stage:
        metrics += _first_stage_metrics(family)
    return metrics


def _first_stage_metrics(family: StageFamily) -> list[Metric]:
    what, p = family.what, family.prefix
    return [
        Metric(
            f"{p}.within_10_working_days",
            f"Number of {what} closed in the period within 10 working days of the start.",
        ),
        Metric(
            f"{p}.within_20_working_days",
            f"Number of {what} closed in the period within 20 working days of the start "
            "(those within 10 included).",
        ),
        Metric(
            f"{p}.beyond_20_working_days",
            f"Number of {what} closed in the period more than 20 working days after the start.",
        ),
        Metric(
            f"{p}.within_20_working_days_pct",
            f"Of {what} closed in the period with their working days recorded, those answered "
            "within 20 working days, rounded half up.",
            "percent",
        ),
        Metric(
            f"{p}.manager_contact",
            f"Number of {what} closed in the period where a manager called or met the "
            "complainant before responding.",
        ),
        Metric(
            f"{p}.manager_contact_recorded",
            f"Number of {what} closed in the period where staff recorded whether a manager "
            "called or met the complainant.",
        ),
        Metric(
            f"{p}.manager_contact_pct",
            f"Of {what} closed in the period where it was recorded, those where a manager "
            "called or met the complainant before responding, rounded half up.",
            "percent",
        ),
    ]


# The corporate stages run under the Ombudsman's Complaint Handling Code: code.stage1 and
# code.stage2 (their other figures are corporate_stage1's and corporate_stage2's).
CODE_STAGES = {
    "stage1": ("corporate_1", "stage 1", 5, 10),
    "stage2": ("corporate_2", "stage 2", 5, 20),
}


def _code_metrics() -> list[Metric]:
    metrics: list[Metric] = []
    for key, (_, stage, acknowledge_in, answer_in) in CODE_STAGES.items():
        p, what = f"code.{key}", f"corporate {stage} complaints under the Complaint Handling Code"
        metrics += [
            Metric(f"{p}.acknowledged", f"Number of {what} acknowledged in the period."),
            Metric(
                f"{p}.acknowledged_in_time",
                f"Number of {what} acknowledged in the period within the Code's "
                f"{acknowledge_in} working days (as configured) of receipt or of the request.",
            ),
            Metric(
                f"{p}.acknowledged_in_time_pct",
                f"Of {what} acknowledged in the period, those acknowledged in time, rounded "
                "half up.",
                "percent",
            ),
            Metric(f"{p}.closed", f"Number of {what} answered in the period."),
            Metric(
                f"{p}.in_time",
                f"Number of {what} answered in the period within the Code's {answer_in} working "
                "days (as configured) of the acknowledgement, or by the date of the one "
                "extension the Code allows.",
            ),
            Metric(
                f"{p}.in_time_pct",
                f"Of {what} answered in the period, those answered in time, rounded half up.",
                "percent",
            ),
            Metric(
                f"{p}.extended",
                f"Number of {what} answered in the period whose answer was extended (once, "
                "with the reason told to the complainant).",
            ),
        ]
    return metrics


@dataclass(frozen=True)
class StageThreeStep:
    """One of stage 3's steps before the response, counted against its own clock
    (cases.timescales.STAGE_THREE_CLOCKS); the response is the stage3 family's."""

    prefix: str
    rule: str  # the DeadlineRule value of its clock
    taken: str  # the name of its count: held, received
    what: str  # how a definition names them
    clock: str  # its timescale, in words


STAGE_THREE_STEPS = (
    StageThreeStep(
        "stage3.panel", DeadlineRule.STAGE_3_PANEL.value, "held", "stage 3 review panels",
        "30 working days of the stage 3 request",
    ),
    StageThreeStep(
        "stage3.chair_report", DeadlineRule.PANEL_REPORT.value, "received",
        "review panel chairs' reports",
        "5 working days of the panel",
    ),
)  # fmt: skip
# The council's response to the panel: answered, in time and late are the stage3 family's; only
# the responses still owed past their due day are counted here.
STAGE_THREE_RESPONSE = StageThreeStep(
    "stage3.response", DeadlineRule.COUNCIL_RESPONSE.value, "sent",
    "council's responses to a review panel",
    "15 working days of the chair's report",
)  # fmt: skip
OVERDUE_AT_END = "overdue_at_end"
# Each step by its clock's DeadlineRule value (the store's rows name a step by it), the
# response's included: built once for the figures that count taken and overdue steps.
STAGE_THREE_STEP_OF_RULE = {step.rule: step for step in (*STAGE_THREE_STEPS, STAGE_THREE_RESPONSE)}


def _stage_three_metrics() -> list[Metric]:
    metrics: list[Metric] = []
    for step in STAGE_THREE_STEPS:
        p, what, taken = step.prefix, step.what, step.taken
        metrics += [
            Metric(f"{p}.{taken}", f"Number of {what} {taken} in the period, whenever due."),
            Metric(
                f"{p}.in_time",
                f"Number of {what} {taken} in the period within {step.clock} (its timescale as "
                "configured), by the day it was due.",
            ),
            Metric(f"{p}.late", f"Number of {what} {taken} in the period after the day due."),
            Metric(
                f"{p}.in_time_pct",
                f"Of {what} {taken} in the period, those in time, rounded half up.",
                "percent",
            ),
        ]
    for step in (*STAGE_THREE_STEPS, STAGE_THREE_RESPONSE):
        metrics.append(
            Metric(
                f"{step.prefix}.{OVERDUE_AT_END}",
                f"Number of {step.what} not yet {step.taken} on the last day of the period (the "
                f"day the report was produced, if sooner) though due before it (within "
                f"{step.clock}): late whenever they come.",
            )
        )
    return metrics


def _registry() -> dict[str, Metric]:
    metrics: list[Metric] = []
    for family in FAMILIES:
        metrics.extend(_family_metrics(family))
    for name, what in CONTACT_KINDS.items():
        taken_on = PRE_COMPLAINTS_TAKEN_ON if name == "complaint" else ""
        metrics.append(
            Metric(f"{name}.received", f"Number of {what} received in the period.{taken_on}")
        )
    metrics += [
        Metric(
            "complaint.statutory.received",
            "Number of complaints received in the period under the statutory procedure "
            "(the Children Act 1989 Representations Procedure (England) Regulations 2006)."
            + PRE_COMPLAINTS_TAKEN_ON,
        ),
        Metric(
            "complaint.corporate.received",
            "Number of complaints received in the period under the council's corporate procedure."
            + PRE_COMPLAINTS_TAKEN_ON,
        ),
        Metric(
            "not_logged.received",
            "Number of contacts received in the period that were not logged as complaints "
            "(ineligible for the procedure, with the reason recorded).",
        ),
        Metric(
            "historic.received",
            "Number of historic complaints received in the period (an adult about their time "
            "in care, for instance), which may start at stage 2.",
        ),
        Metric(
            "example.complaint",
            "Number of complaints received in the period (of any kind, including pre-complaints "
            "and complaints from professionals) that staff chose as an example for this report, "
            "each in their own anonymised words.",
        ),
        Metric(
            "example.compliment",
            "Number of compliments received in the period that staff chose as an example for "
            "this report, each in their own anonymised words.",
        ),
        Metric(
            "advocacy.flagged",
            "Number of complaints received in the period marked as owed an advocacy offer (a "
            "child or young person complaining: triage's flag, or staff's when they changed "
            "triage); their letters tell them about advocacy. Not the offers staff recorded: "
            "those are advocacy.recorded.",
        ),
        Metric(
            "advocacy.recorded",
            "Number of advocacy offers staff recorded as made in the period (heard case REF "
            "advocacy, Slack, the web view), whatever came of them: the total of the report's "
            "advocacy table. Complaints marked as owed an offer are advocacy.flagged.",
        ),
        Metric(
            "escalation.stage1_to_stage2_pct",
            "Stage 2 complaints received in the period as a percentage of stage 1 complaints "
            "received in the period, rounded half up.",
            "percent",
        ),
        Metric(
            "escalation.stage2_to_stage3_pct",
            "Stage 3 complaints received in the period as a percentage of stage 2 complaints "
            "received in the period, rounded half up.",
            "percent",
        ),
        Metric(
            "lgsco.received",
            "Number of enquiries from the Local Government and Social Care Ombudsman received "
            "in the period.",
        ),
        Metric("lgsco.decided", "Number of LGSCO decisions made in the period."),
        Metric(
            "lgsco.detailed_investigations",
            "Number of LGSCO decisions made in the period after a detailed investigation "
            "(upheld, with or without injustice or with no further action, or not upheld).",
        ),
        Metric(
            "lgsco.upheld",
            "Number of LGSCO decisions made in the period that found fault "
            "(upheld, with or without injustice or with no further action).",
        ),
        Metric(
            "lgsco.remedy_cost",
            "Total cost in pounds of remedies in LGSCO decisions made in the period.",
            "pounds",
        ),
    ]
    metrics += _code_metrics()
    metrics += _stage_three_metrics()
    for finding in LGSCO_FINDINGS:
        metrics.append(
            Metric(
                f"lgsco.finding.{finding}",
                f"Number of LGSCO decisions made in the period with the finding "
                f"'{finding.replace('_', ' ')}'.",
            )
        )
    for remedy in REMEDIES:
        metrics.append(
            Metric(
                f"remedy.{remedy}",
                "Number of responses to complaints and pre-complaints (at any stage) in the "
                f"period recording the remedy '{remedy.replace('_', ' ')}'; a professional "
                "complaint's response is not counted, as in the outcome tables.",
            )
        )
    return {metric.name: metric for metric in metrics}


METRICS: dict[str, Metric] = _registry()
