"""The `email` policy heard composes its own mail with: SMTP's, made cheap for the headers we
write ourselves, with the same bytes on the wire.

Most of the cost of composing a letter was the header registry: it builds a new class for every
header it is asked about (HeaderRegistry.__getitem__ calls type(), some 27 times a letter) and
parses every value into a token tree, which the generator then walks again to fold it. Two changes, both through the policy's public hooks:

* the registry hands out one class per header name, made once (`_OneClassPerName`), whose
  headers remember how they fold (`_FoldsOnce`);
* a value we set that is *plain* (below) is kept as its source text, exactly as the parser
  keeps every header of a message it reads (EmailPolicy.header_source_parse). The policy
  parses it if anyone asks for the header, and the generator writes it as `Name: value`, or
  refolds it through the registry if it is too long for a line (EmailPolicy._fold); for a plain
  value the registry's fold gives those same bytes, which tests/outbound/test_compose.py checks
  against the old composition.

Plain means: one of the headers compose.py sets itself, printable ASCII in words separated by
single spaces (no control character, so no CR/LF: a value with a line break goes to
EmailPolicy.header_store_parse, which refuses it as before), no RFC 2047 "=?" (the parser would
decode it, the source text would not), short enough for one line, and for the structured
headers the strict syntax whose parse keeps every character: a bare addr-spec for From and To,
`<dot-atom@dot-atom>` for Message-ID. Anything else is parsed at once, as before, and the
parsed header kept for the next message setting the same value (the MIME headers set_content
writes, the batch's Date, a From with a display name): header objects never change once made.
"""

from __future__ import annotations

import functools
import re
from email.headerregistry import BaseHeader, HeaderRegistry
from email.policy import EmailPolicy, Policy
from typing import Any

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_WORDS = re.compile(r"[!-~]+(?: [!-~]+)*")
_PLAIN_SYNTAX: dict[str, re.Pattern[str]] = {
    "from": re.compile(rf"{_DOT_ATOM}@{_DOT_ATOM}"),
    "to": re.compile(rf"{_DOT_ATOM}@{_DOT_ATOM}"),
    "message-id": re.compile(rf"<{_DOT_ATOM}@{_DOT_ATOM}>"),
    # Unstructured headers: any words.
    "subject": _WORDS,
    "in-reply-to": _WORDS,
    "references": _WORDS,
    "auto-submitted": _WORDS,
    "precedence": _WORDS,
    "x-auto-response-suppress": _WORDS,
}


class _FoldsOnce(BaseHeader):
    """BaseHeader, remembering its folded form for each policy it is written with: the parsed
    headers composing shares between letters (the MIME headers, a batch's Date) would
    otherwise be folded again for each. A header never changes, so neither
    does its fold under one policy; the policy is held with its fold, so its id is not reused."""

    def fold(self, *, policy: Policy) -> str:
        folds: dict[int, tuple[Policy, str]] = self.__dict__.setdefault("_folds_by_policy", {})
        known = folds.get(id(policy))
        if known is not None and known[0] is policy:
            return known[1]
        folded = super().fold(policy=policy)
        folds[id(policy)] = (policy, folded)
        return folded


class _OneClassPerName(HeaderRegistry):
    """HeaderRegistry, making each header name's class once instead of once per header."""

    @functools.lru_cache(maxsize=64)  # noqa: B019 (one registry per process, never freed)
    def __getitem__(self, name: str) -> type[BaseHeader]:
        made: type[BaseHeader] = super().__getitem__(name)
        return made

    def map_to_type(self, name: str, cls: type[BaseHeader]) -> None:
        super().map_to_type(name, cls)
        type(self).__getitem__.cache_clear()


class ComposingPolicy(EmailPolicy):
    """SMTP's policy (CRLF line ends), storing plain values as source text and parsing any
    other value once per process (module docstring)."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, str):
            stored: tuple[str, Any] = super().header_store_parse(name, value)
            return stored
        if self._plain(name, value):
            return (name, value)
        return self._parsed(name, value)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one policy per process, never freed)
    def _parsed(self, name: str, value: str) -> tuple[str, Any]:
        """The parsed header, shared by every message that sets this value: the same for a
        given name and value, and immutable (a str whose parts are read-only properties)."""
        stored: tuple[str, Any] = super().header_store_parse(name, value)
        return stored

    def _plain(self, name: str, value: str) -> bool:
        syntax = _PLAIN_SYNTAX.get(name.lower())
        return (
            syntax is not None
            and len(name) + 2 + len(value) <= (self.max_line_length or 0)
            and "=?" not in value
            and syntax.fullmatch(value) is not None
        )


COMPOSING = ComposingPolicy(linesep="\r\n").clone(
    header_factory=_OneClassPerName(base_class=_FoldsOnce)
)
