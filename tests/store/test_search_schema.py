"""The full-text search objects of migration 0014 exist at head on both engines. A later SQLite
migration that rebuilds correspondence or person in batch mode drops their triggers with the
old table: this test says so before search silently stops finding new mail."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def test_search_tables_triggers_and_indexes_exist_at_head(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            names = set(
                connection.execute(
                    sa.text("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
                ).scalars()
            )
            for table in ("search_correspondence", "search_person"):
                assert table in names
                for suffix in ("insert", "update", "delete"):
                    assert f"{table}_{suffix}" in names
        else:
            names = set(
                connection.execute(
                    sa.text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%'")
                ).scalars()
            )
            assert names == {
                "search_correspondence_text",
                "search_person_text",
                "search_case_received",
                "search_case_listed",
            }
