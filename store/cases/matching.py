"""Which cases a search's words match: the case with that reference, and the cases of the newest
CANDIDATES messages and the newest CANDIDATES parties holding every word (migration 0014's
indexes: SQLite FTS5, PostgreSQL GIN over to_tsvector). Beyond them the list shows the newest
cases among those found and says "more than 1,000".

The ids are read once per search, then the page and its count look cases up by key. Left inside
both statements as subqueries, PostgreSQL read the matches twice and, when they were few, walked
every case newest first to find them (a reference or a stop word: over a second at 1M cases).

"Newest" is by id, as on SQLite, where FTS5 hands its rows back newest first cheaply. PostgreSQL's
GIN index gives matches in no order, so for a word in some per cent of a million messages it
fetched and sorted tens of thousands of rows for the newest 5,000, or walked a hundred thousand
newest first. Here it reads the newest ids in spans, each sized from how often the words matched
in the spans before, so it fetches about the rows it keeps: the same 5,000 as one ordered query.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

CANDIDATES = 5000
FIRST_SPAN = 1000  # ids read first, walked: enough to tell a common word from a rare one
SPAN_MARGIN = 1.25  # each further span aims at this many times the matches still wanted
REST_AT_ONCE = 2.0  # read all that is left once it should hold at most this many times as many
WALK_DENSITY = 0.1  # words in this share of the rows read so far: walk the next span (_plan_by)


@dataclass(frozen=True)
class _Searched:
    """One searched table on PostgreSQL: where the words are matched, and by what text config."""

    table: str
    matches: str  # a condition on the table's row, with :typed bound to the search's words
    config: str


POSTGRES_SEARCHED = (
    _Searched(
        table="correspondence",
        matches="search_vector @@ websearch_to_tsquery('english', :typed)",
        config="english",
    ),
    # the expression of migration 0014's index search_person_text, word for word
    _Searched(
        table="person",
        matches="to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || "
        "coalesce(email, '') || ' ' || coalesce(address, '') || ' ' || coalesce(phone, '')) "
        "@@ websearch_to_tsquery('simple', :typed)",
        config="simple",
    ),
)


def matching_case_ids(connection: sa.Connection, words: list[str]) -> list[int]:
    """The ids of the cases the words find (none for no words), ascending."""
    if not words:
        return []
    found = set(
        connection.execute(
            sa.text("SELECT id FROM cases WHERE reference = :reference"),
            {"reference": words[0].upper()},
        ).scalars()
    )
    if connection.dialect.name == "postgresql":
        typed = " ".join(words)
        # each table's newest id first, while the planner may still read an index in order
        tops = [
            _newest_id(connection, searched=searched, typed=typed) for searched in POSTGRES_SEARCHED
        ]
        planner_was = _planner_settings(connection)
        for searched, top in zip(POSTGRES_SEARCHED, tops, strict=True):
            if top is not None:
                found.update(
                    _newest_postgres_matches(connection, searched=searched, typed=typed, top=top)
                )
        _set_planner(connection, planner_was)
    else:
        found.update(_sqlite_matches(connection, words))
    return sorted(found)


def _sqlite_matches(connection: sa.Connection, words: list[str]) -> list[int]:
    # Each word a quoted FTS5 string (an address becomes a phrase of its parts), all ANDed.
    query = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    statement = sa.text(
        "SELECT case_id FROM correspondence WHERE id IN "
        "(SELECT rowid FROM search_correspondence WHERE search_correspondence MATCH :query "
        "ORDER BY rowid DESC LIMIT :cap) "
        "UNION SELECT case_id FROM person WHERE id IN "
        "(SELECT rowid FROM search_person WHERE search_person MATCH :query "
        "ORDER BY rowid DESC LIMIT :cap)"
    )
    return list(connection.execute(statement, {"query": query, "cap": CANDIDATES}).scalars())


def _newest_id(connection: sa.Connection, *, searched: _Searched, typed: str) -> int | None:
    """The table's highest id, or None when it is empty or the words are only stop words (or
    nothing the parser keeps): then nothing matches, says PostgreSQL, and nothing is read."""
    has_words, top = connection.execute(
        sa.text(
            f"SELECT numnode(websearch_to_tsquery('{searched.config}', :typed)) > 0, "
            f"(SELECT max(id) FROM {searched.table})"
        ),
        {"typed": typed},
    ).one()
    return int(top) if has_words and top is not None else None


def _newest_postgres_matches(
    connection: sa.Connection, *, searched: _Searched, typed: str, top: int
) -> list[int]:
    """The case ids of the newest CANDIDATES rows of the table the words match."""
    in_span = sa.text(
        f"SELECT id, case_id FROM {searched.table} WHERE {searched.matches} "
        "AND id > :lowest AND id <= :highest ORDER BY id DESC"
    )
    case_ids: list[int] = []
    highest, span, matched = top, FIRST_SPAN, 0
    walked: bool | None = None  # how the last span was read: the planner is set only to change
    while highest > 0 and len(case_ids) < CANDIDATES:
        lowest = max(highest - span, 0)
        density = matched / (top - highest) if top > highest else 1.0
        walk = span <= FIRST_SPAN or density >= WALK_DENSITY
        if walk != walked:
            _plan_by(connection, walk=walk)
            walked = walk
        rows = connection.execute(
            in_span, {"typed": typed, "lowest": lowest, "highest": highest}
        ).all()
        case_ids.extend(case_id for _, case_id in rows[: CANDIDATES - len(case_ids)])
        matched, highest = matched + len(rows), lowest
        span = _next_span(
            matched=matched, read=top - lowest, left=lowest, wanted=CANDIDATES - len(case_ids)
        )
    return case_ids


def _next_span(*, matched: int, read: int, left: int, wanted: int) -> int:
    """How many ids to read next: as many as should hold the matches still wanted (a little
    more), or all that are left when they should not hold many more than that. Words missing
    from the newest rows are taken for rare ones: the rest is read at once."""
    expected_left = left * matched / read
    if expected_left <= REST_AT_ONCE * wanted:
        return left
    return max(wanted, int(SPAN_MARGIN * wanted * read / matched))


def _plan_by(connection: sa.Connection, *, walk: bool) -> None:
    """Read a span by walking its ids newest first, checking each row, or by the GIN index's
    bitmap ANDed with the span's ids: whichever costs less, which PostgreSQL's planner does not
    know here: it prices the bitmap of a common word far below its cost, and pages read in id
    order far below pages read by bitmap, so left alone it walks long spans for a middling word
    and builds huge bitmaps for a common one (figures in commit bf44773). Walking is the
    cheaper where the words are in a tenth of the rows or more, and for a short span."""
    off = "enable_bitmapscan" if walk else "enable_indexscan"
    planned = {"enable_indexscan": "on", "enable_bitmapscan": "on", "enable_seqscan": "off"}
    # A plan made once for any span (psycopg prepares a statement run five times) knows
    # neither the span nor the words, and read every match by bitmap: 1.5 s, not 0.3 s.
    planned["plan_cache_mode"] = "force_custom_plan"
    _set_planner(connection, planned | {off: "off"})


def _planner_settings(connection: sa.Connection) -> dict[str, str]:
    names = ("enable_indexscan", "enable_bitmapscan", "enable_seqscan", "plan_cache_mode")
    values = connection.execute(
        sa.text("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
    ).one()
    return dict(zip(names, values, strict=True))


def _set_planner(connection: sa.Connection, settings: dict[str, str]) -> None:
    """For the rest of this transaction only (set_config's is_local: a rollback undoes it too)."""
    connection.execute(
        sa.text("SELECT " + ", ".join(f"set_config('{name}', :{name}, true)" for name in settings)),
        settings,
    )
