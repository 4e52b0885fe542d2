"""Real `heard serve` processes on one real PostgreSQL (an empty database each test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from store.db import make_engine
from tests.conftest import _truncate_all


@pytest.fixture
def pg_url(postgres_database_url: str) -> Iterator[str]:
    engine = make_engine(postgres_database_url)
    _truncate_all(engine)
    engine.dispose()
    yield postgres_database_url


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()
