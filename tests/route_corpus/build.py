"""Writes the corpus parts from statement files: uv run python -m tests.route_corpus.build FILE...

A statement file (YAML) lists statements, each with the Ombudsman's decision (address,
reference, council, date, the sentence that supports the label) and one or more complaints
rebuilt from it. The rows already in dev.jsonl and sealed.jsonl.gz are kept; a statement in
the files given replaces the rows of the statement with the same id. Each statement then goes
to the side `corpus.side_of` gives it, and SHA256SUMS is rewritten.

The statement files stay outside the repository: they hold the sealed texts in plain words.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tests.route_corpus import corpus
from tests.route_corpus.check import problems


def rows_from(statement: dict[str, Any]) -> list[corpus.Row]:
    source = {
        "url": statement["url"],
        "reference": statement.get("reference"),
        "council": statement["council"],
        "decision_date": _iso(statement.get("decision_date")),
    }
    return [
        {
            "id": f"{statement['statement']}/{item['variant']}",
            "statement": statement["statement"],
            "variant": item["variant"],
            "subject": item.get("subject", ""),
            "text": item["text"].strip(),
            "received_on": _iso(item["received_on"]),
            "route": item.get("route", "statutory"),
            "not_logged_reason": item.get("reason"),
            "record_kind": item.get("kind", "complaint"),
            "complainant_type": item["who"],
            "enough_said": item.get("enough_said", True),
            "source": source,
            "evidence": item.get("evidence", statement["evidence"]),
            "note": item.get("note"),
        }
        for item in statement["items"]
    ]


def _iso(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def statement_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="statement files or folders of them")
    args = parser.parse_args()
    existing = [row for part in corpus.PARTS if _exists(part) for row in corpus.load(part)]
    new: list[corpus.Row] = []
    for path in statement_files(args.sources):
        for statement in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            new.extend(rows_from(statement))
    replaced = {row["statement"] for row in new} & {row["statement"] for row in existing}
    if replaced:
        print(f"{len(replaced)} statements already in the corpus replaced by the files given")
    rows = [row for row in existing if row["statement"] not in replaced] + new
    by_side: dict[corpus.Part, list[corpus.Row]] = {"dev": [], "sealed": []}
    for row in rows:
        by_side[corpus.side_of(row["statement"])].append(row)
    corpus.DEV.write_bytes(corpus.encode(by_side["dev"]))
    corpus.SEALED.write_bytes(corpus.gzip_bytes(corpus.encode(by_side["sealed"])))
    corpus.SUMS.write_text(
        "".join(f"{corpus.sha256_of(path)}  {path.name}\n" for path in (corpus.DEV, corpus.SEALED)),
        encoding="utf-8",
    )
    for part in corpus.PARTS:
        part_rows = by_side[part]
        statements = len({row["statement"] for row in part_rows})
        routes = Counter(row["route"] for row in part_rows)
        print(f"{part}: {len(part_rows)} rows from {statements} statements, {dict(routes)}")
    for problem in problems():
        print(f"problem: {problem}")


def _exists(part: corpus.Part) -> bool:
    return (corpus.DEV if part == "dev" else corpus.SEALED).exists()


if __name__ == "__main__":
    main()
