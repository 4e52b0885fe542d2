"""How often triage proposes the route the Ombudsman said the council should have taken, on
cases rebuilt from its decision statements (tests/route_corpus). Run: uv run python -m bench.route

For each part (dev, sealed, sealed2) it prints aggregates only, sealed2's beside sealed's;
sealed3 and every later sealed part are scored only when asked for by name (`--part sealed3`
and so on), since each look at them counts:
- agreement: on texts that say enough, the proposed route is the labelled one; on texts that
  do not (`enough_said` false), triage said it was unsure. Target >= 0.9 on the sealed part.
- strict agreement: as above, and on texts that say enough triage was not unsure as well;
- route accuracy on texts that say enough, and the route confusion counts;
- not-logged reason: of texts labelled not logged that say enough, the share proposed not
  logged with the same reason;
- how often triage was unsure, on texts that say enough and on texts that do not.

A contact triage records as a subject access request or a data protection complaint counts as
"not logged: another process" (DATA_PROTECTION_KINDS says why).

"Unsure" is the decision's `unsure_of_route`: the doubts triage raises about the route itself
(who is writing and their standing, the time limit, what kind of record it is, which
procedure), not those about the issues (which category or team) or about safeguarding. The
sealed parts are never printed row by row; `--misses` lists the dev part's misses (ids, not
texts). sealed2 was built from statements found after the sealed part had been tuned against:
its first figures are the first on statements nobody has tuned on. sealed3 was built from
statements found after sealed2 had been looked at, sealed4 from statements found after
sealed3 had been, sealed5 from statements found after sealed4's two looks were spent, sealed6
from statements found after sealed5's two looks were, sealed7 from statements found after
sealed6's two looks were, sealed8 from statements found after sealed7 was built, sealed9
from statements found after sealed7's and sealed8's first looks, sealed10 from statements
another writer found after sealed9 landed, sealed11 from statements a third writer found
after both looks at sealed9 and sealed10 were spent, sealed12 from statements a fourth
writer found after sealed11's first look, sealed13 from statements a fifth writer found
after sealed12 landed, sealed14 from statements a sixth writer found after sealed12's and
sealed13's first looks, sealed15 from statements a seventh writer found after sealed14's
looks were spent, sealed16 from statements an eighth writer found after sealed15 landed,
sealed17 from statements a ninth writer found after sealed16's only look, sealed18 from
statements a tenth writer found at the same time, sealed19 from statements an eleventh
writer found after sealed18 landed, sealed20 from statements a twelfth writer found after
the eighth session's looks, sealed21 from statements a thirteenth writer found after
sealed20's only look, sealed22 from statements a fresh writer (routewriter22) found in the
tenth session, sealed23 from those sealed21's writer found after sealed21 landed, sealed24
from those sealed22's writer found after sealed22 landed, and sealed25 from both writers' last
finds, made after sealed23 and sealed24 landed; all twenty-three are kept out of the
default run so
that nobody looks at them by accident. `--part dev` scores the dev part alone, for tuning without
looking at the sealed parts.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cases.enums import Channel, NotLoggedReason, RecordKind
from heard.settings import DEFAULT_RULES_PATH
from tests.route_corpus import corpus
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook, load_rulebook

TARGET = 0.9
ROUTES = (*corpus.ROUTES, "none")
# Scored only when named with --part: a run without it never looks at these (every sealed part
# after sealed2, so a new part is kept out of the default run as soon as corpus.Part names it).
ON_REQUEST: tuple[corpus.Part, ...] = tuple(
    part for part in corpus.SEALED_PARTS if part not in ("sealed", "sealed2")
)


def unsure_of_route(decision: Decision) -> bool:
    return bool(decision.unsure_of_route)


# heard records a request for personal data, or a complaint about how it was handled, as a kind
# of its own that the data protection officer answers (with the Information Commissioner after
# the council): that is the other process the Ombudsman sends such a matter to, so it counts as
# proposing "not logged: another process".
DATA_PROTECTION_KINDS = frozenset(
    {RecordKind.SUBJECT_ACCESS_REQUEST, RecordKind.DATA_PROTECTION_COMPLAINT}
)


def proposal(decision: Decision) -> tuple[str, str | None]:
    """The route triage proposed and, when not logged, why, as the corpus labels them."""
    if decision.record_kind in DATA_PROTECTION_KINDS:
        return "not_logged", NotLoggedReason.ALTERNATIVE_PROCESS.value
    reason = decision.not_logged_reason.value if decision.not_logged_reason else None
    return decision.route.value, reason


def decide(row: corpus.Row, rulebook: Rulebook) -> Decision:
    received = dt.date.fromisoformat(row["received_on"])
    contact = Contact(
        subject=row["subject"],
        body=row["text"],
        mailbox_kind=RecordKind.COMPLAINT,
        channel=Channel.EMAIL,
        received_on=received,
    )
    return triage(contact, rulebook, today=received)


@dataclass
class Score:
    part: str
    rows: int = 0
    enough: int = 0
    agreed: int = 0
    strict: int = 0
    route_right: int = 0  # on texts that say enough
    reason_labelled: int = 0
    reason_right: int = 0
    unsure_when_enough: int = 0
    unsure_when_not: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, row: corpus.Row, decision: Decision) -> None:
        self.rows += 1
        unsure = unsure_of_route(decision)
        got, got_reason = proposal(decision)
        if not row["enough_said"]:
            self.unsure_when_not += unsure
            self.agreed += unsure
            self.strict += unsure
            if not unsure:
                self.misses.append((row["id"], "unsure", got, decision.rule_ids))
            return
        self.enough += 1
        expected = row["route"]
        self.confusion[(expected, got)] += 1
        right = got == expected and (
            expected != "not_logged" or got_reason == row["not_logged_reason"]
        )
        self.route_right += got == expected
        self.agreed += right
        self.strict += right and not unsure
        self.unsure_when_enough += unsure
        if expected == "not_logged":
            self.reason_labelled += 1
            self.reason_right += got == "not_logged" and got_reason == row["not_logged_reason"]
        if not right:
            want = (
                f"{expected}/{row['not_logged_reason']}" if row["not_logged_reason"] else expected
            )
            have = f"{got}/{got_reason}" if got_reason else got
            self.misses.append((row["id"], want, have, decision.rule_ids))

    def lines(self) -> list[str]:
        not_enough = self.rows - self.enough
        agreement = _share(self.agreed, self.rows)
        verdict = "met" if agreement >= TARGET else "NOT met"
        out = [
            f"{self.part}: {self.rows} texts, {self.enough} say enough, {not_enough} do not",
            f"  agreement: {agreement:.3f} (target >= {TARGET}: {verdict})",
            f"  strict agreement (and not unsure where the text says enough): {_share(self.strict, self.rows):.3f}",
            f"  route accuracy where the text says enough: {_share(self.route_right, self.enough):.3f}",
            f"  not-logged reason right, of {self.reason_labelled} labelled not logged: {_share(self.reason_right, self.reason_labelled):.3f}",
            f"  unsure where the text says enough: {_share(self.unsure_when_enough, self.enough):.3f}",
            f"  unsure where it does not (wanted): {_share(self.unsure_when_not, not_enough):.3f}",
            "  route confusion where the text says enough (rows: labelled, columns: proposed):",
            "    " + " " * 12 + "".join(f"{route:>12}" for route in ROUTES),
        ]
        for expected in corpus.ROUTES:
            counts = "".join(f"{self.confusion[(expected, got)]:>12}" for got in ROUTES)
            out.append(f"    {expected:<12}{counts}")
        return out


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(part: str, rows: Iterable[corpus.Row], rulebook: Rulebook) -> Score:
    result = Score(part)
    for row in rows:
        result.add(row, decide(row, rulebook))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Route agreement on the Ombudsman corpus.")
    parser.add_argument("--misses", action="store_true", help="list the dev part's misses")
    parser.add_argument(
        "--part",
        choices=corpus.PARTS,
        help="score one part only (--part dev while tuning: the sealed figures are looked at "
        "sparingly, and each look is counted; sealed3 and later are scored only this way)",
    )
    args = parser.parse_args(argv if argv is not None else [])
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    parts = (args.part,) if args.part else tuple(p for p in corpus.PARTS if p not in ON_REQUEST)
    for part in parts:
        result = score(part, corpus.load(part), rulebook)
        for line in result.lines():
            print(line)
        if args.misses and part == "dev":
            for row_id, want, have, rules in result.misses:
                print(f"    miss {row_id}: labelled {want}, proposed {have} ({', '.join(rules)})")
    if not args.part:
        for part in ON_REQUEST:
            print(f"{part}: not scored (each look counts): --part {part} scores it")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
