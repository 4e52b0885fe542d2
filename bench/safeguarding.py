"""The safeguarding tripwire against tests/safeguarding_corpus: recall and precision of the
referral to the MASH, per kind of concern and per writer, hard items apart.

The dev part is read while writing the rules, so its figures are not evidence. The sealed parts
are scored only with `--sealed`, `--sealed2` ... `--sealed20`, and only in aggregate:
this module never prints a text, an id or anything that would say which sealed item was missed
(see the corpus README). Count every run with any of these options in your notes; each look
spends a little of a part's fairness. Each later part was written by a new author after the one
before had been looked at twice, so that its first figures are the first on text nobody has
tuned on: sealed2 after sealed, sealed3 after sealed2, sealed4 after sealed3, sealed5 after
sealed4, sealed6 after sealed5, sealed7 after sealed6, sealed8 after sealed7; sealed9 after
sealed8's first look; sealed10 after sealed9 landed, before it was looked at; sealed11 after
sealed9 and sealed10 had each been looked at once; sealed12 when sealed11 had one look
left; sealed13 when sealed12 had one look left; sealed14 when sealed12's looks were spent
and sealed13 had one left; sealed15 when the looks of sealed13 and sealed14 were spent;
sealed16 after sealed15 landed, before it was looked at; sealed17 after sealed16 landed,
before either was looked at; sealed18 after sealed17 landed, before it was looked at; sealed19
after the looks of sealed16 to sealed18 were spent; sealed20 after sealed19's two looks. The
spent parts (check.SPENT_PARTS, sealed to sealed19) are now in the model's training
(bench.safeguarding_model): their figures here are on training text, not looks.

Run: uv run python -m bench.safeguarding [--sealed] [--sealed2] ... [--sealed20] [--misses]
     (--misses: the dev part's misses and false alarms, with their texts)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from heard.settings import DEFAULT_RULES_PATH
from tests.safeguarding_corpus.check import Item, Kind, Part, Writer, parse, read_lines
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook, load_rulebook

TODAY = date(2026, 3, 2)
TARGETS = {"recall": 1.0, "precision": 0.8}  # issue 23, on a sealed part
SEALED_OPTIONS = {f"--{part}": part for part in Part if part.sealed}  # --sealed ... --sealed20


def load_part(part: Part) -> list[Item]:
    problems: list[str] = []
    items = parse(part, read_lines(part.path), problems)
    if problems:  # counts and ids only, never a text (check.py's own wording)
        raise SystemExit(f"the {part} part does not parse: {len(problems)} problems")
    return items


@dataclass(frozen=True)
class Scored:
    item: Item
    decision: Decision

    @property
    def referred(self) -> bool:
        return self.decision.safeguarding

    @property
    def held(self) -> bool:
        """No automatic mail goes to the sender: staff decide how to reply."""
        return bool(self.decision.no_automatic_reply)


@dataclass(frozen=True)
class Tally:
    """Counts over a group of items: (concerns referred, concerns) and (false alarms, others)."""

    referred: int
    concerns: int
    false_alarms: int
    others: int

    @property
    def recall(self) -> float:
        return self.referred / self.concerns if self.concerns else 1.0

    @property
    def precision(self) -> float:
        flagged = self.referred + self.false_alarms
        return self.referred / flagged if flagged else 1.0

    def line(self) -> str:
        parts = []
        if self.concerns:
            parts.append(f"recall {self.referred}/{self.concerns} = {self.recall:.3f}")
        if self.others:
            parts.append(f"false alarms {self.false_alarms}/{self.others}")
        if self.others and (self.referred + self.false_alarms):
            parts.append(f"precision {self.precision:.3f}")
        return ", ".join(parts)


def tally(scored: Iterable[Scored]) -> Tally:
    rows = list(scored)
    return Tally(
        referred=sum(s.item.concern and s.referred for s in rows),
        concerns=sum(s.item.concern for s in rows),
        false_alarms=sum(not s.item.concern and s.referred for s in rows),
        others=sum(not s.item.concern for s in rows),
    )


def score(items: Iterable[Item], rulebook: Rulebook) -> list[Scored]:
    return [
        Scored(item, triage(Contact(subject="", body=item.text), rulebook, today=TODAY))
        for item in items
    ]


def report(part: Part, scored: list[Scored]) -> list[str]:
    """Aggregate figures only: safe to print for the sealed part."""
    whole = tally(scored)
    lines = [f"{part} part, {len(scored)} contacts:", f"  all: {whole.line()}"]
    for name, target in TARGETS.items():
        value = getattr(whole, name)
        lines.append(
            f"  {name} {value:.3f} (target >= {target} on a sealed part:"
            f" {'met' if value >= target else 'NOT met'})"
        )
    groups: list[tuple[str, Callable[[Item], bool]]] = [
        ("hard", lambda i: i.hard),
        ("plain", lambda i: not i.hard),
    ]
    for label, test in groups:
        lines.append(f"  {label}: {tally(s for s in scored if test(s.item)).line()}")
    kind_groups = {kind: tally(s for s in scored if kind in s.item.kinds) for kind in Kind}
    lines.append("  per kind (recall):")
    for kind, kind_tally in kind_groups.items():
        lines.append(f"    {kind.value}: {kind_tally.line()}")
    lines.append("  per writer:")
    for writer in Writer:
        writer_tally = tally(s for s in scored if s.item.writer == writer)
        lines.append(f"    {writer.value}: {writer_tally.line()}")
    must_hold = [s for s in scored if s.item.concern or s.item.secrecy or s.item.child_writer]
    rest = [s for s in scored if s not in must_hold]
    lines.append(
        "  no automatic mail (a concern, secrecy asked, or a child writing):"
        f" held {sum(s.held for s in must_hold)}/{len(must_hold)},"
        f" held without cause {sum(s.held for s in rest)}/{len(rest)}"
    )
    for label, test in (
        ("secrecy asked", lambda i: i.secrecy),
        ("child writing", lambda i: i.child_writer),
    ):
        group = [s for s in scored if test(s.item)]
        lines.append(f"    {label}: held {sum(s.held for s in group)}/{len(group)}")
    return lines


def misses(scored: list[Scored]) -> list[str]:
    """The dev part's misses and false alarms, with their texts: never for the sealed part."""
    out = []
    for s in scored:
        if s.item.part != Part.DEV:
            raise ValueError("misses are listed for the dev part only")
        if s.item.concern != s.referred:
            what = "MISSED" if s.item.concern else "FALSE ALARM"
            kinds = ",".join(k.value for k in s.item.kinds)
            out.append(f"{what} {s.item.id} [{s.item.writer.value}] {kinds}\n  {s.item.text}")
            if s.decision.safeguarding_words:
                out.append(f"  words: {'; '.join(s.decision.safeguarding_words)}")
    return out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    unknown = [arg for arg in args if arg not in {*SEALED_OPTIONS, "--misses"}]
    if unknown:  # a mistyped --sealed8 would otherwise score dev alone and look like success
        known = " ".join([*SEALED_OPTIONS, "--misses"])
        raise SystemExit(f"unknown option {' '.join(unknown)} (known: {known})")
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    dev = score(load_part(Part.DEV), rulebook)
    if "--misses" in args:
        print("\n".join(misses(dev)))
    print("\n".join(report(Part.DEV, dev)))
    print("  (dev figures are not evidence: the rules were written on this part)")
    for option, part in SEALED_OPTIONS.items():
        if option in args:
            print("\n".join(report(part, score(load_part(part), rulebook))))
        else:
            print(f"{part} part: not scored (pass {option}, sparingly, and count each look)")


if __name__ == "__main__":
    main()
