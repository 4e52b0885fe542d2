"""SIGHUP reloads the rule file for the web view too (issue 26): the staff names it matches a
case's assignee by ("my cases") and the council's complainant types follow the new file, as
Slack and intake do; a bad file changes nothing there either."""

from __future__ import annotations

from pathlib import Path

import pytest

from heard.context import build_context
from heard.serve import reload_rules, web_component
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.web_wiring import follow_rule_file, web_deps
from testkit.role_rules import write_rules
from testkit.web_rules import WEB_ROLES
from web.deps import WebDeps

NEW_STAFF = (
    "  - {name: Priya Newstarter, team: assessment, email: priya.newstarter@heard.localhost}\n"
)
NEW_TYPE = '  - {id: neighbour_helping, label: "Neighbour helping the family"}\n'


async def test_the_web_view_follows_a_reloaded_rule_file(
    settings: Settings, tmp_path: Path
) -> None:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    context = build_context(settings.model_copy(update={"rules_path": rules, "web_port": 0}))
    try:
        deps = web_deps(context)
        assert deps.directory.organisation.name_of("priya.newstarter@heard.localhost") is None

        text = rules.read_text()
        rules.write_text(text.replace("  - {role: ", "  - {role: nobody_knows, users: []}\n", 1))
        assert not await reload_rules(context, [])  # a bad file: the old one stays
        follow_rule_file(context, deps)
        assert deps.directory.organisation.name_of("priya.newstarter@heard.localhost") is None

        staff = text.index("staff:\n") + len("staff:\n")
        types = text.index("complainant_type_list:\n") + len("complainant_type_list:\n")
        rules.write_text(text[:staff] + NEW_STAFF + text[staff:types] + NEW_TYPE + text[types:])
        assert await reload_rules(context, [])
        follow_rule_file(context, deps)
        assert deps.directory.organisation.name_of("priya.newstarter@heard.localhost") == (
            "Priya Newstarter"
        )
        assert deps.directory.known_as("Priya.Newstarter@heard.localhost") >= {"Priya Newstarter"}
        assert ("neighbour_helping", "Neighbour helping the family") in deps.complainant_types
    finally:
        context.engine.dispose()


async def test_serve_refreshes_the_running_web_view_on_reload(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`heard serve`'s web component hands the deps its app was built with to
    follow_rule_file on each reload (the SIGHUP handler calls reload_rules with it)."""
    import heard.web_wiring

    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    context = build_context(settings.model_copy(update={"rules_path": rules, "web_port": 0}))
    followed: list[WebDeps] = []
    monkeypatch.setattr(heard.web_wiring, "follow_rule_file", lambda _, deps: followed.append(deps))
    component = web_component(context)
    assert not isinstance(component, str)
    await component.start()
    try:
        assert await reload_rules(context, [component])
        assert len(followed) == 1 and isinstance(followed[0], WebDeps)
    finally:
        await component.stop()
        context.engine.dispose()
