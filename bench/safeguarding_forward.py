"""Time-forward tests of the safeguarding tripwire on the dev part: the rules as they were at a
commit, the model fitted and its bars chosen (bench.safeguarding_model) on the dev items up to
a cut, then every later dev item scored once. Cross-validation over dev flatters the rules,
which were written on every dev text; a forward test sees later text the way fresh mail is
seen, and on the sixth and seventh rule work it predicted fresh misses better (a concern said
in words the rules of the day did not list, scored low by the model).

The model is fitted on the spent sealed parts too (bench.safeguarding_model.examples), as the
shipped one is, unless --without-spent; only later dev items are scored, and their misses' dev
ids are printed, so a reader can look at them; fix nothing aimed at one item.

Run: uv run python -m bench.safeguarding_forward 1045:358464a 1501:27713b7 1810:19fa408
     (each CUT:COMMIT: the last dev item the model is fitted on, and the commit whose
     triage/default_rules.yaml the rules are read from; the engine is today's)
     [--without-spent]  fit on dev to the cut and the triage corpus only
     [--alone 0.32,0.38]  score at FORWARD_BARS with each alone bar, not at bars chosen by
                          cross-validation to the cut
"""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from bench.at_commit import rules_at
from bench.safeguarding_model import (
    FORWARD_BARS,
    Example,
    Match,
    Thresholds,
    choose_thresholds,
    cross_validated,
    examples,
    fit,
    rules_match,
)
from triage.rulebook import Rulebook
from triage.safeguarding_model import probability


@dataclass(frozen=True)
class Forward:
    cut: int
    commit: str
    bars: Thresholds
    later: list[tuple[Example, float, Match]]

    def line(self) -> str:
        refer = [(e, self.bars.refer(p, m)) for e, p, m in self.later]
        concerns = [e for e, _ in refer if e.concern]
        missed = [e.number for e, yes in refer if e.concern and not yes]
        alarms = sum(yes for e, yes in refer if not e.concern)
        referred = len(concerns) - len(missed)
        return (
            f"rules {self.commit}, model to dev-{self.cut:04d}, alone {self.bars.alone:.3f},"
            f" {len(self.later)} later:"
            f" recall {referred}/{len(concerns)}, false alarms {alarms}/"
            f"{len(self.later) - len(concerns)}; missed {', '.join(f'dev-{n:04d}' for n in missed) or 'none'}"
        )


def forward(
    data: list[Example], cut: int, commit: str, rulebook: Rulebook, alone_bars: list[float]
) -> list[Forward]:
    """The model fitted on dev to `cut`, with `rulebook` (read at `commit`), and every later dev
    item scored once: one Forward per alone bar in `alone_bars` (at FORWARD_BARS' weighed bar,
    settled at most the alone bar), or one at the bars cross-validation to the cut chooses when
    `alone_bars` is empty."""
    matches = {e.text: rules_match(e.text, rulebook) for e in data if e.dev}
    before = [e for e in data if not e.dev or e.number <= cut]
    weights, bias = fit(before)
    later = [
        (e, probability(weights, bias, e.text), matches[e.text])
        for e in data
        if e.dev and e.number > cut
    ]
    weighed, _, settled = FORWARD_BARS
    chosen = [Thresholds(weighed, alone, min(settled, alone)) for alone in alone_bars] or [
        choose_thresholds(cross_validated(before, rulebook, matches=matches))
    ]
    return [Forward(cut=cut, commit=commit, bars=bars, later=later) for bars in chosen]


@dataclass(frozen=True)
class Cut:
    """One forward test asked for: the last dev item fitted on, and the rules' commit."""

    last_fitted: int
    commit: str


def cut_and_commit(text: str) -> Cut:
    """CUT:COMMIT (the commit defaults to HEAD), refused in one line when it is not one."""
    number, _, commit = text.partition(":")
    if not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not CUT:COMMIT (a dev item's number, then a commit, e.g. 1501:27713b7)"
        )
    return Cut(int(number), commit or "HEAD")


def bars(text: str) -> list[float]:
    """0.32,0.38: alone bars between 0 and 1, refused in one line when not."""
    try:
        values = [float(value) for value in text.split(",")]
    except ValueError:
        values = []
    if not values or not all(0 < value < 1 for value in values):
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of bars such as 0.32,0.38")
    return values


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.safeguarding_forward",
        usage="%(prog)s [-h] [--alone BARS] [--without-spent] CUT:COMMIT [CUT:COMMIT ...]",
        description="Time-forward tests of the safeguarding tripwire on the dev part.",
    )
    parser.add_argument(
        "cuts",
        metavar="CUT:COMMIT",
        nargs="+",
        type=cut_and_commit,
        help="fit the model on dev items up to dev-CUT; read the rules at COMMIT (default HEAD)",
    )
    parser.add_argument(
        "--alone",
        metavar="BARS",
        type=bars,
        default=[],
        help="score at FORWARD_BARS with each of these alone bars (e.g. 0.32,0.38), not at bars"
        " chosen by cross-validation to the cut",
    )
    parser.add_argument(
        "--without-spent",
        action="store_true",
        help="fit on dev and the triage corpus only, not on the spent sealed parts",
    )
    args = parser.parse_args(argv)
    cuts: list[Cut] = args.cuts
    rules: dict[str, Rulebook] = {}
    for commit in dict.fromkeys(cut.commit for cut in cuts):  # all read before minutes of fitting
        try:
            rules[commit] = rules_at(commit)
        except subprocess.CalledProcessError as error:
            said = error.stderr.strip().splitlines() or [f"git exited {error.returncode}"]
            parser.exit(1, f"{parser.prog}: {commit}: {said[-1]}\n")
        except (yaml.YAMLError, ValidationError) as error:
            first = str(error).strip().splitlines()[0]
            parser.exit(
                1, f"{parser.prog}: {commit}: today's engine cannot read its rules: {first}\n"
            )
    data = examples(spent=not args.without_spent)
    for cut in cuts:
        for run in forward(data, cut.last_fitted, cut.commit, rules[cut.commit], args.alone):
            print(run.line())


if __name__ == "__main__":
    main()
