"""An attachment's size reads the same in Slack's View details and `heard cases show`."""

from __future__ import annotations

import pytest

from cases.sizes import size_text


@pytest.mark.parametrize(
    ("size", "text"),
    [(9, "9 bytes"), (1023, "1023 bytes"), (2048, "2.0 KB"), (3 * 1024 * 1024 + 1, "3.0 MB")],
)
def test_a_size_in_bytes_kb_or_mb(size: int, text: str) -> None:
    assert size_text(size) == text
