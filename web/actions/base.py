"""What every staff action's form is made of: the case in its transaction (`Act`), and the
action's fields, role, lifecycle step and the use case it calls (`WebAction`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from cases.actor import Actor
from cases.lifecycle import Action
from cases.permissions import StaffAction
from store.models import Case
from web.actions import usecases
from web.actions.fields import Field, Kind
from web.deps import WebDeps


@dataclass
class Act:
    """What an action gets: the case in its transaction, who acts, and when."""

    deps: WebDeps
    service: usecases.CaseService
    session: Session
    case: Case
    actor: Actor
    today: date
    now: datetime

    def moment_on(self, day: date) -> datetime:
        return self.deps.calendar.moment_on(day, self.now)

    def on(self, day: date, what: str, *, field: str | None = None) -> date:
        """`day`, if the procedure allows it; `field`: the form field a refusal belongs next
        to, when it is not the action's own (its `error_field`)."""
        try:
            return self.service.event_date(self.case, day, today=self.today, what=what)
        except usecases.REFUSALS as error:
            if field is None:
                raise
            raise RefusedField(field, error) from error


class RefusedField(Exception):
    """A refusal that belongs next to one field of the form, not the action's own."""

    def __init__(self, field: str, refusal: Exception) -> None:
        super().__init__(str(refusal))
        self.field = field
        self.refusal = refusal


Perform = Callable[[Act, dict[str, Any]], str]
FieldsOf = Callable[[Act], tuple[Field, ...]]


@dataclass(frozen=True)
class WebAction:
    slug: str
    title: str
    staff_action: StaffAction
    step: Action | None  # the lifecycle step that must be allowed now; None: always
    fields: tuple[Field, ...] | FieldsOf
    perform: Perform
    error_field: str | None = None  # where a refusal from the procedure is shown
    button: str = "Save"
    needs_stage: bool = False  # records of a complaint's procedure (Slack's "More" menu)
    # What the case must hold for the form to be offered: "learning" (a learning action to
    # move on), "recommendations" (an Ombudsman recommendation to update); None: nothing.
    # Also "attention", "lgsco_reply", "event_date" (web/actions/looked_at.py).
    needs: str | None = None
    # Problems only seen across fields (field name -> message), shown next to their fields
    # before anything runs.
    check: Callable[[dict[str, Any]], dict[str, str]] | None = None
    # The form opens holding the complainant's name, email and phone as heard holds them:
    # showing it is a read of the case's summary, audited as Slack's "Correct details…" is.
    shows_details: bool = False

    def fields_for(self, act: Act) -> tuple[Field, ...]:
        return self.fields(act) if callable(self.fields) else self.fields


def on_field(label: str = "The day it happened") -> Field:
    return Field("on", label, Kind.DATE, hint="For example, 27 3 2026", today_by_default=True)


REASON = Field("reason", "Reason", Kind.TEXTAREA, max_length=1000)
