from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cli.demo_data import seed_demo
from store.db import session_scope
from store.organisation import sync_organisation
from store.references import next_reference

TODAY = date(2026, 11, 24)


def test_demo_data_is_realistic_and_consistent(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[(f"team{i}", f"Team {i}", "csc", None) for i in range(6)],
        )
    summary = seed_demo(engine, cases=2000, years=2, today=TODAY, seed=3)
    assert summary.cases == 2000 and summary.open_cases > 0
    with engine.connect() as connection:

        def scalar(sql: str) -> int:
            return connection.execute(sa.text(sql)).scalar_one()

        kinds = Counter(
            dict(
                connection.exec_driver_sql(
                    "SELECT record_kind, count(*) FROM cases GROUP BY record_kind"
                ).all()
            )
        )
        assert kinds["complaint"] > kinds["compliment"] > kinds["comment"]
        assert scalar("SELECT count(DISTINCT reference) FROM cases") == 2000
        assert scalar("SELECT count(*) FROM cases WHERE received_at IS NULL") == 0
        assert (
            scalar(
                "SELECT count(*) FROM cases c WHERE c.status = 'open' AND NOT EXISTS "
                "(SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.met_on IS NULL)"
            )
            == 0
        )
        assert (
            scalar(
                "SELECT count(*) FROM issue i LEFT JOIN cases c ON c.id = i.case_id "
                "WHERE c.id IS NULL"
            )
            == 0
        )
        assert scalar("SELECT count(*) FROM stage WHERE kind = 'statutory_2'") > 0
        assert scalar("SELECT count(*) FROM cases WHERE status = 'not_logged'") > 0
        assert scalar("SELECT count(*) FROM person WHERE name NOT LIKE 'Test Person %'") == 0
        # Each answered stage's recorded timeliness is what its deadline says (the case page
        # shows the one, the report counts the other): stage 3 and pre-complaints have no
        # extension, so a late answer there is late.
        assert (
            scalar(
                "SELECT count(*) FROM stage s JOIN deadline d ON d.stage_id = s.id "
                "AND NOT d.cancelled "
                "AND d.rule NOT IN ('code_acknowledgement', 'stage_3_panel', 'panel_report') "
                "WHERE s.responded_on IS NOT NULL AND s.timeliness <> "
                "CASE WHEN s.responded_on <= d.due_on THEN 'in_time' "
                "WHEN s.responded_on <= d.extended_to THEN 'in_extended_time' ELSE 'late' END"
            )
            == 0
        )
        # Stage 3's panel and chair's report come before its response, and are met once it is.
        assert scalar("SELECT count(*) FROM deadline WHERE rule = 'stage_3_panel'") > 0
        assert (
            scalar(
                "SELECT count(*) FROM stage s JOIN deadline d ON d.stage_id = s.id "
                "AND d.rule IN ('stage_3_panel', 'panel_report') WHERE s.responded_on IS NOT "
                "NULL AND (d.met_on IS NULL OR d.met_on > s.responded_on)"
            )
            == 0
        )
        # A Code stage is answered on a clock from its acknowledgement, never before it.
        assert (
            scalar(
                "SELECT count(*) FROM stage s JOIN deadline a ON a.stage_id = s.id "
                "AND a.rule = 'code_acknowledgement' WHERE s.responded_on < a.met_on"
            )
            == 0
        )
        # Advocacy offers are recorded for complaints owed one (most, not all), each naming
        # the service offered and decided unless still recent.
        offers = connection.exec_driver_sql(
            "SELECT a.status, a.organisation, a.decided_on, c.advocacy_offer, c.record_kind "
            "FROM advocacy a JOIN cases c ON c.id = a.case_id"
        ).all()
        owed = scalar(
            "SELECT count(*) FROM cases WHERE advocacy_offer AND record_kind = 'complaint' "
            "AND route <> 'not_logged'"
        )
        assert 0.5 * owed < len(offers) < owed
        assert {(bool(o[3]), o[4]) for o in offers} == {(True, "complaint")}
        assert {o[1] for o in offers} == {"Coram Voice", "NYAS"}
        assert {o[0] for o in offers} >= {"taken_up", "declined"}
        assert all((o[2] is None) == (o[0] == "offered") for o in offers)
        latest = connection.execute(sa.text("SELECT max(receipt_day) FROM cases")).scalar_one()
        assert str(latest) <= TODAY.isoformat()
    with session_scope(engine) as session:  # live references continue after the demo's
        reference = next_reference(session, prefix="CSC", year=2026)
    with engine.connect() as connection:
        existing = connection.execute(
            sa.text("SELECT count(*) FROM cases WHERE reference = :r"), {"r": reference}
        ).scalar_one()
    assert existing == 0
