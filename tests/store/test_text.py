"""store/text.py: every string inside a value is made storable; clean values come back as they
were, the same objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from store.text import REPLACEMENT, storable


@dataclass(frozen=True)
class Inner:
    name: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outer:
    subject: str
    when: datetime | None = None
    day: date | None = None
    size: int = 0
    flag: bool = False
    raw: bytes = b""
    inner: Inner | None = None
    headers: dict[str, str] = field(default_factory=dict)
    parts: list[Inner] = field(default_factory=list)


def test_a_clean_value_is_returned_as_the_same_object() -> None:
    value = Outer(
        "Complaint",
        when=datetime(2026, 12, 4, 9, 0),
        day=date(2026, 12, 4),
        size=3,
        raw=b"\x00bytes are kept",
        inner=Inner("a", ("b",)),
        headers={"From": "x"},
        parts=[Inner("c")],
    )
    assert storable(value) is value


def test_nul_and_lone_surrogates_are_replaced_wherever_they_are() -> None:
    value = Outer(
        "Com\x00plaint",
        inner=Inner("ok", ("bad\udcff",)),
        headers={"Sub\x00ject": "v\x00"},
        parts=[Inner("fine"), Inner("\ud800")],
    )
    cleaned = storable(value)
    assert cleaned.subject == f"Com{REPLACEMENT}plaint"
    assert cleaned.inner == Inner("ok", (f"bad{REPLACEMENT}",))
    assert cleaned.headers == {f"Sub{REPLACEMENT}ject": f"v{REPLACEMENT}"}
    assert cleaned.parts == [Inner("fine"), Inner(REPLACEMENT)]
    assert cleaned.parts[0] is value.parts[0]  # what was clean is not copied
    assert value.subject == "Com\x00plaint"  # the original is untouched
