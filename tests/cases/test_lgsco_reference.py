"""The Ombudsman's reference as every door takes it (walkerI: Slack refused some text the web
and the command line kept as typed)."""

from __future__ import annotations

import pytest

from cases.lgsco_reference import REFERENCE_REFUSED, lgsco_reference
from cases.procedure import ProcedureError


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("23 012 345", "23 012 345"), ("23012345", "23 012 345"), (" 23 012345 ", "23 012 345"),
     ("", None), (None, None), ("   ", None)],
)  # fmt: skip
def test_a_reference_is_kept_in_its_usual_spacing(typed: str | None, kept: str | None) -> None:
    assert lgsco_reference(typed) == kept


@pytest.mark.parametrize(
    "typed", ["see letter", "23/001/234", "2301234", "23 012 3456", "AB 012 345", "23  012 345"]
)
def test_other_text_is_refused_saying_what_one_looks_like(typed: str) -> None:
    with pytest.raises(ProcedureError) as refused:
        lgsco_reference(typed)
    assert str(refused.value) == REFERENCE_REFUSED
