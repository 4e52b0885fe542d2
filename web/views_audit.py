"""Every view is audited: who opened which case, searched for what, downloaded which
attachment. The entries sit in the audit log beside the changes (a case's own in its trail)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from cases.enums import AuditAction
from store.reads import record_read
from web.deps import WebDeps
from web.staff import Staff


def record_view(
    session: Session,
    deps: WebDeps,
    *,
    staff: Staff,
    action: AuditAction,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    record_read(
        session, case_id=case_id, actor=staff.actor, action=action, what=details, at=deps.now()
    )
