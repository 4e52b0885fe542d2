"""Text as both databases can hold it: no NUL (PostgreSQL refuses it in text and JSON) and no
lone surrogates (neither engine can encode them; Python's email package makes them from bytes
that are not valid in the declared charset). Cleaned on the way in; the raw message keeps the
original bytes, so nothing is lost."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any, TypeVar

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"

T = TypeVar("T")


def storable_text(text: str) -> str:
    """`text` with each NUL and lone surrogate replaced by U+FFFD (a visible "�")."""
    return _UNSTORABLE.sub(REPLACEMENT, text) if _UNSTORABLE.search(text) else text


def storable(value: T) -> T:
    """`value` with every string inside it made storable: strings, lists, tuples, sets, dict
    keys and values, and the fields of (frozen) dataclasses; anything else is returned as is.
    Unchanged values are returned as the same object, so clean input costs one scan."""
    cleaned = _clean(value)
    return value if cleaned is _SAME else cleaned


_SAME: Any = object()
# Values with no string inside: most fields of a parsed message (the test is a set lookup; the
# dataclass test below it is not cheap).
_NO_TEXT = frozenset({type(None), bool, int, float, bytes, date, datetime})


def _clean(value: Any) -> Any:
    """The cleaned value, or _SAME when nothing in it needed cleaning."""
    kind = type(value)
    if kind in _NO_TEXT:
        return _SAME
    if isinstance(value, str):
        cleaned = storable_text(value)
        return _SAME if cleaned is value else cleaned
    if isinstance(value, list | tuple | set | frozenset):
        items = [_clean(item) for item in value]
        if all(item is _SAME for item in items):
            return _SAME
        rebuilt = [new if new is not _SAME else old for old, new in zip(value, items, strict=True)]
        return type(value)(rebuilt) if not isinstance(value, list) else rebuilt
    if isinstance(value, dict):
        pairs = [(_clean(key), _clean(item)) for key, item in value.items()]
        if all(key is _SAME and item is _SAME for key, item in pairs):
            return _SAME
        return {
            (old_key if key is _SAME else key): (old if item is _SAME else item)
            for (old_key, old), (key, item) in zip(value.items(), pairs, strict=True)
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(kind):
            cleaned = _clean(getattr(value, name))
            if cleaned is not _SAME:
                changes[name] = cleaned
        return dataclasses.replace(value, **changes) if changes else _SAME
    return _SAME


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names
