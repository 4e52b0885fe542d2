"""Checks the corpus: uv run python -m tests.route_corpus.check (prints each problem; exit 1).

Schema and labels (the route, heard's not-logged reason and record kind ids, and the rule
file's complainant types), unique ids, every statement in one part only and on the side the
sealing rule gives it (sealed and sealed2 to sealed25 are all on the sealed side), and the files matching
SHA256SUMS. It reads the sealed parts but prints nothing of their texts.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator

from cases.enums import NotLoggedReason
from heard.settings import DEFAULT_RULES_PATH
from tests.route_corpus import corpus
from triage.engine import MAX_TEXT
from triage.rulebook import UNKNOWN_TYPE, load_rulebook

MIN_ROWS = 160
# sealed12's writer found 43 unused sealed-side statements (45 rows) before the time set for it
# to land: the children's care statements the search tool holds are almost all in the corpus
# already (README, "sealed12"), and the brief allowed a part of at least 45 rows; sealed13's,
# sealed14's and sealed15's writers met the same floor the same way (sealed15 holds 59).
# sealed16's writer met it too (sealed16 holds 59), and sealed17's (it holds 46: the children's
# care statements on the sealed side were nearly all in the corpus already), and sealed18's, built
# beside it from councils M to Z (it holds 56), and sealed19's, from council and topic pairs
# neither had searched (it holds 55). sealed20's writer had 30 minutes and an index nearly
# exhausted of unused sealed-side statements: the brief set its floor at 30 (it holds 31).
# sealed21's writer was asked to land at least 25 rows within minutes of starting, from an index
# nearly exhausted on its topics (children's care: fostering, kinship, care leavers, disabled children).
# sealed22's brief asked for it to land with 25 rows or more, by a set time (it holds 28), and
# for its writer's later sealed-side finds to make sealed24 only with 20 rows or more (it holds 39).
# sealed23, sealed21's writer's later sealed-side finds, was to exist only with 20 rows or more.
# sealed25 packs both writers' last sealed-side finds (15 rows), made after sealed23 and sealed24
# landed, so that they are kept rather than lost; the brief set its floor at 15.
SMALL_PART_FLOORS = {
    "sealed12": 45,
    "sealed13": 45,
    "sealed14": 45,
    "sealed15": 45,
    "sealed16": 45,
    "sealed17": 45,
    "sealed18": 45,
    "sealed19": 45,
    "sealed20": 30,
    "sealed21": 25,
    "sealed22": 25,
    "sealed23": 20,
    "sealed24": 20,
    "sealed25": 15,
}
MIN_SEALED_ROWS = {
    part: {"sealed": 64, **SMALL_PART_FLOORS}.get(part, 60) for part in corpus.SEALED_PARTS
}


def problems() -> list[str]:
    found: list[str] = []
    try:
        parts = {part: corpus.load(part) for part in corpus.PARTS}
    except (OSError, ValueError) as error:
        return [f"cannot read the corpus: {error}"]
    found.extend(_sums())
    types = {kind.id for kind in load_rulebook(DEFAULT_RULES_PATH).spec.complainant_type_list}
    types.add(UNKNOWN_TYPE)
    seen: dict[str, corpus.Part] = {}
    statement_sides: dict[str, set[corpus.Part]] = {}
    for part, rows in parts.items():
        for number, row in enumerate(rows, start=1):
            where = f"{part} row {number} ({row.get('id', 'no id')})"
            found.extend(f"{where}: {problem}" for problem in _row_problems(row, types))
            row_id, statement = str(row.get("id")), str(row.get("statement"))
            if row_id in seen:
                found.append(f"{where}: id also in the {seen[row_id]} part")
            seen[row_id] = part
            statement_sides.setdefault(statement, set()).add(part)
            side = "sealed" if part in corpus.SEALED_PARTS else "dev"
            if corpus.side_of(statement) != side:
                found.append(
                    f"{where}: its statement belongs on the {corpus.side_of(statement)} side"
                )
    for statement, sides in sorted(statement_sides.items()):
        if len(sides) > 1:
            found.append(f"statement {statement} is in more than one part")
    total = sum(len(rows) for rows in parts.values())
    if total < MIN_ROWS:
        found.append(f"{total} rows: at least {MIN_ROWS} wanted")
    for part, least in MIN_SEALED_ROWS.items():
        if len(parts[part]) < least:
            found.append(f"{len(parts[part])} {part} rows: at least {least} wanted")
    return found


def _row_problems(row: corpus.Row, types: set[str]) -> Iterator[str]:
    for name, allowed in corpus.FIELDS.items():
        if name not in row:
            yield f"no {name}"
        elif not isinstance(row[name], allowed):
            yield f"{name} is a {type(row[name]).__name__}"
    if extra := set(row) - set(corpus.FIELDS):
        yield f"unknown fields {sorted(extra)}"
    source = row.get("source")
    if isinstance(source, dict):
        for name, allowed in corpus.SOURCE_FIELDS.items():
            if not isinstance(source.get(name, ...), allowed):
                yield f"source.{name} missing or of the wrong type"
        if not str(source.get("url", "")).startswith(("http://", "https://")):
            yield "source.url is not an address"
        for date_field in ("decision_date",):
            if source.get(date_field) is not None and not _is_date(source[date_field]):
                yield f"source.{date_field} is not a date"
    if row.get("id") != f"{row.get('statement')}/{row.get('variant')}":
        yield "id is not statement/variant"
    if not _is_date(row.get("received_on")):
        yield "received_on is not a date"
    text = str(row.get("text", ""))
    if not text.strip() or len(text) > MAX_TEXT:
        yield "text is empty or longer than triage reads"
    if not str(row.get("evidence", "")).strip():
        yield "no evidence"
    route, reason = row.get("route"), row.get("not_logged_reason")
    if route not in corpus.ROUTES:
        yield f"route {route!r} is not one of {corpus.ROUTES}"
    if route == "not_logged" and reason not in {r.value for r in NotLoggedReason}:
        yield f"not_logged_reason {reason!r} is not one of heard's reasons"
    if route != "not_logged" and reason is not None:
        yield "a not_logged_reason on a route that is logged"
    if row.get("record_kind") not in corpus.RECORD_KINDS:
        yield f"record_kind {row.get('record_kind')!r} is not a complaint kind"
    if row.get("complainant_type") not in types:
        yield f"complainant_type {row.get('complainant_type')!r} is not in the rule file"


def _is_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _sums() -> list[str]:
    try:
        listed = dict(
            reversed(line.split(maxsplit=1))
            for line in corpus.SUMS.read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    except (OSError, ValueError) as error:
        return [f"cannot read SHA256SUMS: {error}"]
    return [
        f"{path.name} does not match SHA256SUMS"
        for path in map(corpus.path_of, corpus.PARTS)
        if listed.get(path.name) != corpus.sha256_of(path)
    ]


def main() -> None:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        sys.exit(1)
    counts = ", ".join(f"{len(corpus.load(part))} {part} rows" for part in corpus.PARTS)
    print(f"ok: {counts}")


if __name__ == "__main__":
    main()
