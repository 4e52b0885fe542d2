"""the SQLite triggers that keep search_person in step with person, again: 0015 rebuilt the
person table in Alembic's batch mode, and SQLite drops a table's triggers with it

Without them a complainant added after 0015 cannot be found by name, email or address. The
index is rebuilt from person as it stands. PostgreSQL keeps its expression index through
ALTER TABLE, so it has nothing to do here. tests/store/test_search_schema.py checks that the
triggers exist at head, so a later batch migration of person or correspondence shows there.

Revision ID: 0017_person_search_triggers
Revises: 0016_report_outcomes
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017_person_search_triggers"
down_revision: str | None = "0016_report_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("name", "email", "address", "phone")  # as migration 0014 indexes them


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    listed = ", ".join(COLUMNS)
    new = ", ".join(f"new.{column}" for column in COLUMNS)
    old = ", ".join(f"old.{column}" for column in COLUMNS)
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS search_person_insert AFTER INSERT ON person BEGIN "
        f"INSERT INTO search_person(rowid, {listed}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS search_person_delete AFTER DELETE ON person BEGIN "
        f"INSERT INTO search_person(search_person, rowid, {listed}) "
        f"VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER IF NOT EXISTS search_person_update AFTER UPDATE OF {listed} ON person "
        f"BEGIN INSERT INTO search_person(search_person, rowid, {listed}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO search_person(rowid, {listed}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO search_person(search_person) VALUES ('rebuild')")


def downgrade() -> None:
    """Nothing to undo: 0015's downgrade rebuilds person again, and 0014's drops the triggers."""
