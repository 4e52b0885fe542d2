"""plain_person_email: each person's email address stored before every caller checked
addresses (b8db1f7) is re-written as the one plain address it names, where it names one
("Jane Smith <jane@example.org>", " jane @ example.org", a Unicode domain); a value naming
several addresses or none is left as it was, and the letter writer keeps its letters on the
case unsent and flags the case instead (outbound.letters). Nothing is lost: the value as it
was is in the audit entry of the change that stored it. Not undone by the downgrade.

Revision ID: 0029_plain_person_email
Revises: 0028_search_case_indexes
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from org.addresses import plain_email

revision: str = "0029_plain_person_email"
down_revision: str | None = "0028_search_case_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

person = sa.table("person", sa.column("id", sa.Integer), sa.column("email", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(person.c.id, person.c.email).where(person.c.email.is_not(None))
    )
    changed = [
        {"row_id": row_id, "plain": plain}
        for row_id, email in rows
        if (plain := plain_email(email)) is not None and plain != email
    ]
    if changed:
        connection.execute(
            person.update()
            .where(person.c.id == sa.bindparam("row_id"))
            .values(email=sa.bindparam("plain")),
            changed,
        )


def downgrade() -> None:
    pass  # the plain address is the same address
