from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from heard.settings import DEFAULT_RULES_PATH, Settings
from triage import phrase_cache
from triage.patterns import expand, first_words
from triage.rulebook import RULE_SECTIONS, RulebookError, check_rules_file, parse_rulebook

DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text()


def broken(old: str, new: str) -> str:
    assert old in DEFAULT_TEXT
    return DEFAULT_TEXT.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "    directorate: early_help_and_education\n    manager: {name: Early Help Manager",
            "    directorate: nowhere\n    manager: {name: Early Help Manager",
            "teams[12].directorate",
            "unknown directorate 'nowhere'",
        ),
        (
            "  - {address: compliments@heard.localhost, kind: compliment}",
            "  - {address: compliments@heard.localhost, kind: praise}",
            "mailboxes[1].kind",
            "Input should be",
        ),
        (
            "    team: youth_justice\n",
            "    team: youth_crime\n",
            "routing[10].team",
            "unknown team 'youth_crime'",
        ),
        (
            "  - id: cat.quality\n",
            "  - id: cat.quality\n    colour: red\n",
            "categories[6].colour",
            "Extra inputs are not permitted",
        ),
    ],
)
def test_broken_rule_file_names_file_line_and_field(
    old: str, new: str, field: str, message: str
) -> None:
    text = broken(old, new)
    with pytest.raises(RulebookError) as raised:
        parse_rulebook(text, source="rules.yaml")
    problem = raised.value.problems[0]
    assert problem.field == field
    assert message in problem.message
    marker = next(line.strip() for line in new.splitlines() if line.strip() not in old)
    assert problem.line == line_of(text, marker)
    assert str(problem).startswith(f"rules.yaml:{problem.line}: {field}: ")


def test_bad_regex_and_yaml_syntax() -> None:
    with pytest.raises(RulebookError, match=r"patterns\[0\]: invalid regular expression"):
        parse_rulebook(broken('"re:\\\\b(?:over', '"re:\\\\b((?:over'), source="r.yaml")
    with pytest.raises(RulebookError, match=r"r.yaml:\d+: yaml:"):
        parse_rulebook(DEFAULT_TEXT + "\nteams: [unclosed\n", source="r.yaml")


def test_a_key_given_twice_is_refused_with_both_lines() -> None:
    """YAML keeps the second of two equal keys without a word: a second `ordinary:` written
    into a rule dropped the first's words while tuning, and an edited council copy would lose
    a section the same way. The file is refused, naming where the key is repeated."""
    ordinary = line_of(DEFAULT_TEXT, "    ordinary:")
    lines = DEFAULT_TEXT.splitlines(keepends=True)
    lines.insert(ordinary - 1, '    ordinary: ["x"]\n')
    with pytest.raises(RulebookError) as raised:
        parse_rulebook("".join(lines), source="r.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.field) == (ordinary + 1, "yaml")
    assert f"'ordinary' is given twice in the same mapping (first on line {ordinary})" in str(
        problem
    )
    with pytest.raises(RulebookError, match=r"r.yaml:\d+: yaml: 'safeguarding' is given twice"):
        parse_rulebook(DEFAULT_TEXT + "\nsafeguarding: []\n", source="r.yaml")


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = broken("    team: youth_justice\n", "    team: a\n")
    text = text.replace(
        "    directorate: early_help_and_education\n    manager: {name: Early Help",
        "    directorate: b\n    manager: {name: Early Help",
    )
    with pytest.raises(RulebookError) as raised:
        parse_rulebook(text, source="r.yaml")
    assert len(raised.value.problems) == 2


def test_a_not_logged_letters_where_to_go_may_not_name_the_mash() -> None:
    text = broken(
        'please tell us who you are and what happened."',
        'please tell us who you are and what happened. If you are worried, call the MASH."',
    )
    with pytest.raises(RulebookError, match="never names the MASH"):
        parse_rulebook(text, source="rules.yaml")


def test_heard_refuses_to_start_with_a_broken_rule_file(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text(broken("    team: youth_justice\n", "    team: nobody\n"))
    # The council's database exists: a command that reads one creates none (d7ecee1).
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    monkeypatch.setenv("HEARD_RULES_PATH", str(bad))
    assert check_rules_file(bad)
    result = CliRunner().invoke(app, ["config", "check"])
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "routing[10].team" in result.stderr
    result = CliRunner().invoke(app, ["cases", "show", "CSC-2026-000001"])
    assert result.exit_code == 2 and "HEARD_RULES_PATH" in result.stderr
    # listing cases reads no rules (it must stay fast), so it still answers
    assert CliRunner().invoke(app, ["cases", "list"]).exit_code == 0


@pytest.mark.parametrize(
    "phrase",
    ["(... |)scared to go home", "(go|*) home now", "((...|) x|y) scared", "(|)"],
)
def test_a_phrase_that_can_start_without_a_word_is_refused(phrase: str) -> None:
    """Checked on each alternative's first word (triage.patterns.first_words), however deep
    the brackets that make it."""
    text = broken("patterns: [self harm, ", f'patterns: ["{phrase}", self harm, ')
    with pytest.raises(RulebookError, match=r"patterns\[0\]: a phrase must start with a word"):
        parse_rulebook(text, source="rules.yaml")


@pytest.mark.parametrize(
    ("phrase", "option", "bracketed"),
    [
        ("a&e|hospital ... twice", "a&e", "(a&e|hospital) ... twice"),
        ("=ex|ex-partner ... found", "ex-partner", "(=ex|ex-partner) ... found"),
        ("back at 4-5am|3am", "4-5am", "back at (4-5am|3am)"),
    ],
)
def test_a_choice_without_brackets_may_not_hold_a_phrase(
    phrase: str, option: str, bracketed: str
) -> None:
    """The matcher reads an unbracketed a|b as one word per option, so "a&e|hospital ...
    twice" matched "asked a manager about this twice": the check refuses it in one line naming
    the option, in the shipped file's check as in a council's own file's."""
    text = broken("patterns: [self harm, ", f'patterns: ["{phrase}", self harm, ')
    with pytest.raises(RulebookError) as refused:
        parse_rulebook(text, source="rules.yaml")
    (line,) = str(refused.value).splitlines()
    assert f"patterns[0]: {option!r} is more than one word" in line
    parse_rulebook(text.replace(phrase, bracketed), source="rules.yaml")


def test_a_bracketed_choice_matches_its_options_whole() -> None:
    """(a&e|hospital) ... twice, as the shipped sg.other_risk writes it: "a&e" is read whole,
    and a lone "a" is no longer one of its options."""
    rulebook = parse_rulebook(DEFAULT_TEXT, source="rules.yaml")
    (other_risk,) = [rule for rule in rulebook.safeguarding if rule.spec.id == "sg.other_risk"]

    def fires(text: str) -> bool:
        return other_risk.fires(rulebook.scan(f"\n{text}"))

    assert fires("She has been taken to A&E twice this month.")
    assert not fires("I have asked a manager about this twice and had no answer.")


def test_first_words_are_the_first_words_of_every_expansion() -> None:
    """first_words spares the rule file's check spelling out every phrase (0.8 s of CPU for
    each process that loads the shipped rules); it must find what that spelling-out finds."""
    spec = parse_rulebook(DEFAULT_TEXT, source="rules.yaml").spec
    phrases = [
        phrase
        for section in RULE_SECTIONS
        for rule in getattr(spec, section)
        for phrase in (*rule.patterns, *rule.unless)
        if not phrase.startswith("re:")
    ]
    phrases += ["a(b|c) d", "(a (b|c)|d) e", ")x y(b|c)", "(a) )b(", " (a|...) b", "(a|)(b|*) c"]
    for phrase in phrases:
        spelt = {variant.split()[0] if variant.split() else "" for variant in expand(phrase)}
        assert first_words(phrase) == spelt, phrase


def test_the_phrase_index_is_loaded_on_first_scan_once_for_every_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command that lists cases reads the rule file for its lists and teams and never scans:
    it reads no phrase index. Copies (heard serve's own, SIGHUP's) share the one index."""
    loaded: list[int] = []
    real = phrase_cache.compiled_index

    def counted(entries: phrase_cache.Entries) -> phrase_cache.PhraseIndex:
        loaded.append(len(entries))
        return real(entries)

    monkeypatch.setattr(phrase_cache, "compiled_index", counted)
    rulebook = parse_rulebook(DEFAULT_TEXT + "\n# read lazily\n", source="rules.yaml")
    copy = rulebook.own_copy()
    assert loaded == []
    assert copy.scan("I am scared to go home.").hits
    rulebook.warm()
    assert rulebook.index is copy.index and len(loaded) == 1


@pytest.mark.parametrize("name", ["...", "* team", "—", "(MASH) | Front Door"])
def test_a_team_or_staff_name_is_read_by_its_words_not_as_a_phrase(name: str) -> None:
    """A name is what the council calls the team or the person: its punctuation is no phrase
    syntax, so a name the index could not take as a phrase loads (it was refused, and "—" as a
    team's name stopped `heard config check` with "unexpected error")."""
    for old in ("name: Complaints and Customer Relations", "{name: Example Worker,"):
        text = broken(old, old.replace(old.split("name: ")[1].rstrip(","), f'"{name}"'))
        assert parse_rulebook(text, source="rules.yaml").organisation.teams


def test_a_named_list_of_phrases_counts_in_place_in_another_list() -> None:
    """The shipped file writes the phrases that name a social care service once
    (&social_care_named, social.child_services' patterns) and corp.education_domain's unless
    repeats them as *social_care_named ahead of its own: each rule reads every phrase."""
    rulebook = parse_rulebook(DEFAULT_TEXT, source="rules.yaml")
    (services,) = [
        rule.spec for rule in rulebook.social_care if rule.spec.id == "social.child_services"
    ]
    (education,) = [
        rule.spec for rule in rulebook.corporate if rule.spec.id == "corp.education_domain"
    ]
    assert all(isinstance(phrase, str) for phrase in education.unless)
    assert education.unless[: len(services.patterns)] == services.patterns
    assert "court" in education.unless and "short break|breaks" in services.patterns


def test_a_fault_in_a_named_list_is_placed_on_its_line_for_each_rule_that_reads_it() -> None:
    """Positions in a phrase list count a named list's phrases one by one, so the second
    phrase of *social_care_named is corp.education_domain's unless[1], and its line is the
    one the phrase is written on, in social.child_services."""
    text = broken(
        '&social_care_named ["short break|breaks", ',
        '&social_care_named ["short break|breaks", "(unclosed", ',
    )
    with pytest.raises(RulebookError) as refused:
        parse_rulebook(text, source="rules.yaml")
    problems = {problem.field: problem for problem in refused.value.problems}
    assert {field.split(".", 1)[1] for field in problems} == {"patterns[1]", "unless[1]"}
    for problem in problems.values():
        assert "unbalanced brackets" in problem.message
        assert problem.line == line_of(text, '"(unclosed"')
