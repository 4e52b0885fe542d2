"""Fit the young-voice model (triage/young_voice_model.py) on the safeguarding corpus's
`child_writer` labels (the dev part and the spent sealed parts), and measure what it adds to
the `child_writing` rules and text-speak: children held from automatic mail, and adults held
without cause.

Figures are the nearest there are to a new author's mail: each spent part held out in turn
(a model fitted on dev and the other spent parts), and forward on dev (a model fitted on the
dev items to a cut and the spent parts, the later dev items scored once). Spent parts are read
by code only and reported in aggregate, never a text or an id (tests/safeguarding_corpus/
README.md); forward lists the dev ids it newly holds or still misses.

The model is fitted as the safeguarding model is (bench.safeguarding_model.fit: the same
features, stopped early): held out over the spent parts, more steps held no more children and
held more adults (the figures are in this file's git log).

Run: uv run python -m bench.young_voice_model                   (held out and forward)
     uv run python -m bench.young_voice_model --bars 0.5,0.6,0.7  (the same at these bars)
     uv run python -m bench.young_voice_model --write           (also writes the shipped weights)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from bench.safeguarding import TODAY, load_part
from bench.safeguarding_model import Example, fit
from heard.settings import DEFAULT_RULES_PATH
from tests.safeguarding_corpus.check import SPENT_PARTS, Item, Part
from triage.engine import Contact, placeable_as_child, triage
from triage.rulebook import Rulebook, load_rulebook
from triage.safeguarding_model import probability
from triage.young_voice_model import DEFAULT_YOUNG_VOICE_PATH

STEPS = 60
BAR = 0.6  # the probability at or above which a contact reads as a child writing
CUTS = (2574, 3114, 3394)  # forward: the last dev item fitted on


@dataclass(frozen=True)
class Read:
    """One corpus item as the rules alone read it, and the model's probability."""

    item: Item
    held_by_rules: (
        bool  # no automatic mail without the model (a child's words, secrecy, a referral)
    )
    adult_role: bool  # triage placed the writer as an adult (a parent, carer, professional ...)
    probability: float = 0.0

    def held(self, bar: float) -> bool:
        return self.held_by_rules or (not self.adult_role and self.probability >= bar)


def rules_alone(rulebook: Rulebook) -> Rulebook:
    """The same rule file with the young-voice model off."""
    spec = rulebook.spec.model_copy(update={"young_voice_model": False})
    return Rulebook(spec, source=rulebook.source)


def read_by_rules(items: Sequence[Item], rulebook: Rulebook) -> list[Read]:
    out = []
    for item in items:
        decision = triage(Contact(subject="", body=item.text), rulebook, today=TODAY)
        placeable = placeable_as_child(decision.complainant_type, rulebook)
        out.append(Read(item, bool(decision.no_automatic_reply), not placeable))
    return out


def read_parts(rulebook: Rulebook) -> dict[Part, list[Read]]:
    """Dev and the spent sealed parts, read by the rules: never a sealed part still in use."""
    return {part: read_by_rules(load_part(part), rulebook) for part in (Part.DEV, *SPENT_PARTS)}


def example(item: Item) -> Example:
    number = int(item.id.removeprefix("dev-")) if item.part == Part.DEV else 0
    return Example(item.text, item.child_writer, item.part, number)


def scored(reads: Sequence[Read], train: Sequence[Item]) -> list[Read]:
    weights, bias = fit([example(item) for item in train], STEPS)
    return [
        Read(r.item, r.held_by_rules, r.adult_role, probability(weights, bias, r.item.text))
        for r in reads
    ]


def line(reads: Sequence[Read], bar: float) -> str:
    """Children held by the rules, and with the model; adults held without cause likewise.
    Counts only."""
    children = [r for r in reads if r.item.child_writer]
    rest = [r for r in reads if not (r.item.child_writer or r.item.secrecy or r.item.concern)]
    return (
        f"children held {sum(r.held_by_rules for r in children)} -> "
        f"{sum(r.held(bar) for r in children)} of {len(children)}; "
        f"held without cause {sum(r.held_by_rules for r in rest)} -> "
        f"{sum(r.held(bar) for r in rest)} of {len(rest)}"
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    bars = (
        [float(n) for n in args[args.index("--bars") + 1].split(",")] if "--bars" in args else [BAR]
    )
    rulebook = rules_alone(load_rulebook(DEFAULT_RULES_PATH))
    parts = read_parts(rulebook)
    everything = [r.item for reads in parts.values() for r in reads]
    held_out: list[Read] = []
    for part in SPENT_PARTS:
        held_out += scored(parts[part], [item for item in everything if item.part != part])
    for bar in bars:
        print(f"bar {bar}, {STEPS} steps")
        print(f"  each spent part held out ({len(SPENT_PARTS)} parts): {line(held_out, bar)}")
    dev = parts[Part.DEV]
    for cut in CUTS:
        train = [i for i in everything if i.part != Part.DEV or example(i).number <= cut]
        later = scored([r for r in dev if example(r.item).number > cut], train)
        for bar in bars:
            newly = [r.item.id for r in later if r.held(bar) and not r.held_by_rules]
            print(f"  forward, dev to {cut}, {len(later)} later, bar {bar}: {line(later, bar)}")
            print(f"    newly held: {' '.join(newly) or 'none'}")
    if "--write" in args:
        weights, bias = fit([example(item) for item in everything], STEPS)
        payload = {
            "about": "young-voice model weights: uv run python -m bench.young_voice_model --write",
            "threshold": BAR,
            "bias": bias,
            "weights": dict(sorted(weights.items())),
        }
        DEFAULT_YOUNG_VOICE_PATH.write_text(json.dumps(payload, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {DEFAULT_YOUNG_VOICE_PATH.name}: {len(weights)} weights")


if __name__ == "__main__":
    main()
