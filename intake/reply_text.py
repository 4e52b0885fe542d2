"""Separating what a reply says now from the history it quotes and the sender's signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_HEADERS = re.compile(
    r"^(?:On .{0,200}wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+|_{5,})\s*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^(?:-- ?|Sent from my \w+.*)$")


@dataclass(frozen=True)
class ReplyParts:
    new_text: str
    quoted: str
    signature: str


def split_reply(text: str) -> ReplyParts:
    lines = text.replace("\r\n", "\n").split("\n")
    new: list[str] = []
    quoted: list[str] = []
    signature: list[str] = []
    in_quote = in_signature = False
    for line in lines:
        if not in_quote and _QUOTE_HEADERS.match(line.strip()):
            in_quote = True
        if in_quote or line.startswith(">"):
            quoted.append(line)
            continue
        if not in_signature and _SIGNATURE.match(line.rstrip()):
            in_signature = True
        (signature if in_signature else new).append(line)
    return ReplyParts(
        "\n".join(new).strip(), "\n".join(quoted).strip(), "\n".join(signature).strip()
    )
