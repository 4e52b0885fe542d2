"""A database of N made-up cases for bench.web: each with a complainant (name, email, postal
address) and one message of about forty words, so that search has text to look through.

Words follow Zipf's law over a made-up vocabulary, so a benchmark can search for a common word
(in about one message in ten), a middling one and a rare one. Nothing is real: names are
syllables, addresses end in example.invalid, references start BEN-.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.models import Case, Correspondence, Deadline, Issue, Person
from store.types import table_of

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "de", "pa", "ri", "go", "la", "be")
BATCH = 5000
OPEN_SHARE = 0.05  # open cases carry a deadline, some of them overdue


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_weights(size: int) -> list[float]:
    return [1.0 / rank for rank in range(1, size + 1)]


def vocabulary_of(seed: int = 25) -> list[str]:
    """The words `fill` draws the messages of the same seed from, most frequent first."""
    return vocabulary(5000, random.Random(seed))


def fill(engine: Engine, *, size: int, teams: list[str], seed: int = 25) -> list[str]:
    """Write `size` cases; return the vocabulary, most frequent word first."""
    rng = random.Random(seed)
    words = vocabulary(5000, rng)
    weights = zipf_weights(len(words))
    surnames = vocabulary(3000, random.Random(seed + 1))
    postgres = engine.dialect.name == "postgresql"
    search_indexes = _drop_search_indexes(engine) if postgres else []
    start = datetime(2019, 4, 1, 9, tzinfo=UTC)
    span = (datetime(2026, 11, 30, tzinfo=UTC) - start).total_seconds()
    for first in range(1, size + 1, BATCH):
        numbers = range(first, min(first + BATCH, size + 1))
        cases, people, messages, issues, deadlines = [], [], [], [], []
        for number in numbers:
            received = start + timedelta(seconds=span * number / size)
            is_open = rng.random() < OPEN_SHARE
            cases.append(_case(number, received, is_open=is_open))
            surname = rng.choice(surnames).capitalize()
            people.append(
                {
                    "id": number, "case_id": number, "role": "complainant",
                    "complainant_type": "parent", "name": f"Pat {surname}",
                    "email": f"pat.{surname.lower()}.{number}@example.invalid",
                    "address": f"{number % 300 + 1} {rng.choice(surnames).capitalize()} Road",
                    "is_child": False,
                }
            )  # fmt: skip
            text = " ".join(rng.choices(words, weights=weights, k=40))
            messages.append(
                {
                    "id": number, "case_id": number, "direction": "inbound", "channel": "email",
                    "at": received, "subject": "Complaint", "text": text,
                    "envelope_sender": people[-1]["email"], "automated": False,
                    "unparseable": False, "awaiting_processing": False, "processing_attempts": 0,
                }
            )  # fmt: skip
            issues.append({"id": number, "case_id": number, "category": "communication",
                           "team_id": teams[number % len(teams)]})  # fmt: skip
            if is_open:
                due = received.date() + timedelta(days=14)
                deadlines.append(_deadline(number, received.date(), due))
        with engine.begin() as connection:
            for model, rows in (
                (Case, cases), (Person, people), (Correspondence, messages), (Issue, issues),
                (Deadline, deadlines),
            ):  # fmt: skip
                if rows:
                    connection.execute(sa.insert(table_of(model)), rows)
    with engine.begin() as connection:
        for statement in search_indexes:
            connection.execute(sa.text(statement))
        if postgres:
            for table in ("cases", "person", "correspondence", "issue", "deadline"):
                connection.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {size + 1})")
                )
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    return words


def _case(number: int, received: datetime, *, is_open: bool) -> dict[str, Any]:
    return {
        "id": number, "reference": f"BEN-{received.year}-{number:07d}", "record_kind": "complaint",
        "route": "statutory", "channel": "email", "status": "open" if is_open else "closed",
        "stage": "statutory_1", "received_at": received, "receipt_day": received.date(),
        "complainant_type": "parent", "safeguarding": number % 97 == 0, "advocacy_offer": False,
        "historic": False, "out_of_time": False, "automated": False, "needs_attention": False,
        "subject": "Complaint", "version": 1, "created_at": received, "updated_at": received,
        "imported": False,
    }  # fmt: skip


def _deadline(number: int, start: date, due: date) -> dict[str, Any]:
    return {
        "id": number, "case_id": number, "rule": "statutory_1", "start_on": start, "due_on": due,
        "paused_working_days": 0, "cancelled": False,
        "created_at": datetime.combine(start, datetime.min.time(), UTC),
    }  # fmt: skip


def _drop_search_indexes(engine: Engine) -> list[str]:
    """Drop the GIN indexes for the load and give back their definitions: building an index
    once over a million rows is much quicker than keeping it up to date row by row."""
    with engine.begin() as connection:
        found = list(
            connection.execute(
                sa.text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'search_%'"
                )
            )
        )
        for name, _ in found:
            connection.execute(sa.text(f"DROP INDEX {name}"))
    return [definition for _, definition in found]


def sample(items: list[Any], count: int, rng: random.Random) -> Iterator[Any]:
    for _ in range(count):
        yield rng.choice(items)
