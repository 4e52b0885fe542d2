"""Every triage decision on the texts anyone may read, written down to compare two versions of
triage that should decide alike (a faster or smaller phrase index, say): every rule that fired
with the words it names, the words quoted for a referral, the route, the issues, everything
`Decision` holds.

The texts: the safeguarding corpus's dev part, the route corpus's dev part and the whole triage
corpus. Sealed parts are never read here.

Run: uv run python -m bench.triage_decisions --write FILE   (the decisions of this checkout)
     uv run python -m bench.triage_decisions --compare OLD NEW
     (rows that differ, by part and id, and which fields; exits 1 if any differs)
To compare with another commit, export it (`git archive COMMIT | tar -x -C DIR`) and run this
module's `--write` from DIR with the same interpreter.

`--write` runs with PYTHONHASHSEED=0 (it starts itself again so if it is not): the words the
safeguarding model quotes are its features in the order of a set of strings, and which of two
equal weights comes first changes with the seed (dev-1898 quotes "purpose" under some seeds and
not others, on the same code).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bench.route import decide
from bench.triage import load_corpus
from heard.settings import DEFAULT_RULES_PATH
from tests.route_corpus import corpus as route_corpus
from tests.safeguarding_corpus.check import Part, parse, read_lines
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook, load_rulebook

TODAY = date(2026, 3, 2)  # as bench.safeguarding and bench.triage read their texts


def decisions(rulebook: Rulebook) -> Iterator[tuple[str, str, Decision]]:
    """(part, id, decision) for every text of the three corpora, in file order."""
    problems: list[str] = []
    for item in parse(Part.DEV, read_lines(Part.DEV.path), problems):
        yield (
            "safeguarding dev",
            item.id,
            triage(Contact(subject="", body=item.text), rulebook, today=TODAY),
        )
    if problems:
        raise SystemExit(f"the safeguarding dev part does not parse: {len(problems)} problems")
    for row in route_corpus.load("dev"):
        yield "route dev", str(row["id"]), decide(row, rulebook)
    for number, row in enumerate(load_corpus(split=None), start=1):
        contact = Contact(subject="", body=str(row["text"]))
        yield "triage corpus", f"line {number}", triage(contact, rulebook, today=TODAY)


def write(path: Path) -> None:
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    started = time.process_time()
    rulebook.warm()
    warmed = time.process_time()
    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as file:
        for part, row_id, decision in decisions(rulebook):
            counts[part] = counts.get(part, 0) + 1
            row = {"part": part, "id": row_id, "decision": decision.to_json()}
            file.write(json.dumps(row, sort_keys=True) + "\n")
    done = time.process_time()
    print(
        ", ".join(f"{part}: {count}" for part, count in counts.items())
        + f"; index {warmed - started:.2f} s CPU, triage {done - warmed:.1f} s CPU"
    )


def _read(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {(row["part"], row["id"]): row["decision"] for row in rows}


def compare(old_path: Path, new_path: Path) -> int:
    old, new = _read(old_path), _read(new_path)
    differing = 0
    for part in dict.fromkeys(part for part, _ in [*old, *new]):
        keys = [key for key in dict.fromkeys([*old, *new]) if key[0] == part]
        changed = [key for key in keys if old.get(key) != new.get(key)]
        differing += len(changed)
        print(f"{part}: {len(keys)} texts, {len(changed)} decisions differ")
        for key in changed[:20]:
            before, after = old.get(key) or {}, new.get(key) or {}
            fields = sorted(
                name for name in {*before, *after} if before.get(name) != after.get(name)
            )
            print(f"  {key[1]}: {', '.join(fields) or 'missing on one side'}")
    return 1 if differing else 0


def main() -> None:
    arguments = sys.argv[1:]
    if len(arguments) == 2 and arguments[0] == "--write":
        if os.environ.get("PYTHONHASHSEED") != "0":
            environment = {**os.environ, "PYTHONHASHSEED": "0"}
            os.execve(
                sys.executable,
                [sys.executable, "-m", "bench.triage_decisions", *arguments],
                environment,
            )
        write(Path(arguments[1]))
    elif len(arguments) == 3 and arguments[0] == "--compare":
        raise SystemExit(compare(Path(arguments[1]), Path(arguments[2])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
