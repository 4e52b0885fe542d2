"""search_case_received and search_case_listed: PostgreSQL indexes of the cases that are not
automated mail, by when received and by id, so a search orders and counts the cases it found
from an index alone (store/cases/finding.py); SQLite looks cases up by rowid and needs neither

A search finds up to 10,001 case ids (store/cases/matching.py). Ordering and counting them read
each case's row: for a word in 1,085 messages spread over seven years, PostgreSQL walked 52,000
cases newest first for the page (80-590 ms at 1M cases on a loaded machine; 16 ms along
search_case_received, no row read) and read 1,001 scattered rows for the count (50-440 ms;
2-22 ms along search_case_listed). Named search_* as migration 0014's objects are: kept out of
the models (they exist on one engine only).

Revision ID: 0028_search_case_indexes
Revises: 0027_audit_detail
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028_search_case_indexes"
down_revision: str | None = "0027_audit_detail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRES_INDEXES = (
    "CREATE INDEX search_case_received ON cases (received_at, id) WHERE automated IS false",
    "CREATE INDEX search_case_listed ON cases (id) WHERE automated IS false",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_INDEXES:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_case_listed")
        op.execute("DROP INDEX IF EXISTS search_case_received")
