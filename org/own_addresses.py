"""heard's own email addresses: built once from the settings and the rule file (heard.wiring.
own_addresses) and handed to intake and casework, so the places that must know them cannot
drift apart again (there were three lists; the session's once lacked the Graph mailbox that
intake's had: d9dee0c). Each use keeps its own meaning, said here once:
- `every` (the addresses heard sends as and reads, the rule file's mailboxes, the MASH's): mail
  from any of them gets no automatic reply (it would answer itself, a loop: intake.replies),
  and none may be a complainant's email (every later letter would come back as a new contact:
  casework.complainant_rules).
- `sends_as` (HEARD_MAIL_FROM and HEARD_GRAPH_MAILBOX, the mailboxes heard sends as and reads):
  mail from them is a member of staff's reply or forward from the shared mailbox, not the
  public's, so a contact it opens is flagged for a person to look (intake.service). The rule
  file's mailboxes and the MASH's are not among them: mail from those is not staff's reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def _plain(addresses: Iterable[str | None]) -> frozenset[str]:
    return frozenset(
        address.strip().lower() for address in addresses if address and address.strip()
    )


@dataclass(frozen=True)
class OwnAddresses:
    sends_as: frozenset[str] = frozenset()
    every: frozenset[str] = frozenset()  # sends_as among them

    @classmethod
    def of(cls, *, sends_as: Iterable[str | None], others: Iterable[str | None]) -> OwnAddresses:
        """Lower case and trimmed; `others`: the rule file's mailboxes and the MASH's."""
        mine = _plain(sends_as)
        return cls(sends_as=mine, every=mine | _plain(others))
