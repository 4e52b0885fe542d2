"""A number staff gave that is not on a case's numbered list (its attachments, stage 2 reports,
learning actions, the Ombudsman's recommendations, as `heard cases show` numbers them), said
the same way wherever it is refused."""

from __future__ import annotations


def not_on_the_list(reference: str, what: str, number: int, count: int) -> str:
    """'CSC-1 has no report 3 (1 to 2)'; for one, '(it has only 1)': "(1 to 1)" read as a
    range of one (walker3, numbering an Ombudsman recommendation)."""
    has = "it has none" if not count else "it has only 1" if count == 1 else f"1 to {count}"
    return f"{reference} has no {what} {number} ({has})"
