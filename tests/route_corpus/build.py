"""Writes the corpus parts from statement files: uv run python -m tests.route_corpus.build FILE...

A statement file (YAML) lists statements, each with the Ombudsman's decision (address,
reference, council, date, the sentence that supports the label) and one or more complaints
rebuilt from it. The rows already in the parts are kept; a statement in the files given
replaces the rows of the statement with the same id, in the part that held it. A new statement
goes to the side `corpus.side_of` gives it: dev, or on the sealed side the part named by
`--into` (sealed, or sealed2 to sealed25 for statements found later). Only the parts that changed
are rewritten, and SHA256SUMS.

The statement files stay outside the repository: they hold the sealed texts in plain words.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
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


class StatementFileError(Exception):
    """A statement file that cannot be read or lacks what a row needs: build writes nothing."""


def rows_in(path: Path) -> list[corpus.Row]:
    """The rows of one statement file, or StatementFileError saying which file and entry is
    wrong: checked before any part is rewritten, so a bad file never leaves a half-built corpus."""
    try:
        statements = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise StatementFileError(f"{path}: cannot read it ({error})") from error
    if not isinstance(statements, list):
        raise StatementFileError(f"{path}: a statement file is a list of statements")
    rows: list[corpus.Row] = []
    for number, statement in enumerate(statements, start=1):
        where = f"{path}: statement {number}"
        if not isinstance(statement, dict) or not isinstance(statement.get("items"), list):
            raise StatementFileError(f"{where}: each statement is a mapping with a list of items")
        try:
            rows.extend(rows_from(statement))
        except (KeyError, TypeError, AttributeError) as error:
            raise StatementFileError(
                f"{where} ({statement.get('statement', 'no id')}): missing or malformed {error}"
            ) from error
    return rows


def statement_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="statement files or folders of them")
    parser.add_argument(
        "--into",
        choices=corpus.SEALED_PARTS,
        default="sealed",
        help="the sealed part that takes new statements on the sealed side (default: sealed)",
    )
    args = parser.parse_args()
    existing = {part: corpus.load(part) for part in corpus.PARTS if corpus.path_of(part).exists()}
    home = {row["statement"]: part for part, rows in existing.items() for row in rows}
    new: list[corpus.Row] = []
    try:
        for path in statement_files(args.sources):
            new.extend(rows_in(path))
    except StatementFileError as error:
        print(f"nothing written: {error}", file=sys.stderr)
        sys.exit(2)
    replaced = {row["statement"] for row in new} & set(home)
    if replaced:
        print(f"{len(replaced)} statements already in the corpus replaced by the files given")
    by_part: dict[corpus.Part, list[corpus.Row]] = {
        part: [row for row in existing.get(part, []) if row["statement"] not in replaced]
        for part in corpus.PARTS
    }
    changed = {home[statement] for statement in replaced}
    for row in new:
        side = corpus.side_of(row["statement"])
        part = home.get(row["statement"], "dev" if side == "dev" else args.into)
        by_part[part].append(row)
        changed.add(part)
    # Only the parts that gained or lost rows are rewritten: the others stay byte for byte.
    for part in sorted(changed):
        data = corpus.encode(by_part[part])
        corpus.path_of(part).write_bytes(data if part == "dev" else corpus.gzip_bytes(data))
    corpus.SUMS.write_text(
        "".join(
            f"{corpus.sha256_of(path)}  {path.name}\n"
            for path in map(corpus.path_of, corpus.PARTS)
            if path.exists()
        ),
        encoding="utf-8",
    )
    for part in corpus.PARTS:
        part_rows = by_part[part]
        statements = len({row["statement"] for row in part_rows})
        routes = Counter(row["route"] for row in part_rows)
        print(f"{part}: {len(part_rows)} rows from {statements} statements, {dict(routes)}")
    for problem in problems():
        print(f"problem: {problem}")


if __name__ == "__main__":
    main()
