"""Triage: one explainable decision for one contact, from the rule file. Pure and total.

Order matters and is the point: the safeguarding tripwire runs first and short-circuits, so a
disclosure never waits in a complaints queue; then the kind of record, who is complaining and
whether they may use the statutory procedure, reasons not to log it, and finally the issues and
the teams that must answer them. Every rule that fires is listed with its reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from cases.enums import (
    Channel,
    ComplainantType,
    IssueCategory,
    NotLoggedReason,
    RecordKind,
    Route,
)
from cases.kinds import COMPLAINT_KINDS
from triage.patterns import ScannedText
from triage.rulebook import CompiledRule, Rulebook

MAX_TEXT = 50_000  # triage reads the first 50,000 characters: enough for any real complaint
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Contact:
    subject: str
    body: str
    sender_address: str = ""
    sender_name: str = ""
    mailbox_kind: RecordKind | None = None
    channel: Channel = Channel.EMAIL
    received_on: date | None = None
    automated: bool = False
    complainant_type: ComplainantType | None = None  # staff-supplied hints
    record_kind: RecordKind | None = None


@dataclass(frozen=True)
class Decision:
    record_kind: RecordKind
    route: Route
    complainant_type: ComplainantType
    eligible: bool
    not_logged_reason: NotLoggedReason | None = None
    issues: tuple[tuple[IssueCategory, str | None, str | None], ...] = ()
    safeguarding: bool = False
    advocacy_offer: bool = False
    out_of_time: bool = False
    discretion_may_apply: bool = False
    historic: bool = False
    start_stage: int = 1
    fired: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        return cls(
            record_kind=RecordKind(data["record_kind"]),
            route=Route(data["route"]),
            complainant_type=ComplainantType(data["complainant_type"]),
            eligible=bool(data["eligible"]),
            not_logged_reason=(
                NotLoggedReason(data["not_logged_reason"])
                if data.get("not_logged_reason")
                else None
            ),
            issues=tuple((IssueCategory(c), t, r) for c, t, r in data.get("issues", [])),
            safeguarding=bool(data.get("safeguarding")),
            advocacy_offer=bool(data.get("advocacy_offer")),
            out_of_time=bool(data.get("out_of_time")),
            discretion_may_apply=bool(data.get("discretion_may_apply")),
            historic=bool(data.get("historic")),
            start_stage=int(data.get("start_stage", 1)),
            fired=tuple((rule_id, reason) for rule_id, reason in data.get("fired", [])),
        )


def triage(contact: Contact, rulebook: Rulebook, *, today: date) -> Decision:
    text = rulebook.scan(f"{contact.subject}\n{contact.body}"[:MAX_TEXT])
    fired: list[tuple[str, str]] = []
    kind = _record_kind(contact, text, rulebook, fired)
    safeguarding = _fire_all(rulebook.safeguarding, text, fired)
    complainant = _complainant_type(contact, text, rulebook, fired)
    eligibility = rulebook.spec.eligibility
    child = complainant in eligibility.child_types
    if safeguarding:
        return Decision(
            record_kind=kind,
            route=Route.NOT_LOGGED,
            complainant_type=complainant,
            eligible=complainant in eligibility.eligible_types,
            not_logged_reason=NotLoggedReason.SAFEGUARDING_REFERRAL,
            safeguarding=True,
            advocacy_offer=child,
            fired=tuple(fired),
        )
    if kind not in COMPLAINT_KINDS:
        issues = _issues(text, rulebook, fired) if kind == RecordKind.COMPLIMENT else ()
        return Decision(
            record_kind=kind,
            route=Route.NONE,
            complainant_type=complainant,
            eligible=True,
            issues=issues,
            fired=tuple(fired),
        )
    historic = _fire_first(rulebook.historic, text, fired) is not None
    out_of_time = not historic and _out_of_time(contact, text, rulebook, today, fired)
    reason = _not_logged_reason(text, rulebook, complainant, fired)
    if reason is None and out_of_time:
        reason = NotLoggedReason.OUT_OF_TIME
    eligible = complainant in eligibility.eligible_types or complainant == ComplainantType.UNKNOWN
    if reason is not None:
        route = Route.NOT_LOGGED
    elif (
        kind == RecordKind.PROFESSIONAL_COMPLAINT
        or complainant in eligibility.corporate_types
        or _fire_first(rulebook.corporate, text, fired) is not None
    ):
        route = Route.CORPORATE
    else:
        route = Route.STATUTORY
    if complainant == ComplainantType.UNKNOWN and route == Route.STATUTORY:
        fired.append(("eligibility.unknown", "complainant's standing not stated: check it"))
    return Decision(
        record_kind=kind,
        route=route,
        complainant_type=complainant,
        eligible=eligible,
        not_logged_reason=reason,
        issues=_issues(text, rulebook, fired) if route != Route.NOT_LOGGED else (),
        advocacy_offer=child,
        out_of_time=out_of_time,
        discretion_may_apply=out_of_time,
        historic=historic,
        start_stage=2 if historic and route == Route.STATUTORY else 1,
        fired=tuple(fired),
    )


def _record_kind(
    contact: Contact, text: ScannedText, rulebook: Rulebook, fired: list[tuple[str, str]]
) -> RecordKind:
    if contact.record_kind is not None:
        fired.append(("kind.staff", f"recorded by staff as {contact.record_kind.label}"))
        return contact.record_kind
    rule = _fire_first(rulebook.record_kinds, text, fired)
    if rule is not None:
        return rule.spec.kind  # type: ignore[attr-defined, no-any-return]
    kind = contact.mailbox_kind or RecordKind.COMPLAINT
    fired.append(("kind.mailbox", f"sent to the {kind.label.lower()} mailbox"))
    return kind


def _complainant_type(
    contact: Contact, text: ScannedText, rulebook: Rulebook, fired: list[tuple[str, str]]
) -> ComplainantType:
    if contact.complainant_type is not None:
        return contact.complainant_type
    rule = _fire_first(rulebook.complainant_types, text, fired)
    return rule.spec.type if rule else ComplainantType.UNKNOWN  # type: ignore[attr-defined]


def _not_logged_reason(
    text: ScannedText,
    rulebook: Rulebook,
    complainant: ComplainantType,
    fired: list[tuple[str, str]],
) -> NotLoggedReason | None:
    rule = _fire_first(rulebook.not_logged, text, fired)
    if rule is not None:
        return rule.spec.not_logged  # type: ignore[attr-defined, no-any-return]
    if complainant in rulebook.spec.eligibility.insufficient_interest_types:
        fired.append(
            (
                "eligibility.insufficient_interest",
                f"a {complainant.label.lower()} has no standing unless the council "
                "accepts sufficient interest",
            )
        )
        return NotLoggedReason.INSUFFICIENT_INTEREST
    return None


def _out_of_time(
    contact: Contact,
    text: ScannedText,
    rulebook: Rulebook,
    today: date,
    fired: list[tuple[str, str]],
) -> bool:
    if _fire_first(rulebook.out_of_time, text, fired) is not None:
        return True
    received = contact.received_on or today
    years = [int(year) for year in _YEAR.findall(text.text)]
    if years and max(years) < received.year - 1:
        fired.append(
            (
                "time.years_mentioned",
                f"the latest year mentioned is {max(years)}: over 12 months ago, "
                "unless discretion applies",
            )
        )
        return True
    return False


def _issues(
    text: ScannedText, rulebook: Rulebook, fired: list[tuple[str, str]]
) -> tuple[tuple[IssueCategory, str | None, str | None], ...]:
    categories = [
        (rule.spec.category, rule.spec.id)  # type: ignore[attr-defined]
        for rule in _fire_all_rules(rulebook.categories, text, fired)
    ]
    teams: list[tuple[str, IssueCategory | None, str]] = []
    for rule in _fire_all_rules(rulebook.routing, text, fired):
        teams.append((rule.spec.team, rule.spec.category, rule.spec.id))  # type: ignore[attr-defined]
    for number, team_id in rulebook.staff_names:
        if (number, "patterns") in text.hits:
            fired.append((f"staff.{team_id}", "names a worker in this team"))
            teams.append((team_id, None, f"staff.{team_id}"))
    for number, team_id in rulebook.team_mentions:
        if (number, "patterns") in text.hits:
            fired.append((f"team.{team_id}", "names this team"))
            teams.append((team_id, None, f"team.{team_id}"))
    default_category = categories[0][0] if categories else IssueCategory.OTHER
    issues: dict[tuple[IssueCategory, str | None], str | None] = {}
    for team_id, category, rule_id in teams:
        issues.setdefault((category or default_category, team_id), rule_id)
    routed_categories = {category for category, _ in issues}
    triage_team = rulebook.triage_team.id
    for category, rule_id in categories:
        if category not in routed_categories:
            target = teams[0][0] if teams else triage_team
            issues.setdefault((category, target), rule_id)
    if not issues:
        fired.append(("routing.default", "no team matched: the complaints triage queue"))
        issues[(IssueCategory.OTHER, triage_team)] = "routing.default"
    return tuple((category, team, rule) for (category, team), rule in issues.items())


def _fire_first(
    rules: list[CompiledRule], text: ScannedText, fired: list[tuple[str, str]]
) -> CompiledRule | None:
    for rule in rules:
        if rule.fires(text):
            fired.append((rule.spec.id, rule.spec.reason))
            return rule
    return None


def _fire_all_rules(
    rules: list[CompiledRule], text: ScannedText, fired: list[tuple[str, str]]
) -> list[CompiledRule]:
    found = [rule for rule in rules if rule.fires(text)]
    fired.extend((rule.spec.id, rule.spec.reason) for rule in found)
    return found


def _fire_all(rules: list[CompiledRule], text: ScannedText, fired: list[tuple[str, str]]) -> bool:
    return bool(_fire_all_rules(rules, text, fired))
