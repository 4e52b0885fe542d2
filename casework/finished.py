"""What a closed or withdrawn case still takes (cases.permissions.AFTER_THE_END, and the reason
for a late response's delay): every door offers only these, and the records' use cases refuse
the rest, so a form opened by its address or a stale Slack modal cannot add to a finished case."""

from __future__ import annotations

from sqlmodel import Session

from cases.enums import CaseStatus, Timeliness
from cases.permissions import AFTER_THE_END, StaffAction
from casework.service import raise_refused
from store.cases.queries import latest_stage
from store.models import Case

FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN})


def still_taken(session: Session, case: Case) -> frozenset[StaffAction]:
    """The staff actions a finished case takes; every action for a case not finished."""
    if case.status not in FINISHED or case.id is None:
        return frozenset(StaffAction)
    stage = latest_stage(session, case_id=case.id)
    if stage is not None and stage.timeliness == Timeliness.LATE:
        return AFTER_THE_END | {StaffAction.REASON_FOR_DELAY}
    return AFTER_THE_END


def refuse_if_finished(session: Session, case: Case, action: StaffAction, *, what: str) -> None:
    """Refused, in words, when the case is finished and `action` is not one it still takes."""
    if action not in still_taken(session, case):
        raise_refused(case, not_taken(case, action, what=what))


def not_taken(case: Case, action: StaffAction, *, what: str | None = None) -> str:
    """Why a finished case does not take `action` (`what` it would record, if not said). The
    case is not named: the CLI names it before casework's words, and Slack after them."""
    ended = f"the case is {case.status.label.lower()}"
    if action == StaffAction.REASON_FOR_DELAY:
        return f"{ended} and its response was not late: there is no delay to explain"
    return f"{ended}: reopen it first" + (f" to record {what}" if what else "")
