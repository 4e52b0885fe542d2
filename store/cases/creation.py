"""The rows of newly received cases, written with a few multi-row statements: email takes
this path before its SMTP 250, so a batch costs no ORM objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa

from cases.enums import ComplainantType
from store.bulk import insert_returning_ids
from store.models import Case, PartyRole, Person
from store.types import table_of

_CASES = table_of(Case)
_INSERT_PERSON = sa.insert(table_of(Person))


class WriterFields(Protocol):
    """Who wrote a contact, as the contact says (casework.receiving.Writer)."""

    @property
    def email(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...


def insert_received(
    connection: sa.Connection,
    rows: Sequence[dict[str, Any]],
    *,
    writers: Sequence[WriterFields | None],
) -> list[int]:
    """Insert the cases' rows, and each writer given as the case's complainant; the new ids in
    the order of `rows`."""
    ids = insert_returning_ids(connection, _CASES, list(rows), key=["reference"])
    complainants = [
        {
            "case_id": case_id,
            "role": PartyRole.COMPLAINANT,
            "email": writer.email,
            "name": writer.name,
            "complainant_type": ComplainantType.UNKNOWN,
            "is_child": False,
        }
        for case_id, writer in zip(ids, writers, strict=True)
        if writer is not None
    ]
    if complainants:
        connection.execute(_INSERT_PERSON, complainants)
    return ids
