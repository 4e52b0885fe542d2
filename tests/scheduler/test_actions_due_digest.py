"""Digest lines for learning actions' and Ombudsman recommendations' due dates (issue 23 item
3): what the council promised to change is listed when overdue or due this week, until it is
done; a director sees their directorate's only."""

from __future__ import annotations

from datetime import date

from cases.actor import Actor, Via
from cases.enums import LearningStatus, LgscoDecision, RecommendationStatus
from casework.ombudsman import RecommendationInput, lgsco_decided, lgsco_received
from casework.records import add_learning, update_learning
from heard.context import AppContext
from heard.wiring import build_case_service
from scheduler.digest import build_digest
from scheduler.digest_send import render
from store.db import session_scope
from tests.scheduler.test_digest import case, received

OFFICER = Actor.staff(Via.CLI, "o")
THURSDAY = date(2026, 4, 9)


def digest_lines(
    app: AppContext, directorate: str | None = None
) -> list[tuple[str, str, str, str]]:
    with app.engine.connect() as connection:
        digest = build_digest(
            connection, organisation=app.organisation, calendar=app.calendar, today=THURSDAY,
            directorate=directorate,
        )  # fmt: skip
    text, html = render(digest, council_name="Example")
    if digest.actions_due:
        assert "Learning actions and Ombudsman recommendations" in text and "Learning" in html
    return [(line.reference, line.stage, line.when, line.detail) for line in digest.actions_due]


def test_learning_and_recommendations_due_are_listed_until_done(app: AppContext) -> None:
    refs: list[str] = []
    fostering = case(app, received(2), "fostering", ref=refs)
    send = case(app, received(3), "send", ref=refs)
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        for row in (fostering, send):
            session.add(row)
        overdue = add_learning(
            service, session, case=fostering, text="Return calls in two days",
            owner_team_id="fostering", identified_on=date(2026, 3, 10), actor=OFFICER,
            today=THURSDAY, due_on=date(2026, 4, 1),
        )  # fmt: skip
        add_learning(
            service, session, case=fostering, text="Later", owner_team_id="fostering",
            identified_on=date(2026, 3, 10), actor=OFFICER, today=THURSDAY,
            due_on=date(2026, 6, 1),
        )  # fmt: skip
        lgsco_received(service, session, case=send, lgsco_reference="25 012 345", received_on=date(2026, 3, 20), actor=OFFICER,
                       today=THURSDAY)  # fmt: skip
        lgsco_decided(
            service, session, case=send, decided_on=date(2026, 3, 27),
            decision=LgscoDecision.UPHELD_WITH_INJUSTICE, actor=OFFICER, today=THURSDAY,
            recommendations=[RecommendationInput("Apologise in writing", date(2026, 4, 10))],
        )  # fmt: skip
        overdue_id = overdue.id
    assert digest_lines(app) == [
        # overdue by 4 working days, not 6: Good Friday and Easter Monday
        (refs[0], "Learning action", "due Wednesday 1 April 2026", "4 working days overdue"),
        (refs[1], "Ombudsman recommendation", "due Friday 10 April 2026", ""),
    ]
    assert [line[0] for line in digest_lines(app, "childrens_social_care")] == [refs[0]]
    assert [line[0] for line in digest_lines(app, "early_help_and_education")] == [refs[1]]
    with session_scope(app.engine) as session:
        from sqlmodel import select

        from store.models import Case, LgscoRecommendation

        row = session.exec(select(Case).where(Case.reference == refs[0])).one()
        assert overdue_id is not None
        update_learning(
            service, session, case=row, learning_id=overdue_id,
            status=LearningStatus.IMPLEMENTED, on=THURSDAY, actor=OFFICER, today=THURSDAY,
        )  # fmt: skip
        recommendation = session.exec(select(LgscoRecommendation)).one()
        recommendation.status = RecommendationStatus.COMPLETED
        session.add(recommendation)
    assert digest_lines(app) == []


def test_a_learning_action_is_in_its_owning_teams_directors_digest(app: AppContext) -> None:
    """A learning action staff gave to a team of another directorate (a fostering complaint
    whose lesson is the SEND team's) is that director's to see, as its chasers go to that
    team; one with no owner stays with the case's teams."""
    refs: list[str] = []
    fostering = case(app, received(2), "fostering", ref=refs)
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        session.add(fostering)
        for owner in ("send", None):
            add_learning(
                service, session, case=fostering, text="Share the plan with the school",
                owner_team_id=owner, identified_on=date(2026, 3, 10), actor=OFFICER,
                today=THURSDAY, due_on=date(2026, 4, 10),
            )  # fmt: skip
    assert len(digest_lines(app)) == 2
    assert len(digest_lines(app, "early_help_and_education")) == 1
    assert len(digest_lines(app, "childrens_social_care")) == 1
    with app.engine.connect() as connection:
        digest = build_digest(
            connection, organisation=app.organisation, calendar=app.calendar, today=THURSDAY,
            directorate="early_help_and_education",
        )  # fmt: skip
    (owned,) = digest.actions_due
    assert owned.teams == app.organisation.team("send").name  # type: ignore[union-attr]
