"""A council's rule file may add a category, the team that answers it and a routing rule for that
team (README: the rule file). Walker3's did, and one complaint got two issues of the council's
category: the subject named it beside the routing rule's team, and a sentence of the body named
it beside a social worker too (a tie, sent to the triage queue). One category on a case is one
issue with one team (triage.engine.one_per_category)."""

from __future__ import annotations

from datetime import date

import yaml

from heard.settings import DEFAULT_RULES_PATH
from triage.engine import Contact, triage
from triage.rulebook import Rulebook, load_rulebook, parse_rulebook

TODAY = date(2026, 3, 2)


def councils_rules() -> Rulebook:
    """The shipped rules with a council's own team, category and routing rule."""
    spec = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    spec["teams"].append({
        "id": "online_safety", "name": "Online Safety Team", "aliases": ["online safety team"],
        "directorate": "childrens_social_care",
        "manager": {"name": "Online Safety Manager", "email": "online.manager@heard.localhost"},
    })  # fmt: skip
    spec["category_list"].insert(0, {"id": "online_harm", "label": "Online harm",
                                     "team": "online_safety", "theme": "Online harm"})  # fmt: skip
    spec["categories"].append({"id": "cat.online", "description": "Harm online.",
                               "reason": "Online harm.", "category": "online_harm",
                               "patterns": ["social media", "online grooming"]})  # fmt: skip
    spec["routing"].append({"id": "route.online", "description": "Online safety.",
                            "reason": "About online safety.", "team": "online_safety",
                            "patterns": ["online safety", "social media"]})  # fmt: skip
    return parse_rulebook(yaml.safe_dump(spec), source="council")


def test_a_councils_own_category_is_one_issue_with_its_team() -> None:
    rulebook = councils_rules()
    decision = triage(Contact(
        subject="Social media",
        body="I am the mother of Ava, 14. I want to make a formal complaint. Her social worker "
        "shared photos of her on social media without asking us and nobody has returned my "
        "calls about it.",
    ), rulebook, today=TODAY)  # fmt: skip
    online = [(category, team) for category, team, _ in decision.issues if category == "online_harm"]
    assert online == [("online_harm", "online_safety")], decision.issues
    categories = [category for category, _, _ in decision.issues]
    assert len(categories) == len(set(categories)), decision.issues
    # the sentence naming two teams is still staff's doubt to see
    assert any(why.startswith("more than one team could answer") for why in decision.uncertain)


def test_one_category_two_teams_named_is_one_issue_in_the_triage_queue() -> None:
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    decision = triage(Contact(
        subject="Complaint",
        body="The fostering team never returned my calls. "
        "Weeks later the adoption team never returned my calls either.",
    ), rulebook, today=TODAY)  # fmt: skip
    categories = [category for category, _, _ in decision.issues]
    assert len(categories) == len(set(categories)), decision.issues
    [doubt] = [why for why in decision.uncertain if why.startswith("more than one team")]
    assert "Fostering" in doubt and "Adoption" in doubt, doubt
    teams = {category: team for category, team, _ in decision.issues}
    assert teams["communication"] == rulebook.organisation.triage_team.id, decision.issues
