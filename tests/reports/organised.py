"""A database given the shipped rule file's directorates and teams, as `heard` syncs them when
it starts: what the report tests count complaints under."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from heard.settings import DEFAULT_RULES_PATH
from store.db import session_scope
from store.organisation import sync_organisation
from triage.rulebook import load_rulebook


def organised(engine: Engine) -> Engine:
    directorates, teams = load_rulebook(DEFAULT_RULES_PATH).organisation.rows()
    with session_scope(engine) as session:
        sync_organisation(session, directorates=directorates, teams=teams)
    return engine
