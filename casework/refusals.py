"""Refusals: someone without the role tried an action."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import AuditAction
from cases.permissions import StaffAction
from store import audit
from store.cases.queries import get_case

# Why a manager was refused another team's case (casework.team_scope), as the trail says it.
OTHER_TEAM_REFUSED = "not for a team they manage"


def record_refusal(
    session: Session,
    *,
    reference: str | None,
    actor: Actor,
    what: StaffAction | str,
    now: datetime,
    why: str = "no role",
) -> None:
    """Someone without the role (or a manager outside their teams, `why`) tried an action:
    kept in the audit log, the case unchanged. The action is kept as the trail says it at every
    door ("view details: no role"), not as a Slack button's id ("case_view_details", walkerJ);
    `what` a string: an action with no StaffAction, said as given."""
    case = get_case(session, reference=reference) if reference else None
    audit.record(
        session,
        case_id=case.id if case else None,
        actor=actor,
        action=AuditAction.REFUSED,
        reason=f"{refused_words(what)}: {why}",
        at=now,
    )


def refused_words(what: StaffAction | str) -> str:
    return what.value.replace("_", " ") if isinstance(what, StaffAction) else what
