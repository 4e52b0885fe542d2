"""A learning action or an Ombudsman recommendation is due within five years (issue 29,
minor): 9999-12-31 was accepted and chased nothing for ever."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.lifecycle import InvalidTransition
from casework.records import add_learning
from heard.context import build_context
from heard.settings import Settings
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import Case
from tests.reports.datasets import Sheet

OFFICER = Actor.staff(Via.CLI, "officer")


@pytest.mark.parametrize(
    ("due_on", "refused"),
    [
        (date(9999, 12, 31), "more than five years ahead"),
        (date(2028, 1, 1), "more than five years ahead"),
        (date(2022, 5, 1), "due before"),
        (date(2024, 5, 2), None),
        (None, None),
    ],
)
def test_learning_is_due_within_five_years(
    settings: Settings,
    database_url: str,
    engine: Engine,
    load,
    due_on: date | None,
    refused: str | None,
) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2022-05-02")
    load(sheet)
    context = build_context(settings.model_copy(update={"database_url": database_url}))
    service = build_case_service(context)
    try:
        with session_scope(engine) as session:
            case = session.exec(select(Case)).one()

            def learn() -> None:
                add_learning(
                    service,
                    session,
                    case=case,
                    text="Call back within a day",
                    owner_team_id=None,
                    identified_on=date(2022, 6, 1),
                    actor=OFFICER,
                    today=date(2026, 3, 2),
                    due_on=due_on,
                )

            if refused is None:
                learn()
            else:
                with pytest.raises(InvalidTransition, match=refused):
                    learn()
    finally:
        context.engine.dispose()
