from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from cli.demo_data import seed_demo
from heard.settings import DEFAULT_RULES_PATH
from store.db import session_scope
from store.organisation import sync_organisation
from store.references import next_reference
from tests.cli.cli_process import invoke_heard, quiet_environment
from triage.rulebook import load_rulebook

TODAY = date(2026, 11, 24)
# The shipped rule file's category ids, which the demo seeds when heard runs on that file.
SHIPPED_CATEGORIES = list(load_rulebook(DEFAULT_RULES_PATH).category_specs)


def test_demo_data_is_realistic_and_consistent(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[(f"team{i}", f"Team {i}", "csc", None) for i in range(6)],
        )
    summary = seed_demo(
        engine, cases=2000, years=2, today=TODAY, seed=3, categories=SHIPPED_CATEGORIES
    )
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


def test_the_demo_seeds_the_rule_files_own_categories(tmp_path: Path) -> None:
    """A council whose category_list is its own gets issues and compliments in its own
    categories, each of them, and none of the shipped ids (the seed drew from the shipped
    enum: 'communication', 'staff_conduct'… that the council's reports and cards never knew)."""
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text())
    own = ["keeping_in_touch", "short_breaks", "other"]
    data["category_list"] = [{"id": id, "label": id, "theme": id} for id in own]
    for rule in data["categories"]:
        rule["category"] = "keeping_in_touch"
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = quiet_environment(tmp_path, HEARD_RULES_PATH=str(rules))
    seeded = invoke_heard("demo", "seed", "--cases", "300", env=env, cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'heard.db'}")
    with engine.connect() as connection:
        found = set(connection.execute(sa.text("SELECT DISTINCT category FROM issue")).scalars())
    engine.dispose()
    assert found == set(own)
