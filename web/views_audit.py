"""Every view is audited: who opened which case, searched for what, downloaded which
attachment. The entries sit in the audit log beside the changes (a case's own in its trail)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import Session

from store import audit
from store.cases.finding import VIEWED_ACTION
from web.deps import WebDeps
from web.staff import Staff


class ViewAction(StrEnum):
    CASE_VIEWED = VIEWED_ACTION
    CASES_SEARCHED = "cases searched"
    ATTACHMENT_DOWNLOADED = "attachment downloaded"
    QUEUE_VIEWED = "queue viewed"


def record_view(
    session: Session,
    deps: WebDeps,
    *,
    staff: Staff,
    action: ViewAction,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session,
        case_id=case_id,
        actor=staff.actor,
        action=action.value,
        after=details,
        at=deps.now(),
    )
