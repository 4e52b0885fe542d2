"""The spreadsheet layout of `heard import cases` and `heard export cases`: one row per case.

Reading validates every row and says what is wrong with it by row number (the number a
spreadsheet shows: the header is row 1). A valid row becomes a `CaseRow`, with each stage's due
date computed from the working-day calendar when the sheet leaves it empty.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cases.calendar import OutsideCalendar, WorkingCalendar, check_in_range
from cases.enums import (
    AdvocacyStatus,
    Channel,
    ComplainantType,
    CostKind,
    DeadlineRule,
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
from cases.timescales import Deadline, TimescalePolicy, compute_deadline, stage_rule, timeliness
from reports.cells import cell_text, read_back
from store.case_import import AdvocacyRow, CaseRow, StageRow

_NOT_KEY = re.compile(r"[^a-z0-9]+")


def _key(value: str) -> str:
    return _NOT_KEY.sub("_", value.strip().casefold()).strip("_")


STAGE_FIELDS = ("received_on", "due_on", "extended_to", "responded_on", "outcome")
COLUMNS: tuple[str, ...] = (
    "reference",
    "record_kind",
    "route",
    "not_logged_reason",
    "channel",
    "complainant_type",
    "team",
    "categories",
    "received_on",
    *(f"stage{n}_{name}" for n in (1, 2, 3) for name in STAGE_FIELDS),
    "lgsco_received_on",
    "lgsco_decided_on",
    "lgsco_finding",
    "compensation",
    "closed_on",
)
# What a stage's response may say beyond its dates and outcome: the remedies it offered
# (REMEDIES' ids or labels, separated by ';'), the sum of its financial remedy in pounds (the
# report's case lists print it; the money paid is `compensation`) and whether a manager called
# or met the complainant (yes or no).
STAGE_EXTRAS = (
    "extension_agreed_on",
    "reason_for_delay",
    "remedies",
    "manager_contacted",
    "financial_remedy",
)
# The advocacy a child or young person is owed: marked as owed an offer (yes or no), the day
# staff made it and what came of it (ADVOCACY_OUTCOMES), the day it was taken up or declined,
# and the advocacy service named (Coram Voice, NYAS...).
ADVOCACY_COLUMNS = (
    "advocacy_owed",
    "advocacy_offered_on",
    "advocacy_outcome",
    "advocacy_decided_on",
    "advocacy_organisation",
)
MAX_ORGANISATION = 200  # advocacy.organisation's length
# What the Ombudsman's decision asked the council to pay (pounds): the report's costs and
# compensation tables count it as the Ombudsman's remedy.
LGSCO_COLUMNS = ("lgsco_remedy_cost",)
# The independent people's fees (pounds), each on the stage it paid for: the report's costs
# table counts them by kind (Bradford: 'Stage 2 Independent People', 'Stage 3 ...').
STAGE_COSTS: dict[str, tuple[CostKind, int]] = {
    "investigator_cost": (CostKind.INDEPENDENT_INVESTIGATOR, 2),
    "independent_person_cost": (CostKind.INDEPENDENT_PERSON, 2),
    "panel_cost": (CostKind.PANEL_MEMBERS, 3),
}
# Columns heard adds after the required ones; a sheet may leave them out.
OPTIONAL_COLUMNS: tuple[str, ...] = (
    *(f"stage{n}_{name}" for n in (1, 2, 3) for name in STAGE_EXTRAS),
    *ADVOCACY_COLUMNS,
    *LGSCO_COLUMNS,
    *STAGE_COSTS,
)
REQUIRED_COLUMNS = ("reference", "record_kind", "received_on")
_STAGE_COLUMNS = {
    n: tuple(f"stage{n}_{name}" for name in (*STAGE_FIELDS, *STAGE_EXTRAS)) for n in (1, 2, 3)
}

RECORD_KINDS = {
    "complaint": RecordKind.COMPLAINT,
    "pre_complaint": RecordKind.PRE_COMPLAINT,
    "professional": RecordKind.PROFESSIONAL_COMPLAINT,
    "professional_complaint": RecordKind.PROFESSIONAL_COMPLAINT,
    "enquiry": RecordKind.ENQUIRY,
    "compliment": RecordKind.COMPLIMENT,
    "comment": RecordKind.COMMENT,
    "lgsco_enquiry": RecordKind.LGSCO_ENQUIRY,
    "lgsco_mail": RecordKind.LGSCO_ENQUIRY,
}
# Past councils' sheets give an Ombudsman enquiry as an `lgsco_enquiry` row, often with no
# date but the day received. heard's own record of the Ombudsman's mail with no enquiry on it
# is the same kind of record: its export writes it as `lgsco_mail`, which records no enquiry,
# so that it does not come back as one.
LGSCO_MAIL = "lgsco_mail"
EXPORTED_KIND: dict[str, str] = {RecordKind.PROFESSIONAL_COMPLAINT: "professional"}  # by value
OUTCOMES = {
    "upheld": Outcome.UPHELD,
    "partially_upheld": Outcome.PARTIALLY_UPHELD,
    "not_upheld": Outcome.NOT_UPHELD,
    "withdrawn": Outcome.WITHDRAWN,
    "resolved": Outcome.RESOLVED_EARLY,
    "resolved_early": Outcome.RESOLVED_EARLY,
    "inconclusive": Outcome.INCONCLUSIVE,
    "not_applicable": Outcome.NOT_APPLICABLE,
}
EXPORTED_OUTCOME: dict[str, str] = {Outcome.RESOLVED_EARLY: "resolved"}  # by value
# The remedies a response records today (the report counts these), by id and by label.
REMEDIES = {key: kind for kind in RESPONSE_REMEDIES for key in (kind.value, _key(kind.label))}
_REMEDY_NAMES = tuple(dict.fromkeys(kind.value for kind in REMEDIES.values()))
ADVOCACY_OUTCOMES = {status.value: status for status in AdvocacyStatus}
YES_NO = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}
_VALUES: dict[type, dict[str, Any]] = {
    enum: {member.value: member for member in enum}
    for enum in (Route, NotLoggedReason, Channel, LgscoDecision)
}
_CONTROL = re.compile(r"[\x00-\x1f]")
MAX_REFERENCE = 30
MAX_TEAM = 200


class LayoutError(ValueError):
    """The file as a whole cannot be read (no header, a required column missing, not a sheet)."""


@dataclass
class Rejected:
    row_number: int
    problems: list[str]

    def __str__(self) -> str:
        return f"row {self.row_number}: " + "; ".join(self.problems)


@dataclass(frozen=True)
class CouncilLists:
    """The council's own lists, from its rule file as loaded at start (id -> label): an imported
    row's categories and complainant type must be on them. A cell may give the id or the label
    ("staff_conduct" or "Staff conduct/attitude"), in any case and spacing."""

    categories: Mapping[str, str]
    complainant_types: Mapping[str, str]
    unknown_complainant: str = ComplainantType.UNKNOWN.value  # an empty cell

    def category_keys(self) -> dict[str, str]:
        return _lookup(self.categories)

    def complainant_keys(self) -> dict[str, str]:
        return _lookup(self.complainant_types)


def _lookup(items: Mapping[str, str]) -> dict[str, str]:
    """What a cell may say (the id or the label, as a key) -> the id."""
    return {_key(label): item for item, label in items.items()} | {
        _key(item): item for item in items
    }


@dataclass
class RowReader:
    """Turns raw cells into CaseRows, remembering references seen so a file cannot hold one
    case twice."""

    calendar: WorkingCalendar
    policy: TimescalePolicy
    lists: CouncilLists
    seen: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._categories = self.lists.category_keys()
        self._complainants = self.lists.complainant_keys()

    def read(self, row_number: int, raw: Mapping[str, Any]) -> CaseRow | Rejected:
        cells = _Cells(raw)
        row = self._read(row_number, cells)
        if cells.problems:
            return Rejected(row_number, cells.problems)
        assert row is not None
        first = self.seen.setdefault(row.reference.casefold(), row_number)
        if first != row_number:
            return Rejected(row_number, [f"reference {row.reference} is also on row {first}"])
        return row

    def _read(self, row_number: int, cells: _Cells) -> CaseRow | None:
        reference = cells.text("reference", required=True, limit=MAX_REFERENCE)
        kind = cells.choice("record_kind", RECORD_KINDS, required=True)
        route = cells.choice("route", _VALUES[Route])
        received_on = cells.day("received_on", required=True)
        reason = cells.choice("not_logged_reason", _VALUES[NotLoggedReason])
        channel = cells.choice("channel", _VALUES[Channel]) or Channel.UNKNOWN
        complainant = (
            cells.choice(
                "complainant_type", self._complainants, listed=self.lists.complainant_types
            )
            or self.lists.unknown_complainant
        )
        team = cells.text("team", limit=MAX_TEAM)
        categories = cells.categories("categories", self._categories)
        if kind is None or received_on is None or reference is None:
            _check_alone(cells)
            return None
        route = route or _default_route(kind)
        if route == Route.NOT_LOGGED and reason is None:
            cells.problem("not_logged_reason: needed when route is not_logged")
        if reason is not None and route != Route.NOT_LOGGED:
            cells.problem("not_logged_reason: only for route not_logged")
        stages = self._stages(cells, kind=kind, route=route, received_on=received_on)
        lgsco_received = cells.day("lgsco_received_on")
        lgsco_decided = cells.day("lgsco_decided_on")
        finding = cells.choice("lgsco_finding", _VALUES[LgscoDecision])
        mail_only = _key(cells.value("record_kind")) == LGSCO_MAIL
        if kind == RecordKind.LGSCO_ENQUIRY and lgsco_received is None and not mail_only:
            lgsco_received = received_on
        if (lgsco_decided or finding) and lgsco_received is None:
            cells.problem("lgsco_received_on: needed with an LGSCO decision")
        if finding and lgsco_decided is None:
            cells.problem("lgsco_decided_on: needed with lgsco_finding")
        _not_before(cells, "lgsco_decided_on", lgsco_decided, "lgsco_received_on", lgsco_received)
        lgsco_cost = cells.pounds("lgsco_remedy_cost")
        if lgsco_cost and lgsco_decided is None:
            cells.problem("lgsco_remedy_cost: given without lgsco_decided_on")
        closed_on = cells.day("closed_on")
        _not_before(cells, "closed_on", closed_on, "received_on", received_on)
        answered = [s.responded_on for s in stages if s.responded_on is not None]
        stage_costs = _stage_costs(
            cells, stages, otherwise=closed_on or max(answered, default=received_on)
        )
        advocacy = _advocacy(cells, received_on)
        return CaseRow(
            row_number=row_number,
            reference=reference.upper(),  # looked up upper-case, as heard writes its own
            record_kind=kind,
            route=route,
            not_logged_reason=reason,
            channel=channel,
            complainant_type=complainant,
            team=team,
            categories=categories,
            received_on=received_on,
            stages=tuple(stages),
            lgsco_received_on=lgsco_received,
            lgsco_decided_on=lgsco_decided,
            lgsco_finding=finding,
            compensation_pence=cells.pounds("compensation"),
            lgsco_remedy_cost_pence=lgsco_cost or None,
            stage_costs=stage_costs,
            closed_on=closed_on,
            advocacy_owed=bool(cells.choice("advocacy_owed", YES_NO, listed=("yes", "no"))),
            advocacy=advocacy,
        )

    def _stages(
        self, cells: _Cells, *, kind: RecordKind, route: Route, received_on: date
    ) -> list[StageRow]:
        found: list[StageRow] = []
        given = {n: cells.any_present(_STAGE_COLUMNS[n]) for n in (1, 2, 3)}
        if not any(given.values()) and kind in _OPENS_STAGE_1 and route in _PROCEDURES:
            given[1] = True  # a complaint received has its first stage running from that day
        for n in (1, 2, 3):
            if not given[n]:
                continue
            stage_kind = _stage_kind(kind, route, n)
            if stage_kind is None:
                cells.problem(f"stage{n}_*: a {kind.value} ({route.value}) has no stage {n}")
                continue
            row = self._stage(cells, n, stage_kind, default_start=received_on if n == 1 else None)
            if row is None:
                continue
            if found and found[-1].responded_on is None:
                cells.problem(f"stage{n}_received_on: stage {n - 1} has no response date")
            elif found and row.received_on < (found[-1].responded_on or row.received_on):
                cells.problem(f"stage{n}_received_on: before the stage {n - 1} response")
            if n == 3 and not any(s.number == 2 for s in found):
                cells.problem("stage3_*: stage 3 follows a stage 2, which this row lacks")
            found.append(row)
        if found and found[0].received_on < received_on:
            cells.problem("stage1_received_on: before received_on")
        return found

    def _stage(
        self, cells: _Cells, n: int, kind: StageKind, *, default_start: date | None
    ) -> StageRow | None:
        prefix = f"stage{n}_"
        start = cells.day(prefix + "received_on") or default_start
        due = cells.day(prefix + "due_on")
        extended = cells.day(prefix + "extended_to")
        agreed = cells.day(prefix + "extension_agreed_on")
        responded = cells.day(prefix + "responded_on")
        outcome = cells.choice(prefix + "outcome", OUTCOMES)
        delay = cells.text(prefix + "reason_for_delay", limit=1000, lines=True)
        remedies = cells.several(prefix + "remedies", REMEDIES, listed=_REMEDY_NAMES)
        contacted = cells.choice(prefix + "manager_contacted", YES_NO, listed=("yes", "no"))
        financial = cells.pounds(prefix + "financial_remedy")
        if financial is not None and RemedyKind.FINANCIAL not in remedies:
            cells.problem(f"{prefix}financial_remedy: give financial in {prefix}remedies too")
        if start is None:
            cells.problem(f"{prefix}received_on: needed for stage {n}")
            return None
        try:
            computed = self._response_deadline(kind, start)
        except OutsideCalendar as error:
            cells.problem(f"{prefix}received_on: {error}")
            return None
        due = due or computed.due
        _not_before(cells, prefix + "due_on", due, prefix + "received_on", start)
        _not_before(cells, prefix + "responded_on", responded, prefix + "received_on", start)
        if extended is not None and extended <= due:
            cells.problem(f"{prefix}extended_to: must be after the due date {due.isoformat()}")
        if agreed is not None and extended is None:
            cells.problem(f"{prefix}extension_agreed_on: no extended_to date")
        for name, given in (("outcome", outcome), ("remedies", remedies)):
            if given and responded is None:
                cells.problem(f"{prefix}{name}: given without {prefix}responded_on")
        return StageRow(
            number=n,
            kind=kind,
            received_on=start,
            due_on=due,
            maximum_on=computed.maximum,
            extended_to=extended,
            extension_agreed_on=agreed,
            responded_on=responded,
            outcome=outcome,
            reason_for_delay=delay,
            remedies=remedies,
            financial_remedy_pence=financial or None,
            manager_contacted=contacted,
            working_days_taken=(
                self.calendar.working_days_between(start, responded)
                if responded is not None and responded >= start
                else None
            ),
            rule=computed.rule,
            timeliness=_timeliness(
                responded_on=responded, due=due, extended_to=extended, agreed_on=agreed
            ),
        )

    def _response_deadline(self, kind: StageKind, start: date) -> Deadline:
        """The deadline an imported stage's response is judged on. At statutory stage 3 that
        is the council's response to the panel: when the sheet gives no due date, the panel's,
        the chair's report's and the response's working days one after the other."""
        if kind != StageKind.STATUTORY_3:
            return compute_deadline(
                stage_rule(kind), start=start, calendar=self.calendar, policy=self.policy
            )
        days = sum(self.policy[rule].target_days for rule in STAGE_3_CLOCKS)
        due = self.calendar.add_working_days(start, days)
        return Deadline(DeadlineRule.COUNCIL_RESPONSE, start, due, None)


def _timeliness(
    *, responded_on: date | None, due: date, extended_to: date | None, agreed_on: date | None
) -> Timeliness | None:
    """An imported extension counts only when it was agreed by the original due date."""
    if responded_on is None:
        return None
    agreed_in_time = agreed_on is None or agreed_on <= due
    return timeliness(
        responded_on=responded_on, due=due, extended_due=extended_to if agreed_in_time else None
    )


STAGE_3_CLOCKS = (
    DeadlineRule.STAGE_3_PANEL,
    DeadlineRule.PANEL_REPORT,
    DeadlineRule.COUNCIL_RESPONSE,
)
_OPENS_STAGE_1 = frozenset({RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT})
_PROCEDURES = frozenset({Route.STATUTORY, Route.CORPORATE})


def _default_route(kind: RecordKind) -> Route:
    if kind in (RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT):
        return Route.STATUTORY
    return Route.NONE


def _stage_kind(kind: RecordKind, route: Route, n: int) -> StageKind | None:
    """Pre-complaints, enquiries and professional complaints outside the procedure keep their
    one response as an informal stage; complaints follow their route's stages."""
    complaint_like = kind in (RecordKind.COMPLAINT, RecordKind.PROFESSIONAL_COMPLAINT)
    if not complaint_like or route in (Route.NONE, Route.NOT_LOGGED):
        return StageKind.INFORMAL if n == 1 else None
    if route == Route.CORPORATE:
        return {1: StageKind.CORPORATE_1, 2: StageKind.CORPORATE_2}.get(n)
    if kind == RecordKind.PROFESSIONAL_COMPLAINT and n > 1:
        return None
    return {1: StageKind.STATUTORY_1, 2: StageKind.STATUTORY_2, 3: StageKind.STATUTORY_3}[n]


def _advocacy(cells: _Cells, received_on: date) -> AdvocacyRow | None:
    """The offer staff made, if the row records one: its day, and what came of it (offered
    only, until the sheet says it was taken up or declined, and when)."""
    offered_on = cells.day("advocacy_offered_on")
    status = cells.choice("advocacy_outcome", ADVOCACY_OUTCOMES)
    decided_on = cells.day("advocacy_decided_on")
    organisation = cells.text("advocacy_organisation", limit=MAX_ORGANISATION)
    if offered_on is None:
        for name, given in (
            ("advocacy_outcome", status),
            ("advocacy_decided_on", decided_on),
            ("advocacy_organisation", organisation),
        ):
            if given:
                cells.problem(f"{name}: given without advocacy_offered_on")
        return None
    _not_before(cells, "advocacy_offered_on", offered_on, "received_on", received_on)
    _not_before(cells, "advocacy_decided_on", decided_on, "advocacy_offered_on", offered_on)
    status = status or AdvocacyStatus.OFFERED
    if decided_on is not None and status == AdvocacyStatus.OFFERED:
        cells.problem(
            "advocacy_decided_on: the offer was not taken up or declined (advocacy_outcome)"
        )
    return AdvocacyRow(
        status=status, offered_on=offered_on, decided_on=decided_on, organisation=organisation
    )


def _stage_costs(
    cells: _Cells, stages: list[StageRow], *, otherwise: date
) -> tuple[tuple[CostKind, int, date], ...]:
    """Each independent person's fee, incurred the day the stage it paid for was answered (or
    began, while it runs); `otherwise` when the row has no such stage (staff may record a fee
    on a case at another stage, and heard's export must read back)."""
    found: list[tuple[CostKind, int, date]] = []
    for name, (kind, number) in STAGE_COSTS.items():
        pence = cells.pounds(name)
        if pence:
            stage = next((s for s in stages if s.number == number), None)
            day = (stage.responded_on or stage.received_on) if stage else otherwise
            found.append((kind, pence, day))
    return tuple(found)


def _check_alone(cells: _Cells) -> None:
    """A row already rejected for its reference, kind or received_on still has every other
    cell read on its own, so the checker lists all its problems at once (a second bad date
    would otherwise surface only on the next run). Checks between cells need those three."""
    for n in (1, 2, 3):
        prefix = f"stage{n}_"
        for name in ("received_on", "due_on", "extended_to", "extension_agreed_on", "responded_on"):
            cells.day(prefix + name)
        cells.choice(prefix + "outcome", OUTCOMES)
        cells.text(prefix + "reason_for_delay", limit=1000, lines=True)
        cells.several(prefix + "remedies", REMEDIES, listed=_REMEDY_NAMES)
        cells.choice(prefix + "manager_contacted", YES_NO, listed=("yes", "no"))
        cells.pounds(prefix + "financial_remedy")
    cells.choice("advocacy_owed", YES_NO, listed=("yes", "no"))
    _advocacy(cells, date.min)
    cells.day("lgsco_received_on")
    cells.day("lgsco_decided_on")
    cells.choice("lgsco_finding", _VALUES[LgscoDecision])
    cells.pounds("compensation")
    cells.pounds("lgsco_remedy_cost")
    for name in STAGE_COSTS:
        cells.pounds(name)
    cells.day("closed_on")


def _not_before(
    cells: _Cells, name: str, value: date | None, other_name: str, other: date | None
) -> None:
    if value is not None and other is not None and value < other:
        cells.problem(f"{name}: {value.isoformat()} is before {other_name} {other.isoformat()}")


class _Cells:
    """One row's cells, normalised, collecting the problems found while reading them."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        # Only the cells with something in them: most of a row's 40 cells are usually empty.
        self.values: dict[str, str] = {}
        for name, cell in raw.items():
            text = read_back(cell.strip() if cell.__class__ is str else _normalise(cell))
            if text:
                self.values[name] = text
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def any_present(self, names: Iterable[str]) -> bool:
        return not self.values.keys().isdisjoint(names)

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def text(
        self, name: str, *, required: bool = False, limit: int, lines: bool = False
    ) -> str | None:
        """A text cell; with `lines`, line breaks and tabs are kept (a reason written over
        several lines), as heard's export writes them (reports.cells.cell_text)."""
        value = self.value(name)
        if lines:
            value = cell_text(value, lines=True)
        if not value:
            if required:
                self.problem(f"{name}: empty")
            return None
        if len(value) > limit:
            self.problem(f"{name}: longer than {limit} characters")
            return None
        if _CONTROL.search(value.replace("\n", "").replace("\t", "") if lines else value):
            self.problem(f"{name}: contains control characters")
            return None
        return value

    def choice(
        self,
        name: str,
        allowed: Mapping[str, Any],
        *,
        required: bool = False,
        listed: Iterable[str] | None = None,
    ) -> Any:
        """The value `allowed` maps the cell's key to; `listed` is what the problem names."""
        value = self.value(name)
        if not value:
            if required:
                self.problem(f"{name}: empty")
            return None
        key = _key(value)
        if key not in allowed:
            names = ", ".join(allowed if listed is None else listed)
            self.problem(f"{name}: {value[:40]!r} is not one of {names}")
            return None
        return allowed[key]

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.value(name)
        if not value:
            if required:
                self.problem(f"{name}: empty")
            return None
        try:
            if len(value) != 10 or value[4] != "-" or value[7] != "-":
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)")
            return None
        try:
            return check_in_range(day)  # deadlines are counted only where bank holidays are known
        except OutsideCalendar as error:
            self.problem(f"{name}: {error}")
            return None

    def pounds(self, name: str) -> int | None:
        value = self.value(name).replace("£", "").replace(",", "")
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.problem(f"{name}: {value[:40]!r} is not an amount in pounds")
            return None
        if not amount.is_finite() or amount < 0 or amount > 10_000_000:
            self.problem(f"{name}: {value[:40]!r} is not an amount in pounds")
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.problem(f"{name}: {value!r} has fractions of a penny")
            return None
        return int(amount * 100)

    def several(
        self, name: str, allowed: Mapping[str, Any], *, listed: Iterable[str]
    ) -> tuple[Any, ...]:
        """A cell naming several of `allowed`, separated by ';', each once."""
        found: list[Any] = []
        for part in self.value(name).split(";"):
            if not part.strip():
                continue
            value = allowed.get(_key(part))
            if value is None:
                self.problem(f"{name}: {part.strip()[:40]!r} is not one of {', '.join(listed)}")
            elif value not in found:
                found.append(value)
        return tuple(found)

    def categories(self, name: str, by_key: Mapping[str, str]) -> tuple[str, ...]:
        value = self.value(name)
        if not value:
            return ()
        found: list[str] = []
        for part in value.split(";"):
            if not part.strip():
                continue
            category = by_key.get(_key(part))
            if category is None:
                self.problem(
                    f"{name}: {part.strip()[:40]!r} is not a category in the rule file's "
                    "category_list"
                )
            elif category not in found:
                found.append(category)
        return tuple(found)


def _normalise(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --- files ---------------------------------------------------------------------------------
# A workbook is a zip: what it unpacks to is bounded before openpyxl reads it (a 1.5 MB file
# that unpacks to gigabytes took 1.7 GB of memory before MemoryError).
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_XLSX_ENTRIES = 1000
MAX_XLSX_RATIO = 200  # unpacked to packed, for the whole file


def check_xlsx(path: Path) -> None:
    """LayoutError unless the workbook's zip unpacks to a bounded size. The sizes are those
    the zip declares; Python's zip reader never unpacks more than an entry declares."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise LayoutError(f"{path.name}: not a readable .xlsx file ({error})") from None
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(path.stat().st_size, 1)
    if (
        len(entries) > MAX_XLSX_ENTRIES
        or unpacked > MAX_XLSX_UNPACKED_BYTES
        or unpacked > MAX_XLSX_RATIO * packed + 10 * 1024 * 1024
    ):
        raise LayoutError(
            f"{path.name}: unpacks to {unpacked / 1024**2:,.0f} MB in {len(entries)} parts; "
            f"heard reads workbooks of up to {MAX_XLSX_UNPACKED_BYTES // 1024**2} MB unpacked "
            "(save it as .csv, or split it)"
        )


def count_rows(path: Path) -> int:
    """Data rows in the file (for the progress bar); does not validate. The sheet's own
    `<dimension>` may be stale, so the rows are counted."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        check_xlsx(path)
        workbook = load_workbook(path, read_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            return max(sum(1 for _ in sheet.iter_rows(values_only=True)) - 1, 0)
        finally:
            workbook.close()
    with path.open(encoding=_encoding(path), errors="replace", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def read_file(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by column name) for each data row; LayoutError for a bad file."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _read_xlsx(path)
    elif suffix == ".csv":
        yield from _read_csv(path)
    else:
        raise LayoutError(f"{path.name}: not a .csv or .xlsx file")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252, which Excel on Windows saves; checked
    a chunk at a time so a large file is never held in memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding=_encoding(path), errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = _header(next(reader, None))
        # Rows as a spreadsheet numbers them: a cell with a line break in it is one row, though
        # it spans several lines of the file (the reader's line_num counts lines).
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The first sheet's rows, each cell's value as last calculated. A formula cell with no
    calculated value (a sheet written by a program, never opened in Excel) is read as its
    formula's text, never as empty: a date computed by formula is then refused by its row, and
    a text one is kept as text, where reading only the values lost it without a word."""
    from openpyxl import load_workbook

    check_xlsx(path)
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # zip, XML and openpyxl's own errors: the file is not a sheet
        raise LayoutError(f"{path.name}: not a readable .xlsx file ({error})") from None
    try:
        sheets = [workbook.worksheets[0] for workbook in (values, formulas)]
        for sheet in sheets:
            # The stated <dimension> is never trusted: a stale one made rows vanish silently.
            sheet.reset_dimensions()
        rows = zip(*(sheet.iter_rows(values_only=True) for sheet in sheets), strict=False)
        first = next(rows, None)
        header = _header(first[0] if first else None)
        for number, (cells, written) in enumerate(rows, start=2):
            cells = tuple(
                text if cell is None and isinstance(text, str) and text.startswith("=") else cell
                for cell, text in zip(cells, written, strict=False)
            )
            if not any(cell not in (None, "") for cell in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))
    finally:
        values.close()
        formulas.close()


def _header(cells: Any) -> list[str]:
    if not cells:
        raise LayoutError("the file is empty: row 1 must name the columns")
    header = [str(cell or "").strip().lower() for cell in cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise LayoutError(f"row 1: missing column(s) {', '.join(missing)}")
    _no_lost_column(header)
    return header


def _no_lost_column(header: list[str]) -> None:
    """Columns heard does not know are ignored (a council's own notes), but one named nearly
    as a column heard reads ("stage1_outcom", "Stage 1 outcome") is a typing slip whose values
    would be dropped without a word, and a column named twice would keep only its last cell:
    either refuses the file, saying which column."""
    known = (*COLUMNS, *OPTIONAL_COLUMNS)
    seen: set[str] = set()
    for name in header:
        if name in known:
            if name in seen:
                raise LayoutError(f"row 1: column {name!r} is named twice")
            seen.add(name)
            continue
        squeezed = re.sub(r"[\s_-]+", "_", name)
        near = difflib.get_close_matches(squeezed, known, n=1, cutoff=0.85)
        if name and near:
            raise LayoutError(
                f"row 1: column {name[:60]!r} is not one heard reads: did you mean {near[0]}? "
                "(rename it: its values would be ignored)"
            )


# --- export --------------------------------------------------------------------------------
def export_columns() -> tuple[str, ...]:
    return COLUMNS + OPTIONAL_COLUMNS
