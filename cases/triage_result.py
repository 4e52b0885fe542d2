"""What triage (or a member of staff overriding it) says about a contact, as the case service
applies it. It lives in cases/ because triage/ produces it and store/ applies it, and neither
may import the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.enums import ComplainantType, NotLoggedReason, RecordKind, Route


@dataclass(frozen=True)
class IssueProposal:
    category: str  # an id from the rule file's category_list (IssueCategory values included)
    team_id: str | None
    rule_id: str | None = None


@dataclass(frozen=True)
class TriageResult:
    """What triage (or a member of staff overriding it) says about a contact."""

    record_kind: RecordKind
    route: Route
    complainant_type: str = ComplainantType.UNKNOWN  # an id from complainant_type_list
    not_logged_reason: NotLoggedReason | None = None
    issues: tuple[IssueProposal, ...] = ()
    safeguarding: bool = False
    advocacy_offer: bool = False
    out_of_time: bool = False
    historic: bool = False
    decision: dict[str, Any] | None = None  # the engine's full, explainable decision


IssueKey = tuple[str, str | None]  # (category, team)


@dataclass(frozen=True)
class StaffTriage:
    """Triage as staff decided it, in the terms triage/corrections.py compares with the
    engine's proposal (here because casework/ passes it and may not import triage/)."""

    record_kind: str
    route: str
    not_logged_reason: str | None
    complainant_type: str
    issues: tuple[IssueKey, ...]
    start_stage: int
