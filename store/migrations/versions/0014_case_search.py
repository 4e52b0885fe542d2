"""full-text search for the web view's case list: SQLite FTS5 tables kept by triggers, and
PostgreSQL GIN indexes over to_tsvector of the same text; cases indexed by when received

What is searched: every message's subject, text and sender address, and each party's name,
email, address and phone. SQLite keeps two external-content FTS5 tables (the text stays in
correspondence and person; the index is built from it now and kept in step by triggers on
insert, update and delete). PostgreSQL keeps each message's tsvector in a generated column (search_vector, English
stemming, its text up to 200,000 characters: a tsvector holds at most 1 MB) with a GIN index,
and indexes the parties' details as an expression (no stemming for names and addresses). The
objects are named search_* and are not in the models (tests/store/test_schema.py and Alembic's
autogenerate leave them out).

Revision ID: 0014_case_search
Revises: 0013_stage3_response_rule
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_case_search"
down_revision: str | None = "0013_stage3_response_rule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (FTS table, content table, its indexed columns)
SQLITE_TABLES = (
    ("search_correspondence", "correspondence", ("subject", "text", "envelope_sender")),
    ("search_person", "person", ("name", "email", "address", "phone")),
)
POSTGRES_INDEXES = (
    # Stored, not only indexed: a word found in most messages is checked against the stored
    # vector, never by parsing every message again.
    "ALTER TABLE correspondence ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, left(coalesce(subject, '') || ' ' || coalesce(text, '') "
    "|| ' ' || coalesce(envelope_sender, ''), 200000))) STORED",
    "CREATE INDEX search_correspondence_text ON correspondence USING gin (search_vector)",
    "CREATE INDEX search_person_text ON person USING gin "
    "(to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(email, '') || ' ' "
    "|| coalesce(address, '') || ' ' || coalesce(phone, '')))",
)


def upgrade() -> None:
    # The case list is newest first: without this index each page sorted every case.
    op.create_index("ix_case_received", "cases", ["received_at", "id"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_INDEXES:
            op.execute(statement)
        return
    for fts, content, columns in SQLITE_TABLES:
        listed = ", ".join(columns)
        new = ", ".join(f"new.{column}" for column in columns)
        old = ", ".join(f"old.{column}" for column in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content='{content}', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {content} BEGIN "
            f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {content} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {listed} ON {content} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    op.drop_index("ix_case_received", table_name="cases")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_person_text")
        op.execute("DROP INDEX IF EXISTS search_correspondence_text")
        op.execute("ALTER TABLE correspondence DROP COLUMN IF EXISTS search_vector")
        return
    for fts, _, _ in SQLITE_TABLES:
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
