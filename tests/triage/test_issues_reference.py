"""Triage judges the sentences of a text in groups (those where the same keys match), not one by
one: it must propose exactly the issues, fired rules and doubts of judging every sentence, as
the function kept here did (written against the scan's per-sentence answers), on random texts
built from the rules' own phrases, repeats and line breaks, for the shipped rules and for rules
with more staff, text-scoped rules and regular expressions."""

from __future__ import annotations

import re
from collections import defaultdict

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from heard.settings import DEFAULT_RULES_PATH
from triage import engine
from triage.engine import _TIE, Fired, Issue, _team_names
from triage.patterns import ScannedText, expand
from triage.rulebook import OTHER_CATEGORY, Rulebook, load_rulebook, parse_rulebook


def varied_rulebook() -> Rulebook:
    """The shipped rules with three staff (two in one team, with one of another between them), text-scoped category and routing
    rules, and a category and a team that regular expressions find."""
    spec = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    spec["staff"] = [
        {"name": "Example Worker", "team": "assessment", "email": "a@heard.localhost"},
        {"name": "Sam Carer", "team": "fostering", "email": "c@heard.localhost"},
        {"name": "Jo Bloggs", "team": "assessment", "email": "b@heard.localhost"},
    ]
    for rules in (spec["categories"], spec["routing"]):
        for number, rule in enumerate(rules):
            if number % 3 == 0:
                rule["scope"] = "text"
                rule.setdefault("unless", []).append("not really")
    spec["categories"][1]["patterns"].append("re:\\bnever\\s+(?:rang|called)\\b")
    spec["routing"][0]["patterns"].append("re:(?m)^foster")
    return parse_rulebook(yaml.safe_dump(spec), source="varied")


RULEBOOKS = {"shipped": load_rulebook(DEFAULT_RULES_PATH), "varied": varied_rulebook()}


def phrases_of(rulebook: Rulebook) -> list[str]:
    spec = rulebook.spec
    written = [
        *(p for rule in (*spec.categories, *spec.routing) for p in (*rule.patterns, *rule.unless)),
        *(person.name for person in spec.staff),
        *(name for team in spec.teams for name in (team.name, *team.aliases)),
        "not really",
        "never rang",
        "foster",
    ]
    return sorted(
        {
            # the expression is tried at every word (seconds over ~900,000 variants); only a
            # few hundred hold a choice at all
            (_FIRST_CHOICE.sub(r"\1", variant) if "|" in variant else variant)
            .replace("...", "and then")
            .replace("*", "some")
            .replace("=", "")
            for phrase in written
            if not phrase.startswith("re:")
            for variant in expand(phrase)
        }
    )


_FIRST_CHOICE = re.compile(r"([\w']+)(?:\|[\w']+)+")  # a|b|c: a


PHRASES = phrases_of(RULEBOOKS["varied"])
# What the varied rules add, and their text-scoped rules' first phrases, chosen more often.
FOCUS = [
    "not really",
    "never rang",
    "foster",
    *(person.name for person in RULEBOOKS["varied"].spec.staff),
    *(
        _FIRST_CHOICE.sub(r"\1", expand(rule.patterns[0])[0])
        for rule in (*RULEBOOKS["varied"].spec.categories, *RULEBOOKS["varied"].spec.routing)
        if rule.scope == "text"
    ),
]
SEPARATORS = [". ", "\n", " ", ", ", "! ", ".\n\n", " and "]

texts = st.builds(
    lambda sentences, order, separators: "".join(
        sentences[n % len(sentences)] + separators[place % len(separators)]
        for place, n in enumerate(order)
    ),
    st.lists(
        st.lists(
            st.one_of(st.sampled_from(PHRASES), st.sampled_from(FOCUS)), min_size=1, max_size=3
        ).map(" ".join),
        min_size=1,
    ),
    st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40),
    st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, which=st.sampled_from(sorted(RULEBOOKS)))
def test_issues_judged_in_groups_are_those_of_judging_every_sentence(text: str, which: str) -> None:
    rulebook = RULEBOOKS[which]
    scanned = rulebook.scan(text)
    fired: Fired = []
    uncertain: list[str] = []
    expected_fired: Fired = []
    expected_uncertain: list[str] = []
    issues = engine._issues(scanned, rulebook, fired, uncertain)
    assert issues == every_sentence_judged(scanned, rulebook, expected_fired, expected_uncertain)
    assert (fired, uncertain) == (expected_fired, expected_uncertain)
    categories = [category for category, _, _ in issues]
    assert len(categories) == len(set(categories))  # one issue, one team, for each category


def every_sentence_judged(
    text: ScannedText, rulebook: Rulebook, fired: Fired, uncertain: list[str]
) -> tuple[Issue, ...]:
    """The issues as triage found them before it judged sentences in groups."""
    categories: dict[int, list[tuple[str, str]]] = defaultdict(list)
    hits = text.hits
    for rule in rulebook.categories:
        if rule.key not in hits:
            continue
        sentences = rule.sentences(text)
        if sentences:
            fired.append((rule.spec.id, rule.spec.reason))
            for sentence in sentences:
                categories[sentence].append((rule.spec.category, rule.spec.id))
    teams: dict[int, list[tuple[str, str | None, str]]] = defaultdict(list)
    for number, team_id in rulebook.staff_names:
        if (number, "patterns") not in hits:
            continue
        for sentence in sorted(text.sentences_of((number, "patterns"))):
            if not teams[sentence] or teams[sentence][0][2] != f"staff.{team_id}":
                teams[sentence].append((team_id, None, f"staff.{team_id}"))
    for number, team_id in rulebook.team_mentions:
        if (number, "patterns") not in hits:
            continue
        for sentence in sorted(text.sentences_of((number, "patterns"))):
            teams[sentence].append((team_id, None, f"team.{team_id}"))
    for rule in rulebook.routing:
        if rule.key not in hits:
            continue
        sentences = rule.sentences(text)
        if sentences:
            fired.append((rule.spec.id, rule.spec.reason))
            for sentence in sentences:
                teams[sentence].append((rule.spec.team, rule.spec.category, rule.spec.id))
    first_team = teams[min(teams)][0][0] if any(teams.values()) else None
    triage_team = rulebook.organisation.triage_team.id
    issues: dict[tuple[str, str], str] = {}
    last_team: str | None = None
    previous: tuple[object, object] | None = None
    for sentence in sorted({*categories, *teams}):
        here = teams.get(sentence) or []
        # A sentence that finds what the one before it found changes nothing (long mail
        # repeats itself): the same teams and categories give the same issues and last team.
        found = (here, categories.get(sentence))
        if found == previous:
            continue
        previous = found
        if here:
            last_team = here[0][0]
        named = list(dict.fromkeys(team_id for team_id, _, _ in here))
        if len(named) > 1 and categories.get(sentence):
            # Two teams named or pointed to where the matter is: which answers is staff's call.
            why = _TIE.format(_team_names(rulebook, named))
            if why not in uncertain:
                uncertain.append(why)
            here = [(triage_team, None, "routing.tie")]
        for category, rule_id in categories.get(sentence, ()):
            default = rulebook.category_specs.get(category)
            team = (
                (here[0][0] if here else None)
                or last_team
                or first_team
                or (default.team if default else None)
                or triage_team
            )
            issues.setdefault((category, team), rule_id)
        if not categories.get(sentence):
            for routed_team, routed_category, rule_id in here:
                if routed_category is not None:
                    issues.setdefault((routed_category, routed_team), rule_id)
    if not issues:
        team = first_team or triage_team
        fired.append(("routing.default", "no category matched: the complaints triage queue"))
        uncertain.append("no category matched: staff to say what the complaint is about")
        issues[(OTHER_CATEGORY, team if first_team else triage_team)] = "routing.default"
    return engine.one_per_category(issues, rulebook, uncertain)
