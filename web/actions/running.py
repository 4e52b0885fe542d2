"""Running an action in one transaction, and the letter preview.

An action runs once through the same use case Slack and the CLI call. If it wrote letters to
the complainant and staff have not yet seen them, the transaction is rolled back and the
letters are shown: nothing is sent or changed until staff confirm, and then the action runs
again, checked again, for real. An action that writes no letter is committed at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from cases.day_words import people_sentence
from cases.permissions import allowed, refusal
from casework.team_scope import refusal_outside_their_teams
from store.cases.letter_facts import for_staff, letters_since
from store.cases.queries import get_case
from store.db import session_scope
from store.models import Correspondence
from web.actions import usecases
from web.actions.base import RefusedField
from web.actions.catalogue import Act, WebAction
from web.deps import WebDeps
from web.staff import Staff


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str
    for_staff: str = ""  # beside the letter, not in it (store.cases.letter_facts.for_staff)


@dataclass
class Result:
    done: str | None = None  # what was done, for the banner on the case page
    letters: list[Letter] = field(default_factory=list)  # to preview before they are sent
    refused: str | None = None  # the procedure's reason, shown next to the action's field
    refused_field: str | None = None  # or next to this one (base.RefusedField)
    missing: bool = False  # no such case


class _PreviewOnly(Exception):
    def __init__(self, letters: list[Letter]) -> None:
        self.letters = letters


def available(
    action: WebAction,
    *,
    staff: Staff,
    allowed_steps: frozenset[Any],
    has_stage: bool,
    holds: frozenset[str] = frozenset(),
) -> bool:
    """Offered to this person on this case now (`holds`: what the case has, see
    WebAction.needs)."""
    return (
        allowed(action.staff_action, staff.roles)
        and (action.step is None or action.step in allowed_steps)
        and (has_stage or not action.needs_stage)
        and (action.needs is None or action.needs in holds)
    )


def run(
    deps: WebDeps,
    *,
    reference: str,
    action: WebAction,
    staff: Staff,
    values: dict[str, Any],
    confirmed: bool,
) -> Result:
    if not allowed(action.staff_action, staff.roles):
        with session_scope(deps.engine) as session:
            usecases.record_refusal(
                session,
                reference=reference,
                actor=staff.actor,
                what=action.staff_action,
                now=deps.now(),
            )
        return Result(refused=refusal(action.staff_action))
    now = deps.now()
    try:
        with session_scope(deps.engine) as session:
            case = get_case(session, reference=reference)
            if case is None:
                return Result(missing=True)
            other_team = refusal_outside_their_teams(
                session, case, action=action.staff_action, roles=staff.roles,
                identity=staff.email, organisation=deps.directory.organisation,
            )  # fmt: skip
            if other_team is not None:
                usecases.record_refusal(
                    session, reference=reference, actor=staff.actor,
                    what=action.staff_action, now=now, why=usecases.OTHER_TEAM_REFUSED,
                )  # fmt: skip
                return Result(refused=other_team)
            act = Act(
                deps, deps.cases, session, case, staff.actor, deps.calendar.local_date(now), now
            )
            last_letter = _last_letter_id(session, case.id)
            done = action.perform(act, values)
            session.flush()
            letters = _letters_since(session, case.id, last_letter)
            if letters and not confirmed:
                raise _PreviewOnly(letters)
            return Result(done=done)
    except _PreviewOnly as preview:
        return Result(letters=preview.letters)
    except RefusedField as error:
        return Result(refused=for_the_form(error.refusal), refused_field=error.field)
    except usecases.REFUSALS as error:
        return Result(refused=for_the_form(error))
    except usecases.ConcurrentChange:
        return Result(refused=f"{reference} was changed by someone else just now. Try again.")


def _last_letter_id(session: Any, case_id: int | None) -> int:
    statement = sa.select(sa.func.max(col(Correspondence.id))).where(
        col(Correspondence.case_id) == case_id
    )
    return int(session.execute(statement).scalar() or 0)


def _letters_since(session: Any, case_id: int | None, after: int) -> list[Letter]:
    assert case_id is not None
    return [
        Letter(subject=row.subject, text=row.text or "", for_staff=for_staff(row))
        for row in letters_since(session, case_id=case_id, after_id=after)
    ]


def for_the_form(refusal: Exception) -> str:
    """The procedure's refusal as a line next to a field: a refused action without the "REF
    (open, statutory_1): " the CLI prints before it (the page names the case; its state is in
    code words), and so starting with a capital, as GOV.UK error messages do; its days as the
    page writes them (cases.day_words)."""
    if not isinstance(refusal, usecases.InvalidTransition):
        return people_sentence(str(refusal))
    return refusal.sentence
