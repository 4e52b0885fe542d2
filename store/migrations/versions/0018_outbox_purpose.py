"""outbox.purpose: why a message is sent (an acknowledgement, a letter, a card…), so the
acknowledgements a sender had today and the cards about them are counted by it, not by the
prefix of a dedupe key

Revision ID: 0018_outbox_purpose
Revises: 0017_person_search_triggers
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_outbox_purpose"
down_revision: str | None = "0017_person_search_triggers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The dedupe keys each purpose was written with before this column existed.
_PREFIXES = (
    ("ack:%", "acknowledgement"),
    ("letter:%", "letter"),
    ("card:%", "card"),
    ("thread:%", "thread_reply"),
    ("flood:%", "flood_notice"),
    ("mash-%", "mash_referral"),
    ("digest:%", "digest"),
    ("r:%", "chaser"),
    ("snooze:%", "chaser"),
)


def upgrade() -> None:
    # SQLite adds a NOT NULL column only with a default; every row is then given its purpose.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=40), nullable=False, server_default="letter")
        )
    outbox = sa.table("outbox", sa.column("dedupe_key", sa.String), sa.column("purpose", sa.String))
    op.execute(
        outbox.update().values(
            purpose=sa.case(
                *((outbox.c.dedupe_key.like(prefix), purpose) for prefix, purpose in _PREFIXES),
                else_="letter",
            )
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("outbox", "purpose", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("purpose")
