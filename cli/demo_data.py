"""Made-up cases for trying heard out and for benchmarks: `heard demo seed`.

Proportions follow published councils' annual complaints reports (most contacts are complaints
or compliments; most complaints end at stage 1; a few reach stages 2 and 3 or the Ombudsman;
roughly half answered within 10 working days). Every name and address is obviously fictitious.
Rows go in with bulk Core inserts in batches, so a million cases take minutes, not hours.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cases.actor import DEMO
from cases.calendar import WorkingCalendar
from cases.enums import (
    AuditAction,
    CaseStatus,
    Channel,
    ComplainantType,
    ComplimentSource,
    CostKind,
    DeadlineRule,
    IssueCategory,
    LearningStatus,
    LgscoDecision,
    NotLoggedReason,
    Outcome,
    RecordKind,
    RemedyKind,
    Route,
    StageKind,
    Timeliness,
)
from cases.procedure import RESPONSE_REMEDIES
from cases.timescales import CODE_TIMESCALES, DEFAULT_TIMESCALES, Timescale
from cli.demo_advocacy import advocacy_offer
from store.models import (
    Advocacy,
    AuditEntry,
    Case,
    CaseExample,
    Compliment,
    Cost,
    Deadline,
    Issue,
    IssueOutcome,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    Person,
    Remedy,
    Stage,
)
from store.references import format_reference
from store.seeding import (
    BatchWriter,
    next_ids,
    reference_counters,
    store_reference_counters,
    team_ids,
)
from store.types import table_of

BATCH = 5_000
KINDS = [
    (RecordKind.COMPLAINT, 46),
    (RecordKind.COMPLIMENT, 24),
    (RecordKind.ENQUIRY, 10),
    (RecordKind.PRE_COMPLAINT, 10),
    (RecordKind.PROFESSIONAL_COMPLAINT, 4),
    (RecordKind.COMMENT, 3),
    (RecordKind.LGSCO_ENQUIRY, 3),
]
CHANNELS = [
    (Channel.EMAIL, 68),
    (Channel.WEB_FORM, 16),
    (Channel.TELEPHONE, 10),
    (Channel.LETTER, 4),
    (Channel.IN_PERSON, 2),
]
COMPLAINANTS = [
    (ComplainantType.PARENT, 55),
    (ComplainantType.LOOKED_AFTER_CHILD, 6),
    (ComplainantType.CHILD_IN_NEED, 2),
    (ComplainantType.CARE_LEAVER, 6),
    (ComplainantType.FOSTER_CARER, 7),
    (ComplainantType.RELATIVE, 9),
    (ComplainantType.ADVOCATE, 4),
    (ComplainantType.SPECIAL_GUARDIAN, 3),
    (ComplainantType.ADOPTION_SERVICES_USER, 2),
    (ComplainantType.OTHER, 6),
]
NOT_LOGGED = [
    (NotLoggedReason.COURT_RELATED, 12),
    (NotLoggedReason.INSUFFICIENT_INTEREST, 15),
    (NotLoggedReason.ALTERNATIVE_PROCESS, 20),
    (NotLoggedReason.GENERAL_ENQUIRY, 10),
    (NotLoggedReason.OUT_OF_TIME, 6),
    (NotLoggedReason.OUT_OF_JURISDICTION, 8),
    (NotLoggedReason.CONSENT_NOT_GAINED, 6),
    (NotLoggedReason.S47_CHILD_PROTECTION, 9),
    (NotLoggedReason.SAFEGUARDING_REFERRAL, 7),
    (NotLoggedReason.OTHER, 7),
]
OUTCOMES = [
    (Outcome.UPHELD, 20),
    (Outcome.PARTIALLY_UPHELD, 25),
    (Outcome.NOT_UPHELD, 43),
    (Outcome.INCONCLUSIVE, 3),
    (Outcome.WITHDRAWN, 4),
    (Outcome.RESOLVED_EARLY, 5),
]
TIMELINESS = [(Timeliness.IN_TIME, 55), (Timeliness.IN_EXTENDED_TIME, 25), (Timeliness.LATE, 20)]
FINDINGS = [
    (LgscoDecision.CLOSED_AFTER_INITIAL_ENQUIRIES, 18),
    (LgscoDecision.PREMATURE, 22),
    (LgscoDecision.OUT_OF_JURISDICTION, 15),
    (LgscoDecision.DISCRETION_NOT_TO_INVESTIGATE, 5),
    (LgscoDecision.UPHELD_WITH_INJUSTICE, 25),
    (LgscoDecision.UPHELD_NO_FURTHER_ACTION, 5),
    (LgscoDecision.NOT_UPHELD, 10),
]
# Learning of the kind the seeds list (what will change), and Ombudsman recommendations.
LEARNING = (
    "Return calls from parents within two working days and record each call on the file",
    "Managers answering a stage 1 complaint address every point raised in it",
    "Pathway plans start housing options at 17, with written information for the young person",
    "Meeting minutes go to families before the next meeting",
    "Review the special guardianship allowance policy against the regulations",
    "A change of social worker is told to the family in writing, with the new contact details",
    "Case recording standards workshop for the team within three months",
    "Respite staff record any injury to a child in full on the day",
)
RECOMMENDATIONS = (
    "Apologise to the complainant in writing",
    "Pay the complainant for the distress and time and trouble caused",
    "Remind staff of the statutory complaints timescales",
    "Review the policy and publish it on the council's website",
)
# What an independent investigation (stage 2) and a review panel (stage 3) cost, in pounds.
STAGE_COSTS = {
    StageKind.STATUTORY_2: (CostKind.INDEPENDENT_INVESTIGATOR, 1500, 6000),
    StageKind.STATUTORY_3: (CostKind.PANEL_MEMBERS, 600, 1500),
}
# A statutory stage 3 is timed on the council's response to the panel: the panel's 30
# working days, the chair's report's 5 and the response's 15 (the seeded stage has one clock).
STAGE_3 = Timescale(
    sum(
        DEFAULT_TIMESCALES[rule].target_days
        for rule in (
            DeadlineRule.STAGE_3_PANEL,
            DeadlineRule.PANEL_REPORT,
            DeadlineRule.COUNCIL_RESPONSE,
        )
    )
)


@dataclass
class SeedSummary:
    cases: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    open_cases: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        tables = ", ".join(f"{name} {count:,}" for name, count in sorted(self.rows.items()))
        return (
            f"seeded {self.cases:,} cases ({self.open_cases:,} open) in "
            f"{self.seconds:.1f} s: {tables}"
        )


def _recorded(picked: Timeliness, *, extended: date | None) -> str:
    """What the stage records: an extension picked where the stage has none (stage 3, a
    pre-complaint) was answered after its due date, so late, as its deadline says."""
    if extended:
        return Timeliness.IN_EXTENDED_TIME.value
    return (Timeliness.LATE if picked == Timeliness.IN_EXTENDED_TIME else picked).value


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


def seed_demo(
    engine: Engine,
    *,
    cases: int,
    years: int,
    today: date,
    seed: int = 1,
    categories: Sequence[str],
    prefix: str = "CSC",
    calendar: WorkingCalendar | None = None,
) -> SeedSummary:
    """`categories`: the loaded rule file's category_list ids: a council's own list is seeded,
    never the shipped ids, which its cards and reports would not know."""
    import time as clock

    started = clock.perf_counter()
    rng = random.Random(seed)
    calendar = calendar or WorkingCalendar()
    summary = SeedSummary(cases=cases)
    with engine.begin() as connection:
        teams = team_ids(connection)
        if not teams:
            raise ValueError(
                "no teams in the database: start heard once so the rule file's teams are loaded"
            )
        ids = _next_ids(connection)
        writer = BatchWriter(connection, summary.rows, BATCH)
        counters: dict[int, int] = reference_counters(connection, prefix)
        first_day = today - timedelta(days=365 * years)  # up to yesterday: all in the past
        span = (today - first_day).days
        for number, received_on in enumerate(_received_days(rng, first_day, span, cases)):
            year = received_on.year
            counters[year] = counters.get(year, 0) + 1
            case_id = ids["cases"] + number
            _one_case(
                rng,
                writer,
                ids,
                case_id=case_id,
                received_on=received_on,
                today=today,
                reference=format_reference(prefix, year, counters[year]),
                teams=teams,
                categories=categories,
                calendar=calendar,
                summary=summary,
            )
        writer.flush()
        store_reference_counters(connection, prefix, counters)
    summary.seconds = clock.perf_counter() - started
    return summary


def _received_days(rng: random.Random, first: date, span: int, count: int) -> Iterator[date]:
    days = sorted(rng.randrange(span) for _ in range(count))
    for offset in days:
        yield first + timedelta(days=offset)


def _one_case(
    rng: random.Random,
    writer: BatchWriter,
    ids: dict[str, int],
    *,
    case_id: int,
    received_on: date,
    today: date,
    reference: str,
    teams: list[str],
    categories: Sequence[str],
    calendar: WorkingCalendar,
    summary: SeedSummary,
) -> None:
    kind = _pick(rng, KINDS)
    received_at = datetime.combine(
        received_on, time(rng.randrange(7, 20), rng.randrange(60)), tzinfo=UTC
    )
    receipt_day = calendar.receipt_day(received_at)
    route, reason = Route.NONE, None
    if kind in (RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT, RecordKind.PROFESSIONAL_COMPLAINT):
        roll = rng.random()
        if roll < 0.2:
            route, reason = Route.NOT_LOGGED, _pick(rng, NOT_LOGGED)
        elif roll < 0.38 or kind == RecordKind.PROFESSIONAL_COMPLAINT:
            route = Route.CORPORATE
        else:
            route = Route.STATUTORY
    complainant = _pick(rng, COMPLAINANTS)
    row: dict[str, Any] = {
        "id": case_id,
        "reference": reference,
        "record_kind": kind.value,
        "route": route.value,
        "channel": _pick(rng, CHANNELS).value,
        "status": CaseStatus.CLOSED.value,
        "stage": None,
        "received_at": received_at,
        "receipt_day": receipt_day,
        "not_logged_reason": reason.value if reason else None,
        "complainant_type": complainant.value,
        "safeguarding": reason == NotLoggedReason.SAFEGUARDING_REFERRAL,
        "advocacy_offer": complainant
        in (ComplainantType.LOOKED_AFTER_CHILD, ComplainantType.CHILD_IN_NEED),
        "historic": False,
        "out_of_time": reason == NotLoggedReason.OUT_OF_TIME,
        "automated": False,
        "needs_attention": False,
        "assignee": None,
        "subject": "Demo case",
        "version": 1,
        "created_at": received_at,
        "updated_at": received_at,
        "acknowledged_at": received_at + timedelta(days=1),
        "acknowledged_by": "demo",
        "triage_confirmed_at": received_at + timedelta(hours=4),
        "triage_confirmed_by": "demo",
        "triage_decision": None,
        "closed_at": received_at + timedelta(days=20),
    }
    writer.add(table_of(Case), row)
    if row["advocacy_offer"] and kind == RecordKind.COMPLAINT and route != Route.NOT_LOGGED:
        offer = advocacy_offer(case_id, receipt_day=receipt_day, today=today, calendar=calendar)
        if offer is not None:
            writer.add(table_of(Advocacy), offer)
    writer.add(
        table_of(Person),
        {
            "id": ids["person"] + case_id,
            "case_id": case_id,
            "role": "complainant",
            "complainant_type": complainant.value,
            "name": f"Test Person {case_id:07d}",
            "email": f"person{case_id}@example.invalid",
            "phone": None,
            "address": f"{case_id % 200 + 1} Example Street, Testville",
            "relationship_to_child": None,
            "is_child": row["advocacy_offer"],
            "consent_given": None,
            "consent_recorded_on": None,
        },
    )
    writer.add(
        table_of(AuditEntry),
        {
            "case_id": case_id,
            "at": received_at,
            "actor": str(DEMO),
            "action": AuditAction.DEMO_SEEDED.value,
            "before": None,
            "after": None,
            "reason": None,
        },
    )
    if kind == RecordKind.COMPLIMENT:
        praised = rng.choice(teams)
        writer.add(
            table_of(Compliment),
            {
                "case_id": case_id,
                "team_id": praised,
                "source": rng.choice(list(ComplimentSource)).value,
                "received_on": receipt_day,
            },
        )
        # What it praises, as triage records it: chosen by the case's id, not the random
        # generator, so every other made-up figure stays as it was.
        writer.add(
            table_of(Issue),
            {
                "id": ids["issue"] + case_id * 3,
                "case_id": case_id,
                "category": praised_category(case_id, categories),
                "team_id": praised,
                "outcome": None,
                "rule_id": "demo",
            },
        )
        if case_id % EXAMPLE_EVERY[RecordKind.COMPLIMENT] == 0:
            text = COMPLIMENT_EXAMPLES[case_id // 61 % len(COMPLIMENT_EXAMPLES)]
            _example(writer, case_id, text, receipt_day)
        return
    if route == Route.NOT_LOGGED:
        row["status"] = CaseStatus.NOT_LOGGED.value
    if route in (Route.NONE, Route.NOT_LOGGED):
        return
    _procedure(
        rng,
        writer,
        ids,
        row,
        kind=kind,
        route=route,
        receipt_day=receipt_day,
        today=today,
        teams=teams,
        categories=categories,
        calendar=calendar,
        summary=summary,
    )


# Examples staff chose for the annual report (issue 24), in the seeds' manner: a line each,
# naming no one. Chosen by the case's id, not the random generator, so that every other
# made-up figure stays as it was.
EXAMPLE_EVERY = {RecordKind.COMPLAINT: 157, RecordKind.COMPLIMENT: 61}
COMPLAINT_EXAMPLES: dict[str, tuple[str, ...]] = {
    IssueCategory.COMMUNICATION: (
        "Parent unhappy that the social worker did not return calls for three weeks",
        "Young person not told that their review had been moved",
    ),
    IssueCategory.QUALITY_OF_SERVICE: (
        "Foster carer unhappy with the support offered after a placement ended",
        "Parent felt the assessment did not reflect what the family had said",
    ),
    IssueCategory.STAFF_CONDUCT: (
        "Grandparent felt a worker spoke dismissively to them at a family meeting",
        "Young person unhappy about how a visit was handled at school",
    ),
    IssueCategory.DELAYED_OR_FAILED_SERVICE: (
        "Young person unhappy with delays in obtaining a passport",
        "Foster carer unhappy with delays in setting up Staying Put",
    ),
    IssueCategory.DENIAL_OR_WITHDRAWAL_OF_SERVICE: (
        "Parent unhappy with the decision not to increase short breaks for a disabled child",
        "Young person unhappy at having to move to semi-independent living at 18",
    ),
    IssueCategory.BROKEN_PROMISE: (
        "Family time cancelled at short notice after a parent had travelled a long way",
        "A promised meeting about leaving care support did not happen",
    ),
}
COMPLIMENT_EXAMPLES = (
    "Thank you for keeping me informed late into the evening while care was arranged for "
    "two children from school.",
    "She listened, took my children's views into account and explained every step.",
    "The worker's report captured our family's situation fairly and accurately.",
    "Thank you for your patience with all my questions; I came away feeling much better.",
    "The duty worker was kind and caring at a very hard time and told us things we did not "
    "know we could ask for.",
    "A school thanked the team for arranging a visit the children are still talking about.",
    "A health visitor praised how quickly the worker built a good relationship with the family.",
    "Thank you for explaining everything in detail; you made a frightening process feel fair.",
)

PRAISED = (
    IssueCategory.COMMUNICATION,
    IssueCategory.QUALITY_OF_SERVICE,
    IssueCategory.STAFF_CONDUCT,
    IssueCategory.COMMUNICATION,
)


def praised_category(case_id: int, categories: Sequence[str]) -> str:
    """What a compliment praises: one of PRAISED the council's list has, else any of its own."""
    kept = [str(category) for category in PRAISED if category in categories] or categories
    return kept[case_id % len(kept)]


CODE_FROM = date(2026, 4, 1)  # the Complaint Handling Code's default start (HEARD_COMPLAINT_...)
CODE_ACK_DAYS = 5


def _code_acknowledged_on(stage_id: int, start: date, calendar: WorkingCalendar) -> date:
    """Most stages under the Code are acknowledged in time, about one in seven late. Chosen by
    the stage's id, not the random generator, so that every other made-up figure stays as it
    was."""
    return calendar.add_working_days(start, 1 + stage_id % 7)


def _panel_and_report(
    writer: BatchWriter,
    row: dict[str, Any],
    *,
    stage_id: int,
    start: date,
    today: date,
    responded: date | None,
    calendar: WorkingCalendar,
) -> None:
    """Stage 3's review panel (due 30 working days from the request; about three in five in
    time) and its chair's report (due 5 working days from the panel; about one in
    three late), each met on its day unless that day is still to come or the response came
    first (then on its day). Chosen by the stage's id, not the random generator, so that every other made-up
    figure stays as it was; the response keeps the seeded stage's one clock (STAGE_3)."""
    panel_on = calendar.add_working_days(start, 15 + stage_id * 7 % 26)
    report_on = calendar.add_working_days(panel_on, 2 + stage_id * 5 % 6)
    if responded is not None:  # answered: the panel and its report came first
        panel_on, report_on = min(panel_on, responded), min(report_on, responded)
    last = responded or today
    report_from = panel_on if panel_on <= last else None
    for rule, clock_start, days, met in (
        (DeadlineRule.STAGE_3_PANEL, start, 30, panel_on),
        (DeadlineRule.PANEL_REPORT, report_from, 5, report_on),
    ):
        if clock_start is None:
            return  # no panel yet: its report's clock has not started
        writer.add(
            table_of(Deadline),
            {
                "case_id": row["id"],
                "stage_id": stage_id,
                "rule": rule.value,
                "start_on": clock_start,
                "due_on": calendar.add_working_days(clock_start, days),
                "maximum_on": None,
                "extended_to": None,
                "extension_reason": None,
                "extension_agreed_on": None,
                "extended_by": None,
                "met_on": met if met <= last else None,
                "cancelled": False,
                "created_at": row["received_at"],
            },
        )


def _code_acknowledgement(
    writer: BatchWriter,
    row: dict[str, Any],
    *,
    stage_id: int,
    start: date,
    met: date,
    today: date,
    calendar: WorkingCalendar,
) -> None:
    """A corporate stage opened under the Code has its own acknowledgement clock (5 working
    days), met on `met` (_code_acknowledged_on)."""
    due = calendar.add_working_days(start, CODE_ACK_DAYS)
    writer.add(
        table_of(Deadline),
        {
            "case_id": row["id"],
            "stage_id": stage_id,
            "rule": DeadlineRule.CODE_ACKNOWLEDGEMENT.value,
            "start_on": start,
            "due_on": due,
            "maximum_on": None,
            "extended_to": None,
            "extension_reason": None,
            "extension_agreed_on": None,
            "extended_by": None,
            "met_on": None if met > today else met,
            "cancelled": False,
            "created_at": row["received_at"],
        },
    )


def _example(writer: BatchWriter, case_id: int, text: str, chosen_on: date) -> None:
    writer.add(
        table_of(CaseExample),
        {"case_id": case_id, "text": text, "chosen_on": chosen_on, "chosen_by": "demo"},
    )


def _procedure(
    rng: random.Random,
    writer: BatchWriter,
    ids: dict[str, int],
    row: dict[str, Any],
    *,
    kind: RecordKind,
    route: Route,
    receipt_day: date,
    today: date,
    teams: list[str],
    categories: Sequence[str],
    calendar: WorkingCalendar,
    summary: SeedSummary,
) -> None:
    case_id = row["id"]
    issue_count = rng.choices([1, 2, 3], [75, 20, 5])[0]
    chosen: list[str] = []
    for position in range(issue_count):
        chosen.append(rng.choice(categories))
        writer.add(
            table_of(Issue),
            {
                "id": ids["issue"] + case_id * 3 + position,
                "case_id": case_id,
                "category": chosen[-1],
                "team_id": rng.choice(teams),
                "outcome": None,
                "rule_id": "demo",
            },
        )
    texts = COMPLAINT_EXAMPLES.get(chosen[0])
    if texts and case_id % EXAMPLE_EVERY[RecordKind.COMPLAINT] == 0:
        _example(writer, case_id, texts[case_id // 157 % len(texts)], receipt_day)
    if kind == RecordKind.PRE_COMPLAINT:
        stages = [StageKind.INFORMAL]
    elif route == Route.CORPORATE:
        stages = [StageKind.CORPORATE_1] + ([StageKind.CORPORATE_2] if rng.random() < 0.08 else [])
    elif rng.random() < 0.01:  # historic: an adult about their time in care, straight to stage 2
        stages = [StageKind.STATUTORY_2]
        row["historic"] = True
    else:
        stages = [StageKind.STATUTORY_1]
        if rng.random() < 0.08:
            stages.append(StageKind.STATUTORY_2)
            if rng.random() < 0.25:
                stages.append(StageKind.STATUTORY_3)
    start = receipt_day
    for position, stage_kind in enumerate(stages):
        rule = _STAGE_RULE[stage_kind]
        timescale = STAGE_3 if stage_kind == StageKind.STATUTORY_3 else DEFAULT_TIMESCALES[rule]
        stage_id = ids["stage"] + case_id * 3 + position
        under_code = (
            stage_kind in CODE_TIMESCALES
            and start >= CODE_FROM
            and row["record_kind"] != RecordKind.PROFESSIONAL_COMPLAINT.value
        )
        acknowledged = _code_acknowledged_on(stage_id, start, calendar) if under_code else None
        # Under the Code the answer is timed from the acknowledgement, as casework times it
        # (casework.acknowledgement.time_code_answer), once the stage is acknowledged.
        clock = acknowledged if acknowledged is not None and acknowledged <= today else start
        if clock != start:
            timescale = DEFAULT_TIMESCALES[CODE_TIMESCALES[stage_kind]]
        due = calendar.add_working_days(clock, timescale.target_days)
        maximum = (
            calendar.add_working_days(clock, timescale.maximum_days)
            if timescale.maximum_days
            else None
        )
        timeliness = _pick(rng, TIMELINESS)
        if timeliness == Timeliness.IN_TIME:
            responded = calendar.add_working_days(clock, rng.randint(1, timescale.target_days))
        elif timeliness == Timeliness.IN_EXTENDED_TIME and maximum:
            responded = calendar.add_working_days(
                due, rng.randint(1, max(1, (maximum - due).days // 2))
            )
        else:
            responded = calendar.add_working_days(due, rng.randint(1, 25))
        extended = responded if timeliness == Timeliness.IN_EXTENDED_TIME and maximum else None
        still_open = responded > today
        outcome = _pick(rng, OUTCOMES)
        writer.add(
            table_of(Stage),
            {
                "id": stage_id,
                "case_id": case_id,
                "kind": stage_kind.value,
                "opened_on": start,
                "responded_on": None if still_open else responded,
                "outcome": None if still_open else outcome.value,
                "timeliness": None if still_open else _recorded(timeliness, extended=extended),
                "working_days_taken": None
                if still_open
                else calendar.working_days_between(start, responded),
                "reason_for_delay": "Social worker on leave"
                if timeliness == Timeliness.LATE and rng.random() < 0.4 and not still_open
                else None,
                "manager_contacted": rng.random() < 0.69,
                "responder": "demo",
            },
        )
        writer.add(
            table_of(Deadline),
            {
                "case_id": case_id,
                "stage_id": stage_id,
                "rule": rule.value,
                "start_on": clock,
                "due_on": due,
                "maximum_on": maximum,
                "extended_to": extended,
                "extension_reason": "Complainant agreed more time" if extended else None,
                "extension_agreed_on": due if extended else None,
                "extended_by": "demo" if extended else None,
                "met_on": None if still_open else responded,
                "cancelled": False,
                "created_at": row["received_at"],
            },
        )
        if stage_kind == StageKind.STATUTORY_3:
            _panel_and_report(writer, row, stage_id=stage_id, start=start, today=today,
                              responded=None if still_open else responded, calendar=calendar)  # fmt: skip
        if acknowledged is not None:
            _code_acknowledgement(
                writer, row, stage_id=stage_id, start=start, met=acknowledged, today=today,
                calendar=calendar,
            )  # fmt: skip
        if not still_open:
            for position in range(issue_count):  # each issue's outcome: the stage's
                writer.add(
                    table_of(IssueOutcome),
                    {
                        "case_id": case_id,
                        "stage_id": stage_id,
                        "issue_id": ids["issue"] + case_id * 3 + position,
                        "outcome": outcome.value,
                    },
                )
        if still_open:
            row.update(
                status=CaseStatus.OPEN.value, stage=stage_kind.value, closed_at=None, assignee=None
            )
            summary.open_cases += 1
            return
        if stage_kind in STAGE_COSTS:  # independent investigators, panel members
            cost_kind, low, high = STAGE_COSTS[stage_kind]
            _cost(writer, case_id, cost_kind, rng.randint(low, high) * 100, responded, stage_id)
        if outcome in (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD):
            remedy = rng.choice(RESPONSE_REMEDIES)
            pence = rng.choice([10000, 25000, 50000]) if remedy == RemedyKind.FINANCIAL else None
            writer.add(
                table_of(Remedy),
                {
                    "case_id": case_id,
                    "issue_id": None,
                    "stage_id": stage_id,
                    "kind": remedy.value,
                    "description": "Demo remedy",
                    "amount_pence": pence,
                },
            )
            if pence:
                _cost(writer, case_id, CostKind.COMPENSATION, pence, responded, stage_id)
            if rng.random() < 0.6:
                learning_status = rng.choice(
                    [status for status in LearningStatus if status != LearningStatus.PLANNED]
                )
                writer.add(
                    table_of(LearningAction),
                    {
                        "case_id": case_id,
                        "stage": stage_kind.value,
                        "owner_team_id": rng.choice(teams),
                        "text": rng.choice(LEARNING),
                        "status": learning_status.value,
                        "why_not_implemented": "The team was restructured"
                        if learning_status == LearningStatus.NOT_IMPLEMENTED
                        else None,
                        "identified_on": responded,
                        "due_on": responded + timedelta(days=rng.choice((30, 60, 90))),
                        "implemented_on": responded + timedelta(days=rng.randint(10, 80))
                        if learning_status == LearningStatus.IMPLEMENTED
                        else None,
                    },
                )
        start = calendar.add_working_days(responded, rng.randint(3, 20))
        if start > today:
            break
    row["stage"] = stages[-1].value
    row["closed_at"] = datetime.combine(responded, time(12), tzinfo=UTC)  # the last response
    if stages[-1] in (StageKind.STATUTORY_3, StageKind.CORPORATE_2) and rng.random() < 0.4:
        _ombudsman(rng, writer, ids, case_id=case_id, received_on=min(today, start), today=today)


def _cost(
    writer: BatchWriter,
    case_id: int,
    kind: CostKind,
    pence: int,
    on: date,
    stage_id: int | None = None,
) -> None:
    writer.add(
        table_of(Cost),
        {
            "case_id": case_id,
            "kind": kind.value,
            "amount_pence": pence,
            "incurred_on": on,
            "description": "Demo cost",
            "stage_id": stage_id,
        },
    )


def _ombudsman(
    rng: random.Random,
    writer: BatchWriter,
    ids: dict[str, int],
    *,
    case_id: int,
    received_on: date,
    today: date,
) -> None:
    """An enquiry, decided some months later when that is past, with recommendations when
    the Ombudsman found fault."""
    decided_on = received_on + timedelta(days=rng.randint(40, 220))
    decided = decided_on <= today
    finding = _pick(rng, FINDINGS) if decided else None
    fault = finding in (LgscoDecision.UPHELD_WITH_INJUSTICE, LgscoDecision.UPHELD_NO_FURTHER_ACTION)
    cost = rng.choice([None, 15000, 30000, 50000]) if fault else None
    lgsco_id = ids["lgsco"] + case_id
    writer.add(
        table_of(LgscoCase),
        {
            "id": lgsco_id,
            "case_id": case_id,
            "lgsco_reference": f"{decided_on.year % 100:02d} {case_id % 1000:03d} {rng.randrange(1000):03d}",
            "received_on": received_on,
            "decided_on": decided_on if decided else None,
            "decision": finding.value if finding else None,
            "remedy": "Apology and a payment for distress" if cost else None,
            "remedy_cost_pence": cost,
        },
    )
    if not fault:
        return
    if cost:
        _cost(writer, case_id, CostKind.LGSCO_REMEDY, cost, decided_on)
    for text in rng.sample(RECOMMENDATIONS, rng.randint(1, 2)):
        due = decided_on + timedelta(days=rng.choice((30, 60, 90)))
        completed = due - timedelta(days=rng.randint(-10, 20))
        done = completed <= today and rng.random() < 0.85
        writer.add(
            table_of(LgscoRecommendation),
            {
                "lgsco_case_id": lgsco_id,
                "case_id": case_id,
                "text": text,
                "due_on": due,
                "status": "completed" if done else "outstanding",
                "completed_on": completed if done else None,
            },
        )


_STAGE_RULE = {
    StageKind.INFORMAL: DeadlineRule.INFORMAL,
    StageKind.STATUTORY_1: DeadlineRule.STATUTORY_1,
    StageKind.STATUTORY_2: DeadlineRule.STATUTORY_2,
    StageKind.STATUTORY_3: DeadlineRule.COUNCIL_RESPONSE,
    StageKind.CORPORATE_1: DeadlineRule.CORPORATE_1,
    StageKind.CORPORATE_2: DeadlineRule.CORPORATE_2,
}


def _next_ids(connection: sa.Connection) -> dict[str, int]:
    """Explicit ids above whatever exists, so child rows need no round trips."""
    found = next_ids(connection)
    # child ids are derived from the case id: keep them clear of existing rows
    base = found["cases"]
    found["person"] = max(found["person"] - base, 0)
    found["issue"] = max(found["issue"] - base * 3, 0)
    found["stage"] = max(found["stage"] - base * 3, 0)
    found["lgsco"] = max(found["lgsco"] - base, 0)
    return found
