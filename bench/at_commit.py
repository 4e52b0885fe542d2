"""Files as they stood at a commit (`git show`), for the benches that measure old rules, old
dev rows and kept weights: one way to read them, and one way to read an old rule file."""

from __future__ import annotations

import subprocess
from typing import cast

import yaml

from triage.patterns import multi_word_choices
from triage.rulebook import Rulebook
from triage.rulebook_schema import RulebookSpec, named_lists_in_place

RULES_PATH = "triage/default_rules.yaml"


def shown_at(commit: str, path: str) -> str:
    """The text of `path` at `commit`; git's refusal (an unknown commit or path) is raised as
    CalledProcessError with git's own words on its stderr."""
    return subprocess.run(
        ["git", "show", f"{commit}:{path}"], capture_output=True, text=True, check=True
    ).stdout


def rules_at(commit: str, *, bracketed: bool = False) -> Rulebook:
    """The rule file as it was at `commit`, read by today's engine without today's check: files
    older than 29cf32e hold unbracketed choices of several words ("a&e|hospital") that the check
    now refuses (the matcher reads only the first word of each). `bracketed`: each such choice
    is bracketed, as 29cf32e did in the shipped file (the rules as meant); without it they are
    read as written, faults included (a forward test measuring the rules as they were)."""
    data = yaml.safe_load(shown_at(commit, RULES_PATH))
    if bracketed:
        for rules in data.values():
            for rule in rules if isinstance(rules, list) else ():
                for key in ("patterns", "unless"):
                    if isinstance(rule, dict) and key in rule:
                        phrases = cast(list[str], named_lists_in_place(rule[key]))
                        rule[key] = [_bracketed(phrase) for phrase in phrases]
    return Rulebook(RulebookSpec.model_validate(data), source=f"{commit}:{RULES_PATH}")


def _bracketed(phrase: str) -> str:
    if not multi_word_choices(phrase):
        return phrase
    return " ".join(
        f"({word})" if "|" in word and "(" not in word and ")" not in word else word
        for word in phrase.split(" ")
    )
