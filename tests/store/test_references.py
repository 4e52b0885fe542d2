from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine

from store.db import make_engine, session_scope
from store.references import format_reference, next_reference, reference_pattern


def test_format_and_pattern_agree() -> None:
    reference = format_reference("CSC", 2026, 123)
    assert reference == "CSC-2026-000123"
    match = reference_pattern("CSC").search(f"Re: your complaint {reference.lower()} update")
    assert match is not None and match.group(2) == "000123"


def test_numbers_count_per_prefix_and_year(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = next_reference(session, prefix="CSC", year=2026)
        second = next_reference(session, prefix="CSC", year=2026)
        other_year = next_reference(session, prefix="CSC", year=2027)
    assert (first, second, other_year) == ("CSC-2026-000001", "CSC-2026-000002", "CSC-2027-000001")


def test_rolled_back_number_is_reused(engine: Engine) -> None:
    try:
        with session_scope(engine) as session:
            next_reference(session, prefix="CSC", year=2026)
            raise RuntimeError("the case could not be stored")
    except RuntimeError:
        pass
    with session_scope(engine) as session:
        assert next_reference(session, prefix="CSC", year=2026) == "CSC-2026-000001"


def test_unique_across_concurrent_connections(database_url: str) -> None:
    """Eight writers with their own engines (as separate processes would have) never collide."""

    def take(count: int) -> list[str]:
        own_engine = make_engine(database_url)
        taken = []
        for _ in range(count):
            with session_scope(own_engine) as session:
                taken.append(next_reference(session, prefix="CSC", year=2026))
        own_engine.dispose()
        return taken

    with ThreadPoolExecutor(max_workers=8) as pool:
        batches = list(pool.map(take, [25] * 8))
    references = [reference for batch in batches for reference in batch]
    assert len(references) == len(set(references)) == 200
    assert max(references) == "CSC-2026-000200"
