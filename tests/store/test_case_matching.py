"""A search finds the cases of the newest CANDIDATES messages and parties holding its words, on
both engines: PostgreSQL reads them span by span (store/cases/matching.py), and must find the
very ones a single newest-first query would, whether the word is in every message, in some, only
in old ones, or nowhere. Small numbers stand in for 5,000 so that a few hundred cases need many
spans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bench.web_data import fill
from store.cases import matching
from store.cases.matching import matching_case_ids
from store.db import make_engine, read_rows, session_scope
from store.organisation import sync_organisation
from tests.conftest import ENGINES, fresh_database

CASES = 400
CAP = 25


def words_of(number: int) -> list[str]:
    """Message `number`'s words: 'alpha' in all, 'beta' in every seventh, 'gamma' in the 40
    oldest only, 'delta' in every third of the older half, 'epsilon' in none."""
    words = ["alpha"]
    if number % 7 == 0:
        words.append("beta")
    if number <= 40:
        words.append("gamma")
    if number <= CASES // 2 and number % 3 == 0:
        words.append("delta")
    return words


@pytest.fixture(scope="module", params=ENGINES)
def filled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The cases written once per database for the module's tests, which only read them:
    filling (and on PostgreSQL analysing) 400 cases was most of each test's time. The database
    is left to the next test to empty."""
    engine = make_engine(fresh_database(request, request.param, tmp_path_factory.mktemp("match")))
    with session_scope(engine) as session:
        sync_organisation(
            session, directorates=[("csc", "Children")], teams=[("care", "Care", "csc", None)]
        )
    fill(engine, size=CASES, teams=["care"])
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE correspondence SET text = :text WHERE id = :id"),
            [
                {"text": "The carer said " + " and ".join(words_of(number)), "id": number}
                for number in range(1, CASES + 1)
            ],
        )
    yield engine
    engine.dispose()


@pytest.fixture
def searchable(filled: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(matching, "CANDIDATES", CAP)
    monkeypatch.setattr(matching, "FIRST_SPAN", 10)
    return filled


def newest(ids: list[int]) -> set[int]:
    """In fill's cases a message, its party and its case share one id."""
    return set(sorted(ids, reverse=True)[:CAP])


@pytest.mark.parametrize(
    "word",
    ["alpha", "beta", "gamma", "delta", "epsilon", "alpha beta", "beta delta", "gamma delta"],
)
def test_the_newest_matching_messages_cases_whatever_the_word(
    searchable: Engine, word: str
) -> None:
    holding = [
        number
        for number in range(1, CASES + 1)
        if all(part in words_of(number) for part in word.split())
    ]
    with read_rows(searchable) as connection:
        assert set(matching_case_ids(connection, word.split())) == newest(holding), word


def test_a_name_in_every_party_a_reference_and_a_stop_word(searchable: Engine) -> None:
    with read_rows(searchable) as connection:
        reference = connection.execute(
            sa.text("SELECT reference FROM cases WHERE id = 3")
        ).scalar_one()
        # every complainant is a Pat, and no message says so
        assert set(matching_case_ids(connection, ["Pat"])) == newest(list(range(1, CASES + 1)))
        assert matching_case_ids(connection, [reference.lower()]) == [3]
        # 'the' is in every message: PostgreSQL's English search leaves it out and finds
        # nothing (without reading a row), SQLite's FTS5 has no stop words
        stop_word = set(matching_case_ids(connection, ["the"]))
        everything = newest(list(range(1, CASES + 1)))
        assert stop_word == (set() if searchable.dialect.name == "postgresql" else everything)
        assert matching_case_ids(connection, []) == []
