"""The case list's lightweight Core table (store/cases/listing.py) must stay the models' table."""

from __future__ import annotations

import sqlalchemy as sa

from store.cases.listing import CASES
from store.models import Case, CasePublic
from store.types import table_of


def test_the_listing_columns_are_the_public_columns_of_the_cases_table() -> None:
    model = table_of(Case)
    assert CASES.name == model.name
    assert list(CASES.c.keys()) == list(CasePublic.model_fields)
    for column in CASES.columns:
        declared = model.c[column.name].type
        assert column.type._type_affinity is declared._type_affinity, column.name
        if type(declared).__module__.startswith("store."):  # heard's own types: the same class
            assert type(column.type) is type(declared), column.name
        if isinstance(declared, sa.Enum):
            assert isinstance(column.type, sa.Enum)
            assert column.type.enum_class is declared.enum_class, column.name
