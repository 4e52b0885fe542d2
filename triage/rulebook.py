"""Loading the rule file: validated whole, with every problem reported by file, line and field.

PyYAML's composer keeps the line of every node; pydantic reports where a value is wrong; the
two together say `rules.yaml:42: teams[3].directorate: unknown directorate 'x'`. A file with any
problem is refused entirely, never half-loaded.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from org.directory import Organisation
from triage.patterns import (
    Key,
    PhraseIndex,
    ScannedText,
    multi_word_choices,
    normalise,
    starts_with_word,
    warm_lemmatizer,
    words,
)
from triage.phrase_cache import IndexOnFirstUse
from triage.route_model import RouteModel
from triage.rulebook_schema import (
    PHRASE_LISTS,
    CategorySpec,
    ComplainantTypeSpec,
    RulebookSpec,
)
from triage.safeguarding_model import SafeguardingModel
from triage.young_voice_model import YoungVoiceModel

UNKNOWN_TYPE = "unknown"  # always valid: nobody said who is writing
OTHER_CATEGORY = "other"  # always valid: no category rule matched

Path_ = tuple[str | int, ...]

# The rulebook's sections that hold rules with ids (the rest hold teams, staff and settings).
RULE_SECTIONS = (
    "safeguarding",
    "safeguarding_settled",
    "safeguarding_own_process",
    "secrecy",
    "staff_threat",
    "child_writing",
    "record_kinds",
    "complainant_types",
    "complaint_signals",
    "advocacy",
    "not_logged",
    "out_of_time",
    "in_time",
    "historic",
    "background_years",
    "corporate",
    "social_care",
    "unsure",
    "categories",
    "routing",
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class RulebookError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class CompiledRule:
    spec: Any  # a Rule subclass from triage.rulebook_schema
    number: int  # its key in the rulebook's phrase index
    key: Key = field(init=False)
    unless: Key = field(init=False)
    ordinary: Key = field(init=False)
    text_scope: bool = field(init=False)

    def __post_init__(self) -> None:
        # Worked out once at load, not on every call: triage asks every rule of the file.
        object.__setattr__(self, "key", (self.number, "patterns"))
        object.__setattr__(self, "unless", (self.number, "unless"))
        object.__setattr__(self, "ordinary", (self.number, "ordinary"))
        object.__setattr__(self, "text_scope", self.spec.scope == "text")

    def fires(self, scanned: ScannedText) -> bool:
        return self.key in scanned.hits and bool(self.sentences(scanned))

    def sentences(self, scanned: ScannedText) -> frozenset[int]:
        """The sentences where this rule fires (all of them, -1, for a text-scoped rule)."""
        if self.key not in scanned.hits:
            return _NONE
        if self.unless not in scanned.hits:
            return scanned.sentences_of(self.key)
        if self.text_scope:
            return _NONE
        return scanned.sentences_of(self.key) - scanned.sentences_of(self.unless)

    def only_ordinary(self, scanned: ScannedText) -> bool:
        """Every match where the rule fires lies wholly inside one of its `ordinary` phrases (a
        safeguarding rule's "bruise" inside "a bruise from netball"): the match is weighed,
        not referred outright."""
        if self.ordinary not in scanned.hits:
            return False
        where = self.sentences(scanned)
        ordinary = scanned.spans_of(self.ordinary)
        return all(
            any(
                o_sentence == sentence and o_start <= start and end <= o_end
                for o_sentence, o_start, o_end in ordinary
            )
            for sentence, start, end in scanned.spans_of(self.key)
            if sentence in where
        )

    def fires_in(self, keys: frozenset[Key], hits: frozenset[Key]) -> bool:
        """Whether it fires in a sentence where `keys` match, of a text where `hits` do: the
        judgement of `sentences`, for one sentence."""
        if self.key not in keys:
            return False
        return self.unless not in hits or not (self.text_scope or self.unless in keys)

    def quote(self, scanned: ScannedText) -> list[str]:
        """The words that made it fire (in the sentences where it fired), for staff and MASH."""
        return scanned.quote(self.key, sentences=self.sentences(scanned))


_NONE: frozenset[int] = frozenset()

Fired = list[tuple[str, str]]  # (rule id, reason) of every rule that fired, in order


def fire_first(rules: list[CompiledRule], text: ScannedText, fired: Fired) -> CompiledRule | None:
    """The first of `rules` that fires in the text, recorded in `fired` (first match wins)."""
    hits = text.hits
    for rule in rules:
        if rule.key in hits and rule.fires(text):
            fired.append((rule.spec.id, rule.spec.reason))
            return rule
    return None


def fire_every(rules: list[CompiledRule], text: ScannedText, fired: Fired) -> list[CompiledRule]:
    """Every one of `rules` that fires in the text, each recorded in `fired`: where staff are
    owed every reason (a threat to staff), not the first."""
    hits = text.hits
    found = [rule for rule in rules if rule.key in hits and rule.fires(text)]
    fired.extend((rule.spec.id, rule.spec.reason) for rule in found)
    return found


@functools.cache
def shipped_model() -> SafeguardingModel:
    """Read once per process: every rulebook shares the weights shipped with heard."""
    return SafeguardingModel.load()


@functools.cache
def shipped_route_model() -> RouteModel:
    """Read once per process, as the safeguarding model is."""
    return RouteModel.load()


@functools.cache
def shipped_young_voice_model() -> YoungVoiceModel:
    """Read once per process, as the safeguarding model is."""
    return YoungVoiceModel.load()


class Rulebook:
    """The validated rule file with its patterns compiled once, and lookups others need."""

    def __init__(self, spec: RulebookSpec, *, source: str) -> None:
        self.spec = spec
        self.source = source
        # The organisation the file describes, read once with the rules; triage routes to its
        # teams, every other package asks org/ directly.
        self.organisation = Organisation(
            directorates=spec.directorates,
            teams=spec.teams,
            staff=spec.staff,
            roles=spec.roles,
            mailboxes=spec.mailboxes,
        )
        self._count = 0
        self._phrase_entries: list[tuple[Key, tuple[str, ...]]] = []
        self.safeguarding = self._compile(spec.safeguarding)
        self.safeguarding_settled = self._compile(spec.safeguarding_settled)
        self.safeguarding_own_process = self._compile(spec.safeguarding_own_process)
        self.secrecy = self._compile(spec.secrecy)
        self.child_writing = self._compile(spec.child_writing)
        self.young_voice_model: YoungVoiceModel | None = (
            shipped_young_voice_model() if spec.young_voice_model else None
        )
        self.safeguarding_model = shipped_model() if spec.safeguarding_model else None
        self.route_model: RouteModel | None = shipped_route_model() if spec.route_model else None
        self.record_kinds = self._compile(spec.record_kinds)
        self.complainant_types = self._compile(spec.complainant_types)
        self.complaint_signals = self._compile(spec.complaint_signals)
        self.advocacy = self._compile(spec.advocacy)
        self.not_logged = self._compile(spec.not_logged)
        self.out_of_time = self._compile(spec.out_of_time)
        self.in_time = self._compile(spec.in_time)
        self.historic = self._compile(spec.historic)
        self.background_years = self._compile(spec.background_years)
        self.corporate = self._compile(spec.corporate)
        self.social_care = self._compile(spec.social_care)
        self.unsure = self._compile(spec.unsure)
        self.categories = self._compile(spec.categories)
        self.routing = self._compile(spec.routing)
        self.staff_threat = self._compile(spec.staff_threat)
        self.staff_names = [
            (self._phrases(names_as_phrases([person.name])), person.team) for person in spec.staff
        ]
        # A team's aliases are phrases, checked with the file's rules (_cross_check).
        self.team_mentions = [
            (self._phrases([*names_as_phrases([team.name]), *team.aliases]), team.id)
            for team in spec.teams
        ]
        # every rule's phrases, compiled together (or read as compiled: triage/phrase_cache.py)
        # when a text is first scanned
        self._index = IndexOnFirstUse(self._phrase_entries)
        del self._phrase_entries

    @property
    def index(self) -> PhraseIndex:
        return self._index.get()

    def warm(self) -> None:
        """Read or compile the phrase index now, and load the dictionary its scans lemmatise
        words with, for a process about to triage as it runs."""
        self._index.get()
        warm_lemmatizer()

    def scan(self, text: str) -> ScannedText:
        return self.index.scan(text)

    def _compile(self, rules: Iterable[Any]) -> list[CompiledRule]:
        return [
            CompiledRule(
                rule, self._phrases(rule.patterns, rule.unless, getattr(rule, "ordinary", ()))
            )
            for rule in rules
        ]

    def _phrases(
        self, patterns: Iterable[str], unless: Iterable[str] = (), ordinary: Iterable[str] = ()
    ) -> int:
        self._count += 1
        self._phrase_entries.append(((self._count, "patterns"), tuple(patterns)))
        self._phrase_entries.append(((self._count, "unless"), tuple(unless)))
        if ordinary:  # safeguarding rules only; the other rules' entries stay as they were
            self._phrase_entries.append(((self._count, "ordinary"), tuple(ordinary)))
        return self._count

    # --- the council's lists ---------------------------------------------------------------
    @cached_property
    def category_specs(self) -> dict[str, CategorySpec]:
        found = {category.id: category for category in self.spec.category_list}
        found.setdefault(OTHER_CATEGORY, CategorySpec(id=OTHER_CATEGORY, label="Other"))
        return found

    @cached_property
    def complainant_type_specs(self) -> dict[str, ComplainantTypeSpec]:
        found = {kind.id: kind for kind in self.spec.complainant_type_list}
        found.setdefault(
            UNKNOWN_TYPE,
            ComplainantTypeSpec(id=UNKNOWN_TYPE, label="Not known", check_standing=True),
        )
        return found

    def complainant_type(self, type_id: str) -> ComplainantTypeSpec:
        return self.complainant_type_specs.get(type_id) or self.complainant_type_specs[UNKNOWN_TYPE]

    def category_label(self, category_id: str) -> str:
        spec = self.category_specs.get(category_id)
        return spec.label if spec else category_id.replace("_", " ").capitalize()

    def replace_with(self, other: Rulebook) -> None:
        """Take on another rule file's rules in place (`heard serve` on SIGHUP): every part
        holding this object (or its organisation) reads the new rules from its next use on.
        Only for a rulebook of one's own (`own_copy`): the parsed ones are shared through a
        cache."""
        if other is self:
            return
        organisation = self.organisation  # parts hold it directly: it changes in place too
        organisation.__dict__ = dict(other.organisation.__dict__)
        self.__dict__ = dict(other.__dict__)
        self.organisation = organisation

    def own_copy(self) -> Rulebook:
        """This rulebook (and its organisation) as objects of their own, which
        `replace_with` may change."""
        clone = copy.copy(self)
        clone.organisation = copy.copy(self.organisation)
        return clone


# Limits on the rule file, checked before and while parsing it, so that a wrong file (or a
# YAML "billion laughs" of nested aliases) is refused within a second instead of hanging start-up.
# The shipped file is about 250 KB, 6,200 nodes and 5 levels deep: a council's copy adds its
# teams, staff and rules to it, and the tuners' phrases grow it, so the byte limit leaves it
# room four times over (at 256 KB a council could add 11 KB: 115 teams were refused).
MAX_RULES_BYTES = 1024 * 1024
MAX_RULES_NODES = 50_000  # counted with every alias expanded
MAX_RULES_DEPTH = 32


def names_as_phrases(names: Iterable[str]) -> list[str]:
    """Team and staff names, found in a text by their words alone: a name is what the council
    calls the team, not a phrase, so its punctuation ("Fostering <North> & Lodgings", "— Front
    Door", "Unit *") is never read as phrase syntax. A name with no word in it finds nothing."""
    found = (" ".join(words(normalise(name))) for name in names)
    return [phrase for phrase in found if phrase]


def load_rulebook(path: Path | str) -> Rulebook:
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_RULES_BYTES + 1)
    except OSError as error:
        raise RulebookError(
            [Problem(name, None, "file", f"cannot read: {error.strerror}")]
        ) from None
    if len(raw) > MAX_RULES_BYTES:
        raise RulebookError(
            [Problem(name, None, "file", f"larger than {MAX_RULES_BYTES // 1024} KB")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise RulebookError(
            [Problem(name, line, "file", f"not UTF-8 text (byte 0x{raw[error.start]:02x})")]
        ) from None
    return parse_rulebook(text, source=name)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopping as soon as the file nests too deep or holds too much
    (PyYAML's scanner slows down with every open bracket, so the depth is checked as it goes)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        self.nodes += 1
        if self.depth > MAX_RULES_DEPTH:
            raise yaml.YAMLError(f"nested more than {MAX_RULES_DEPTH} levels deep")
        if self.nodes > MAX_RULES_NODES:
            raise yaml.YAMLError(f"more than {MAX_RULES_NODES} values")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# libyaml, when PyYAML was built with it, parses the shipped rules about four times faster
# than the pure-Python loader (most of the time `heard serve` and `heard cases show` spent
# starting). Its composer is C and cannot be stopped node by node like _BoundedLoader, so
# the depth and the number of values are checked first on its event stream, which libyaml
# produces one event at a time without recursing; only a file within both limits is composed.
_FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_LEAVES = (yaml.ScalarEvent, yaml.AliasEvent)


def _check_shape(text: str, loader: type[yaml.CSafeLoader]) -> None:
    """The limits _BoundedLoader keeps while composing, kept on the events before composing:
    a node is as deep as the collections around it plus one, and every node counts."""
    try:
        _count_events(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as error:  # libyaml's own nesting limit, said our way
        if "nesting depth" in str(error.problem):
            raise yaml.YAMLError(f"nested more than {MAX_RULES_DEPTH} levels deep") from None
        raise


def _count_events(events: Iterable[yaml.Event]) -> None:
    depth = nodes = 0
    for event in events:
        if isinstance(event, _CLOSES):
            depth -= 1
            continue
        if not isinstance(event, _OPENS + _LEAVES):
            continue
        nodes += 1
        if depth + 1 > MAX_RULES_DEPTH:
            raise yaml.YAMLError(f"nested more than {MAX_RULES_DEPTH} levels deep")
        if nodes > MAX_RULES_NODES:
            raise yaml.YAMLError(f"more than {MAX_RULES_NODES} values")
        if isinstance(event, _OPENS):
            depth += 1


def _load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, parsed once, within the limits above."""
    loader: yaml.CSafeLoader | _BoundedLoader
    if _FAST_LOADER is not None:
        _check_shape(text, _FAST_LOADER)
        loader = _FAST_LOADER(text)
    else:
        loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        _check_size(node)
        return node, loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise yaml.YAMLError(f"nested more than {MAX_RULES_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def _check_size(root: yaml.Node | None) -> None:
    """Refuse trees that expand (through aliases) beyond the limits, or refer to themselves."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > MAX_RULES_DEPTH:
            raise yaml.YAMLError(f"nested more than {MAX_RULES_DEPTH} levels deep")
        if id(node) in open_nodes:
            raise yaml.YAMLError("an alias refers to the node that contains it")
        open_nodes.add(id(node))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            _refuse_repeated_keys(node)
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1 + sum(size(child, depth + 1) for child in children)
        if total > MAX_RULES_NODES:
            raise yaml.YAMLError(f"more than {MAX_RULES_NODES} values once aliases are expanded")
        open_nodes.discard(id(node))
        sizes[id(node)] = total
        return total

    if root is not None:
        size(root, 0)


def _refuse_repeated_keys(mapping: yaml.MappingNode) -> None:
    """YAML keeps the last of two equal keys and says nothing: a second `ordinary:` written
    into a rule silently dropped the first's words (found tuning the shipped file), and a
    council's edited copy would lose a team's or a rule's settings the same way."""
    seen: dict[str, yaml.Node] = {}
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        first = seen.setdefault(key.value, key)
        if first is not key:
            raise yaml.MarkedYAMLError(
                problem=f"'{key.value}' is given twice in the same mapping (first on line "
                f"{first.start_mark.line + 1}): the second would silently replace the first",
                problem_mark=key.start_mark,
            )


def parse_rulebook(text: str, *, source: str) -> Rulebook:
    """The validated rulebook; the same file text gives the same (immutable) rules, so a
    process that loads its rules many times compiles them once, whichever path the text was
    read from (compiling the shipped file's phrases takes seconds). A bad text is not kept: its
    problems name the source they were read from each time."""
    parsed = _PARSED.get(text)
    if parsed is None:
        parsed = _parse_rulebook(text, source)
        _PARSED[text] = parsed
        while len(_PARSED) > _PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
    if parsed.source == source:
        return parsed
    named = copy.copy(parsed)
    named.source = source
    return named


_PARSED: dict[str, Rulebook] = {}
_PARSED_KEPT = 8


def _parse_rulebook(text: str, source: str) -> Rulebook:
    try:
        node, data = _load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise RulebookError([Problem(source, line, "yaml", str(problem))]) from None
    if not isinstance(data, dict):
        raise RulebookError([Problem(source, 1, "file", "must be a mapping of sections")])
    if not set(map(str, data)) & set(RulebookSpec.model_fields):
        # Some other file named by mistake (a password file's lines read as YAML keys): one
        # line, and none of its text, which may be a secret, is repeated.
        required = [
            name for name, field in RulebookSpec.model_fields.items() if field.is_required()
        ]
        raise RulebookError(
            [
                Problem(
                    source, 1, "file", f"is not a rule file: it has none of {', '.join(required)}"
                )
            ]
        )
    lines = _line_index(node)
    try:
        spec = RulebookSpec.model_validate(data)
    except ValidationError as error:
        raise RulebookError(
            [
                Problem(
                    source,
                    _line_for(lines, tuple(item["loc"])),
                    _field(tuple(item["loc"])),
                    item["msg"],
                )
                for item in error.errors()
            ]
        ) from None
    problems = [
        Problem(source, _line_for(lines, location), _field(location), message)
        for location, message in _cross_check(spec)
    ]
    if problems:
        raise RulebookError(problems)
    return Rulebook(spec, source=source)


def check_rules_file(path: Path | str) -> list[str]:
    try:
        load_rulebook(path)
    except RulebookError as error:
        return [str(problem) for problem in error.problems]
    return []


def _cross_check(spec: RulebookSpec) -> list[tuple[Path_, str]]:
    """References between sections, and patterns that must compile."""
    found: list[tuple[Path_, str]] = Organisation(
        directorates=spec.directorates,
        teams=spec.teams,
        staff=spec.staff,
        roles=spec.roles,
        mailboxes=spec.mailboxes,
    ).problems()
    teams = {t.id for t in spec.teams}
    categories = {category.id for category in spec.category_list} | {OTHER_CATEGORY}
    types = {kind.id for kind in spec.complainant_type_list} | {UNKNOWN_TYPE}
    for index, rule in enumerate(spec.routing):
        if rule.team not in teams:
            found.append((("routing", index, "team"), f"unknown team {rule.team!r}"))
        if rule.category is not None and rule.category not in categories:
            found.append((("routing", index, "category"), f"unknown category {rule.category!r}"))
    for index, category in enumerate(spec.category_list):
        if category.team is not None and category.team not in teams:
            found.append((("category_list", index, "team"), f"unknown team {category.team!r}"))
    for section, ids in (
        ("category_list", [category.id for category in spec.category_list]),
        ("complainant_type_list", [kind.id for kind in spec.complainant_type_list]),
    ):
        seen_ids: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen_ids:
                found.append(((section, index, "id"), f"duplicate id {item_id!r}"))
            seen_ids.add(item_id)
    for index, category_rule in enumerate(spec.categories):
        if category_rule.category not in categories:
            found.append(
                (
                    ("categories", index, "category"),
                    f"unknown category {category_rule.category!r}: add it to category_list",
                )
            )
    for index, type_rule in enumerate(spec.complainant_types):
        if type_rule.type not in types:
            found.append(
                (
                    ("complainant_types", index, "type"),
                    f"unknown complainant type {type_rule.type!r}: add it to complainant_type_list",
                )
            )
    for index, team in enumerate(spec.teams):
        for position, alias in enumerate(team.aliases):
            error = _pattern_error(alias)
            if error:
                found.append((("teams", index, "aliases", position), error))
    for section in RULE_SECTIONS:
        seen: set[str] = set()
        for index, rule in enumerate(getattr(spec, section)):
            if rule.id in seen:
                found.append(((section, index, "id"), f"duplicate rule id {rule.id!r}"))
            seen.add(rule.id)
            for key in PHRASE_LISTS:
                for position, pattern in enumerate(getattr(rule, key, ())):
                    error = _pattern_error(pattern)
                    if error:
                        found.append(((section, index, key, position), error))
    return found


def _pattern_error(pattern: str) -> str | None:
    if not pattern.strip():
        return "empty pattern"
    if pattern.startswith("re:"):
        try:
            re.compile(pattern[3:])
        except re.error as error:
            return f"invalid regular expression: {error}"
        return None
    if pattern.count("(") != pattern.count(")"):
        return "unbalanced brackets"
    if not starts_with_word(pattern):
        return "a phrase must start with a word (not * or ...)"
    several = multi_word_choices(pattern)
    if several:
        return (
            f"{several[0]!r} is more than one word in an a|b choice without brackets, so only"
            " its first word would match: put the choice in brackets, as in (a&e|hospital)"
        )
    return None


def _line_index(node: yaml.Node | None, path: Path_ = ()) -> dict[Path_, int]:
    if node is None:
        return {}
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _line_index(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        items = node.value
        if path and path[-1] in PHRASE_LISTS:  # a named list in a phrase list counts in place
            items = [
                phrase
                for item in items
                for phrase in (item.value if isinstance(item, yaml.SequenceNode) else [item])
            ]
        for index, value in enumerate(items):
            lines.update(_line_index(value, (*path, index)))
    return lines


def _line_for(lines: dict[Path_, int], location: Path_) -> int | None:
    while location:
        if location in lines:
            return lines[location]
        location = location[:-1]
    return lines.get(())


def _field(location: Path_) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"
