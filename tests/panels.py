"""A stage 3 review panel arranged before it is recorded as held, for tests that walk past it.

Panel held is refused until the panel is arranged (the 2006 Regulations have it convened and
the complainant invited; arranging it writes them the date and their right to attend with an
advocate). Tests whose subject is not the panel arrange it here rather than each repeating it.
The arrangement is dated the day the panel meets and is not held to `today`, so a test may
record a panel that met in the past, as a case walked through on dated steps does; nor to the
panel's deadline (confirmed late), so a test may record a late panel for the report's counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.timescales import TimescalePolicy
from casework.service import CaseService
from casework.stage_three import arrange_panel, panel_held
from store.db import session_scope
from store.models import Case

ARRANGER = Actor.staff(Via.CLI, "Panel Clerk")


def arrange_then_hold(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    held_on: date,
    actor: Actor,
    today: date | None = None,
) -> Case:
    """Arrange the panel for `held_on`, then record it held that day."""
    arrange_panel(
        service, session, case=case, panel_on=held_on, actor=actor, confirm_late=True
    )
    return panel_held(service, session, case=case, held_on=held_on, actor=actor, today=today)


def arranged(
    engine: Engine, reference: str, panel_on: date, service: CaseService | None = None
) -> None:
    """Arrange the panel for `panel_on` in the store, for a test that then records it held
    through an adapter (the command line, a Slack modal, a web form). Without the adapter's
    `service`, the council's default calendar and timescales."""
    service = service or CaseService(
        calendar=WorkingCalendar(), timescales=TimescalePolicy(), reference_prefix="CSC"
    )
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        arrange_panel(
            service, session, case=case, panel_on=panel_on, actor=ARRANGER, confirm_late=True
        )
