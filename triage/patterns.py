"""Phrase matching for rules: case-insensitive, whole words, any inflection, and fast.

Phrases are plain words ("scared to go home"). Every word of the text and of a phrase is
compared both as written and as its dictionary form (simplemma's English lemmas, which ship
with the library), so "hit me" also finds "hits me" and "hitting me" and "lock in" finds
"locked me in" only if written so. Two small additions cover what inflection cannot:

- `a|b|c` in a phrase position accepts any of those words ("hit|punch|kick me|him|her"),
  and `(a b|c)` any of those runs of words ("(my|our) (health visitor|gp) said");
- `*` accepts any one word, `...` any run of up to four words ("lock ... in my room");
- `=word` matches that word only as written, not its other forms ("=killing me" is not
  "kill me").

The text is split into sentences and words once; every phrase of every rule is looked up in
one index keyed by its first two words (or its first word), so triage costs one pass over the
text however many rules a council writes. Each hit remembers the sentence it is in and the
words it matched, so a rule can fire per sentence (its `unless` phrases judged in the same
sentence) and a referral can quote the words that fired. A sentence that repeats with the same
words after it (quoted replies, signatures, disclaimers) is walked once. A pattern starting
with `re:` is a regular expression, for the rare rule that needs one; it matches in the
sentence it is found.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from itertools import repeat
from typing import Any

import simplemma

_WORD = re.compile(r"\w+")
try:  # the standard library's own parser (private: without it, regexes get no literal filter)
    _sre_parser: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - present in every CPython heard supports
    _sre_parser = None
_WORD_SPLIT = re.compile(r"(\w+)")  # words kept, between the text that separates them
# A word that is a year, and an apostrophe inside a word (i'm = im, don't = dont, son's = sons).
# Each starts with what it matches and looks behind afterwards: an expression that starts with
# a lookbehind is tried at every character, one that starts with a literal is skipped to it.
_YEAR = re.compile(r"(?:19[5-9]|20[0-9])[0-9](?<!\w....)(?!\w)")
# A year given as someone's date of birth ("born 3 march 2015", "dob 03/03/2015", "date of
# birth: 2015") dates a person, not the events complained of: it is not read as a year.
_BIRTH_YEAR = re.compile(
    r"\b(?:born|dob|d\.o\.b|date of birth|birth date|birthdate|year of birth)\b[^\n!?]{0,20}?"
    r"((?:19[5-9]|20[0-9])[0-9])(?!\w)"
)
# A year in the name of a law ("the Children Act 1989", "the Data Protection Act 2018", "the
# Children Act 1989 Representations Procedure (England) Regulations 2006") dates the law, not the
# events complained of: it is not read as a year either.
_LAW_YEAR = re.compile(r"\b(?:act|acts|regulations)\s+((?:19[5-9]|20[0-9])[0-9])(?!\w)")
_APOSTROPHE = re.compile(r"['’](?<=\w['’])(?=\w)")
_SENTENCE_SPLIT = re.compile(r"([.!?\n][\s.!?]*)")  # one run of marks, one boundary (kept)
_GAP = "..."
_ANY = "*"
MAX_GAP = 4

Key = tuple[int, str]  # (rule number, "patterns", "unless" or "ordinary")
Token = frozenset[str] | str  # alternatives (words and their lemmas), or _ANY / _GAP
Span = tuple[int, int, int]  # (sentence number, start character, end character)


# A line break inside a sentence of hard-wrapped mail (a long line that does not end a
# sentence, the next starting in lower case): read as a space, or "scared to go" and "home"
# fall in two sentences and no phrase spans them. Short lines (greetings, form fields,
# signatures) and a next line in capitals keep their break.
_WRAPPED = re.compile(r"(?m)^([^\n]{39,}[^\n.!?:;\s])[ \t]*\r?\n(?=[ \t]*[a-z])")


def normalise(text: str) -> str:
    """NFKC and casefold, so full-width letters, ligatures and capitals match plain phrases;
    a hard-wrapped line's break read as a space."""
    composed = unicodedata.normalize("NFKC", text)
    if "\n" in composed:
        composed = _WRAPPED.sub(r"\1 ", composed)
    folded = composed.casefold()
    if "'" in folded or "’" in folded:  # the search is slow, the test for it is not
        return _APOSTROPHE.sub("", folded)
    return folded


def words(normalised_text: str) -> list[str]:
    return _WORD.findall(normalised_text)


# Words whose dictionary form would confuse: "dont" is not "do", "us" is not "we".
_NO_LEMMA = frozenset(
    [
        "dont",
        "cant",
        "wont",
        "im",
        "ive",
        "id",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "hasnt",
        "havent",
        "hes",
        "shes",
        "theyre",
        "youre",
        "thats",
        "aint",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "lets",
        "left",
    ]
)


@functools.lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of a word of four letters or more (short words are kept as they
    are: simplemma reads "me" as "I" and "us" as "we")."""
    if len(word) < 4 or word in _NO_LEMMA or word.isdigit():
        return word
    return simplemma.lemmatize(word, lang="en").casefold()


def warm_lemmatizer() -> None:
    """Load simplemma's English dictionary now: it is read from disk when the first word is
    lemmatised, which a process that triages as it runs should not leave to its first message
    (whose client waits for the 250)."""
    simplemma.lemmatize("complaints", lang="en")


class ScannedText:
    """What the phrases of an index matched in one text.

    A scan finds each distinct window of the text once (a sentence with the words after it
    that a phrase may run into): long mail repeats itself, so the hits are kept per window,
    with the sentences it stands at, and spread over those sentences only when asked."""

    def __init__(
        self,
        text: str,
        layout: _Layout,
        windows: dict[str, _Window],
        patterns: dict[Key, list[Span]],
    ) -> None:
        self.text = text  # normalised
        self._layout = layout
        self._windows = list(windows.values())
        self._windows_of: dict[Key, list[_Window]] = {}
        for window in self._windows:
            for key in window.keys:
                self._windows_of.setdefault(key, []).append(window)
        self._patterns = patterns  # what the regular expressions matched
        self.hits = frozenset(self._windows_of).union(patterns)
        self._sentences: dict[Key, frozenset[int]] = {}
        self._spans: dict[Key, list[Span]] = {}

    @functools.cached_property
    def sentence_starts(self) -> tuple[int, ...]:
        """Where each sentence starts in `text` (where its first word does)."""
        return self._layout.sentence_starts()

    @functools.cached_property
    def spans(self) -> dict[Key, list[Span]]:
        """Every match of every key: (sentence, start, end), in the order of the text."""
        return {key: self.spans_of(key) for key in self.hits}

    def spans_of(self, key: Key) -> list[Span]:
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = _spread(key, self._windows_of.get(key, ()))
            found.extend(self._patterns.get(key, ()))
        return found

    def years(self) -> list[int]:
        """The years 1950 to 2099 written as words of their own ("in 2024", not "2024a")."""
        return list(itertools.chain.from_iterable(map(_years_of, self._layout.pieces)))

    def years_by_sentence(self) -> list[tuple[int, int]]:
        """(year, sentence) for each year written as a word of its own, in the order of the text."""
        first = self._layout.first_sentence()
        return [
            (year, piece - first)
            for piece, read in enumerate(self._layout.pieces)
            if piece >= first
            for year in read.years
        ]

    def sentences_before(self, offset: int) -> frozenset[int]:
        """The sentences that start before a character offset (a subject line, say)."""
        return frozenset(range(self._layout.sentences_before(offset)))

    def sentences_of(self, key: Key) -> frozenset[int]:
        found = self._sentences.get(key)
        if found is None:
            in_windows = [window.sentence_set() for window in self._windows_of.get(key, ())]
            in_patterns = [span[0] for span in self._patterns.get(key, ())]
            found = self._sentences[key] = frozenset(in_patterns).union(*in_windows)
        return found

    def sentence_groups(self) -> list[tuple[frozenset[Key], list[int]]]:
        """The sentences where anything matched, grouped by the keys that match in them (in no
        particular order): every sentence a window stands at has the window's keys, but for
        the few where a regular expression matched too. Triage judges a group once, not
        each sentence of a long repetitive text."""
        extra: dict[int, set[Key]] = {}  # the keys the regular expressions add to a sentence
        for key, spans in self._patterns.items():
            for sentence, _, _ in spans:
                extra.setdefault(sentence, set()).add(key)
        groups: dict[frozenset[Key], list[int]] = {}
        for window in self._windows:
            plain = [n for n in window.sentences if n not in extra] if extra else window.sentences
            if window.keys and plain:
                groups.setdefault(window.keys, []).extend(plain)
        if extra:
            keys_at = {n: window.keys for window in self._windows for n in window.sentences}
            for sentence, keys in extra.items():
                groups.setdefault(keys_at.get(sentence, _NO_KEYS) | keys, []).append(sentence)
        return list(groups.items())

    def quote(
        self, key: Key, *, sentences: frozenset[int] | None = None, limit: int = 3
    ) -> list[str]:
        """The words of the text that this key matched (normalised), in the given sentences."""
        found: list[str] = []
        for sentence, start, end in self.spans_of(key):
            if sentences is not None and sentence not in sentences:
                continue
            words_found = self.text[start:end]
            if words_found not in found:
                found.append(words_found)
            if len(found) >= limit:
                break
        return found


@dataclass
class _Window:
    """One distinct window of a text: what its phrases matched, each as (key, start, end)
    from the window's first character, and where in the text the window stands."""

    hits: list[tuple[Key, int, int]]
    sentences: list[int] = field(default_factory=list)  # the sentence it starts
    offsets: list[int] = field(default_factory=list)  # where that sentence's text starts
    keys: frozenset[Key] = field(init=False)
    _sentence_set: frozenset[int] | None = None

    def __post_init__(self) -> None:
        self.keys = frozenset(key for key, _, _ in self.hits)

    def sentence_set(self) -> frozenset[int]:
        if self._sentence_set is None:
            self._sentence_set = frozenset(self.sentences)
        return self._sentence_set


_NO_KEYS: frozenset[Key] = frozenset()
_years_of = operator.attrgetter("years")


def _spread(key: Key, windows: Iterable[_Window]) -> list[Span]:
    """A key's matches in every place its windows stand, in the order of the text (a sentence
    has one window, so sorting by sentence keeps the order of the matches within one)."""
    spans = [
        (sentence, offset + start, offset + end)
        for window in windows
        for sentence, offset in zip(window.sentences, window.offsets, strict=True)
        for hit_key, start, end in window.hits
        if hit_key == key
    ]
    spans.sort(key=_first)
    return spans


def _first(span: Span) -> int:
    return span[0]


@functools.lru_cache(maxsize=100_000)
def _token(word: str) -> Token:
    """A phrase position's words and their lemmas (the shipped rules spell ~85,000 phrases
    with a few thousand distinct positions: each is read once)."""
    alternatives: set[str] = set()
    for choice in word.split("|"):
        exact = choice.startswith("=")
        for part in words(choice)[:1]:  # an alternative is one word
            alternatives.update((part,) if exact else (part, lemma(part)))
    return frozenset(alternatives)


_GROUP = re.compile(r"\(([^()]*)\)")


def expand(phrase: str) -> list[str]:
    """`(a b|c)` gives one phrase per alternative, each of any number of words."""
    found = _GROUP.search(phrase)
    if found is None:
        return [phrase]
    return [
        expanded
        for choice in found.group(1).split("|")
        for expanded in expand(phrase[: found.start()] + choice + phrase[found.end() :])
    ]


def multi_word_choices(phrase: str) -> list[str]:
    """Each alternative of an unbracketed `a|b` choice that is more than one word: the matcher
    reads such a choice as one position of one word each (_token), so "a&e|hospital ... twice"
    kept only "a" of "a&e" and referred "I have asked a manager about this twice". In brackets,
    "(a&e|hospital) ... twice", each alternative is read whole (expand)."""
    outside = phrase
    while (found := _GROUP.search(outside)) is not None:
        outside = f"{outside[: found.start()]} {outside[found.end() :]}"
    return [
        choice
        for written in outside.split()
        if "|" in written
        for choice in written.split("|")
        if len(words(normalise(choice.lstrip("=")))) > 1
    ]


def first_words(phrase: str) -> set[str]:
    """The first word of every phrase `expand` gives (\"\" for one with no words), without
    spelling them all out: once a whole word stands before the first bracket, the brackets
    after it change only later words. The rule file's check needs only first words, and
    expanding the shipped rules' phrases in full cost every process that loaded them about
    1.9 s of CPU."""
    bracket = phrase.find("(")
    head = phrase[:bracket] if bracket >= 0 else phrase
    before = head.split(maxsplit=1)
    if before and head.lstrip() != before[0]:  # a whole word before any bracket
        return {before[0]}
    found = _GROUP.search(phrase)
    if found is None:
        first = phrase.split(maxsplit=1)
        return {first[0] if first else ""}
    return {
        word
        for choice in found.group(1).split("|")
        for word in first_words(phrase[: found.start()] + choice + phrase[found.end() :])
    }


def starts_with_word(phrase: str) -> bool:
    """Whether every phrase `expand` gives starts with a word (not `*`, `...` or punctuation),
    as the index needs, checked without compiling it."""
    return all(
        first not in (_ANY, _GAP, "…") and any(ch.isalnum() for ch in first)
        for first in first_words(phrase)
    )


@functools.lru_cache(maxsize=200_000)  # the shipped rules expand to ~85,000 phrases
def compile_phrase(phrase: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    for written in normalise(phrase).replace("…", "...").split():
        if written in (_ANY, _GAP):
            tokens.append(written)
        elif "|" in written:
            tokens.append(_token(written))
        else:  # "i'm" is two words in the text, so two positions here
            exact = "=" if written.startswith("=") else ""
            tokens.extend(_token(exact + part) for part in words(written))
    return tuple(token for token in tokens if token)


class _Node:
    """One step of the phrase trie: the next word (as written or its lemma), any one word
    (`*`), a gap (`...`), and the keys of the phrases that end here.

    `number` is the node's place among the index's distinct nodes once it is one of them
    (PhraseIndex._share): from then on it may be reached along many paths and is never changed
    in place, only copied (_own). -1 while it is being built, reached along one path only."""

    __slots__ = ("__weakref__", "any", "edges", "gap", "keys", "number")

    def __init__(self) -> None:
        self.edges: dict[str, _Node] = {}
        self.any: _Node | None = None
        self.gap: _Node | None = None
        self.keys: list[Key] = []
        self.number = -1

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as its parts and read back through `_node`: about a third quicker to read
        than pickle's own way with a class with __slots__ (0.9 s of CPU against 1.3-1.4 s when
        the trie had ~980,000 nodes), which every process that triages pays at start
        (triage/phrase_cache.py): each `heard` command, each intake reader."""
        return (_node, (self.edges, self.any, self.gap, self.keys, self.number))


def _node(
    edges: dict[str, _Node],
    any_: _Node | None,
    gap: _Node | None,
    keys: list[Key],
    number: int = -1,
) -> _Node:
    node = _Node.__new__(_Node)
    node.edges, node.any, node.gap, node.keys, node.number = edges, any_, gap, keys, number
    return node


def _own(node: _Node | None) -> _Node:
    """A node a phrase may be added through: a new one, the node itself while it is reached
    along one path only, or a copy of a shared one (the copy is reached from here only)."""
    if node is None:
        return _Node()
    if node.number < 0:
        return node
    return _node(dict(node.edges), node.any, node.gap, list(node.keys))


# What makes two nodes the same: their edges, `*` and `...` followers (by number) and keys.
_Signature = tuple[frozenset[tuple[str, int]], int, int, tuple[Key, ...]]
Distinct = weakref.WeakValueDictionary[_Signature, _Node]


def _signature(node: _Node) -> _Signature:
    return (
        frozenset([(word, child.number) for word, child in node.edges.items()]),
        -1 if node.any is None else node.any.number,
        -1 if node.gap is None else node.gap.number,
        tuple(node.keys),  # in order: the order keys end in is the order a scan reports them
    )


def _number(node: _Node) -> int:
    return node.number


def _followers(node: _Node) -> list[_Node]:
    found = list(node.edges.values())
    if node.any is not None:
        found.append(node.any)
    if node.gap is not None:
        found.append(node.gap)
    return found


def _relink(node: _Node, same_as: dict[int, _Node]) -> None:
    """Point the node at the distinct node standing for each follower `same_as` names."""
    edges = node.edges
    for word, child in edges.items():
        edges[word] = same_as.get(id(child), child)
    if node.any is not None:
        node.any = same_as.get(id(node.any), node.any)
    if node.gap is not None:
        node.gap = same_as.get(id(node.gap), node.gap)


# (phrases that are this one word, first-word nodes followed by `*` or `...`, second words)
_Start = tuple[tuple[Key, ...], tuple[_Node, ...], dict[str, tuple[_Node, ...]]]
_NOTHING: _Start = ((), (), {})  # the word starts no phrase
_MAX_MEMO = 100_000  # distinct words remembered per index before the memo starts again


class PhraseIndex:
    """All rules' phrases in one trie, walked once over the text.

    Which trie nodes a word starts is remembered per distinct word (most words start none),
    so a word costs one dictionary lookup however many rules there are, and only the words
    that begin a phrase are walked further; the first step of the walk, where most walks end
    ("the" is rarely followed by a phrase's second word), is taken without a stack. Regular
    expressions are searched separately, each behind a cheaper search that must succeed for
    it to match."""

    def __init__(self) -> None:
        self._root = _Node()
        self._starts: dict[str, _Start] = {}
        self._regexes: list[_Regex] = []
        # The most words any phrase takes (a `...` MAX_GAP), kept as phrases go in: walking
        # the finished trie for it (some 790,000 nodes) cost a reader 4.5 s CPU on its first
        # message, past the read bound on a loaded machine.
        self._longest_words = 0
        self._longest_of: dict[Key, int] = {}  # per key: the longest again when keys go
        # Every distinct node, by what it holds: the shipped rules' phrases spell over two
        # million paths of words (each choice of alternative its own), which as a tree took
        # some 2.2 million nodes and 750 MB; the same nodes told apart by what they hold and
        # what follows them are a few thousand (figures in the commit). Held weakly: a node
        # no phrase leads to any more (copied to add one through it) goes.
        self._distinct: Distinct = weakref.WeakValueDictionary()
        self._numbered = 0  # numbers given so far: a node's is above those of its followers

    def add(self, key: Key, phrases: Iterable[str]) -> None:
        self._starts.clear()
        if not self._distinct and self._root.edges:  # read from a file: the table is made again
            self._renumber()
        for phrase in phrases:
            if phrase.startswith("re:"):
                self._add_regex(key, phrase[3:])
                continue
            for variant in expand(phrase):
                tokens = compile_phrase(variant)
                if not tokens or not isinstance(tokens[0], frozenset):
                    raise ValueError(f"a phrase must start with a word: {phrase!r}")
                _insert(self._root, tokens, key)
                taken = _words_taken(tokens)
                self._longest_words = max(self._longest_words, taken)
                self._longest_of[key] = max(self._longest_of.get(key, 0), taken)
        self._share()

    def rename_keys(self, renamed: dict[Key, Key]) -> None:
        """Keep only the phrases of the keys in `renamed`, each under its new key: the index of
        one rule file made into another's that keeps most of its phrases under other rule
        numbers (triage/phrase_cache.py), without compiling them again. A dropped phrase's
        nodes stay, leading to no key; what any text matches is as if compiled afresh."""
        for node in self._reachable():
            if node.keys:
                node.keys = [renamed[key] for key in node.keys if key in renamed]
        for regex in self._regexes:
            regex.keys = [renamed[key] for key in regex.keys if key in renamed]
        self._regexes = [regex for regex in self._regexes if regex.keys]
        self._longest_of = {
            renamed[key]: taken for key, taken in self._longest_of.items() if key in renamed
        }
        self._longest_words = max(self._longest_of.values(), default=0)
        self._starts.clear()
        self._renumber()

    def _share(self) -> None:
        """Make each node built since the last time the distinct node it is the same as: the
        one already held that has the same words to the same nodes and the same keys, or
        itself, numbered and held. Followers first, so a node's are distinct when it is
        compared. A node not yet numbered is reached along one path only (_own), so it is
        walked once."""
        distinct = self._distinct
        same_as: dict[int, _Node] = {}  # a node built again, and the held one standing for it
        stack: list[tuple[_Node, bool]] = [(self._root, False)]
        while stack:
            node, followers_done = stack.pop()
            if not followers_done:
                stack.append((node, True))
                stack.extend((child, False) for child in _followers(node) if child.number < 0)
                continue
            _relink(node, same_as)
            if node is not self._root:
                self._hold(node, distinct, same_as)

    def _renumber(self) -> None:
        """Tell the nodes apart again after their keys changed in place (rename_keys), or
        after reading the index from a file (which keeps the nodes, not the table): in order
        of number, followers before the nodes that follow them."""
        distinct: Distinct = weakref.WeakValueDictionary()
        same_as: dict[int, _Node] = {}
        for node in sorted(self._reachable(), key=_number):
            _relink(node, same_as)
            self._hold(node, distinct, same_as)
        _relink(self._root, same_as)
        self._distinct = distinct

    def _hold(self, node: _Node, distinct: Distinct, same_as: dict[int, _Node]) -> None:
        """Number the node and hold it, unless a node held is the same: then that one stands
        for it (`same_as`), and the node goes once nothing leads to it."""
        signature = _signature(node)
        same = distinct.get(signature)
        if same is None:
            node.number = self._numbered
            self._numbered += 1
            distinct[signature] = node
        else:
            same_as[id(node)] = same

    def _reachable(self) -> list[_Node]:
        """Each node a phrase leads through, once (the root apart)."""
        seen: set[int] = set()
        found: list[_Node] = []
        stack = _followers(self._root)
        while stack:
            node = stack.pop()
            if id(node) not in seen:
                seen.add(id(node))
                found.append(node)
                stack.extend(_followers(node))
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The table of distinct nodes is not kept (it is held weakly, and pickle keeps each
        node once however many paths lead to it); it is made again if a phrase is added."""
        state = dict(self.__dict__)
        state["_distinct"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._distinct = weakref.WeakValueDictionary()

    def _add_regex(self, key: Key, source: str) -> None:
        """One search per distinct expression, whichever rules use it. The text is casefolded,
        so an expression with no capital letters (escapes such as \\W aside) needs no
        IGNORECASE, which keeps the regex engine's fast scan for its first characters."""
        for regex in self._regexes:
            if regex.pattern.pattern == source:
                if key not in regex.keys:
                    regex.keys.append(key)
                return
        lower = not any(ch.isupper() for ch in _ESCAPE.sub("", source))
        self._regexes.append(_Regex(source, re.IGNORECASE if not lower else 0, [key]))

    def _start_of(self, word: str, lemma_: str) -> _Start:
        """What a word starts: the phrases it is the whole of, the first-word nodes a `*` or
        `...` follows, and the second words that go on, with where to."""
        edges = self._root.edges
        keys: dict[Key, None] = {}
        special: list[_Node] = []
        going_on: dict[str, list[_Node]] = {}
        for form in dict.fromkeys((word, lemma_)):
            node = edges.get(form)
            if node is None:
                continue
            keys.update(dict.fromkeys(node.keys))
            if node.gap is not None or node.any is not None:
                special.append(node)
            for second, following in node.edges.items():
                going_on.setdefault(second, []).append(following)
        start = (
            (
                tuple(keys),
                tuple(special),
                {second: tuple(nodes) for second, nodes in going_on.items()},
            )
            if keys or special or going_on
            else _NOTHING
        )
        if len(self._starts) >= _MAX_MEMO:
            self._starts.clear()
        self._starts[word] = start
        return start

    def scan(self, text: str) -> ScannedText:
        normalised = normalise(text)
        layout = _layout(normalised)
        patterns: dict[Key, list[Span]] = {}
        for regex in self._regexes:
            if not regex.may_match(normalised):
                continue
            for match in regex.pattern.finditer(normalised):
                span = (layout.sentence_at(match.start()), *match.span())
                for key in regex.keys:
                    patterns.setdefault(key, []).append(span)
        return ScannedText(normalised, layout, self._windows(normalised, layout), patterns)

    def _windows(self, text: str, layout: _Layout) -> dict[str, _Window]:
        """Each sentence's window: its text and that of the sentences after it, as far as a
        phrase starting in it may run (`reach` words). What a sentence's phrases match depends
        on nothing else, so a window met before (long mail repeats itself: quoted replies,
        signatures, disclaimers, forwarded chains) is not walked again."""
        pieces, starts, ends = layout.pieces, layout.starts, layout.ends
        first = layout.first_sentence()
        windows: dict[str, _Window] = {}
        for piece, end in zip(layout.with_words, layout.window_ends(self._reach()), strict=True):
            offset = starts[piece]
            source = text[offset:end]
            window = windows.get(source)
            if window is None:
                stop = bisect.bisect_left(ends, end, piece) + 1
                relative = [start - offset for start in starts[piece:stop]]
                window = windows[source] = _Window(self._window_hits(pieces[piece:stop], relative))
            window.sentences.append(piece - first)
            window.offsets.append(offset)
        return windows

    def _window_hits(
        self, pieces: list[_Sentence], offsets: list[int]
    ) -> list[tuple[Key, int, int]]:
        """What the phrases starting in a window's first sentence match, each as (key, start,
        end) from the window's first character (`offsets`: where each piece starts in it)."""
        words_ = [word for piece in pieces for word in piece.words]
        lemmas = [lemma_ for piece in pieces for lemma_ in piece.lemmas]
        char_starts = [
            offset + start
            for piece, offset in zip(pieces, offsets, strict=True)
            for start in piece.starts
        ]
        char_ends = [
            offset + end
            for piece, offset in zip(pieces, offsets, strict=True)
            for end in piece.ends
        ]
        count = len(words_)
        memo = self._starts
        hits: list[tuple[Key, int, int]] = []
        for position in range(len(pieces[0].words)):
            start_ = memo.get(words_[position])
            if start_ is None:
                start_ = self._start_of(words_[position], lemmas[position])
            ends_here, special, going_on = start_
            if not ends_here and not special:
                # Most words that start a phrase ("the", "my") are not followed by its second.
                after = position + 1
                if after >= count or (
                    words_[after] not in going_on and lemmas[after] not in going_on
                ):
                    continue
            for key, stop in self._found_at(position, start_, words_, lemmas):
                hits.append((key, char_starts[position], char_ends[stop - 1]))
        return hits

    def _found_at(
        self, position: int, start: _Start, words_: list[str], lemmas: list[str]
    ) -> Iterable[tuple[Key, int]]:
        """The phrases that start at a word, each with the first place it is seen ending."""
        ends_here, special, going_on = start
        count = len(words_)
        after = position + 1
        found: dict[Key, int] = {}
        stack: list[tuple[_Node, int]] = []
        if going_on and after < count:
            written = words_[after]
            nodes = going_on.get(written)
            if nodes is not None:
                for node in nodes:
                    stack.append((node, after + 1))
            lemma_ = lemmas[after]
            if lemma_ != written:
                nodes = going_on.get(lemma_)
                if nodes is not None:
                    for node in nodes:
                        stack.append((node, after + 1))
            if stack:
                _walk(stack, words_, lemmas, found)
        for key in ends_here:
            if key not in found:
                found[key] = after
        for node in special:
            if node.gap is not None:
                _gap(node.gap, after, words_, lemmas, found, stack)
            if node.any is not None and after < count:
                stack.append((node.any, after + 1))
        if stack:
            _walk(stack, words_, lemmas, found)
        return found.items()

    def _reach(self) -> int:
        """How many words a walk may look at past the word it starts from (a `...` counts
        as MAX_GAP words): the longest phrase, less one."""
        return max(self._longest_words - 1, 0)


class _Regex:
    """A rule's regular expression, with a cheap test that a text must pass for it to match:
    a run of plain characters every match contains (" years ago"), found with `in`, or the
    expression without its leading \\b, which lets the engine skip to where a match can start
    (a text with no match for that wider expression has none for the full one either)."""

    __slots__ = ("keys", "literal", "pattern", "quick")

    def __init__(self, source: str, flags: int, keys: list[Key]) -> None:
        self.pattern = re.compile(source, flags)
        self.keys = keys
        self.literal = _required_literal(source) if not flags else None
        self.quick = (
            re.compile(source[2:], flags)
            if self.literal is None and source.startswith("\\b")
            else None
        )

    def may_match(self, text: str) -> bool:
        if self.literal is not None:
            return self.literal in text
        return self.quick is None or self.quick.search(text) is not None


def _required_literal(source: str) -> str | None:
    """The longest run of plain characters in the top-level sequence of an expression (so in
    every match of it), if it is at least three characters long and the expression sets no
    flags of its own."""
    if _sre_parser is None:
        return None
    try:
        parsed = _sre_parser.parse(source, 0)
    except Exception:  # no prefilter rather than no rule
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    literal_op = _sre_parser.LITERAL
    best = run = ""
    for op, value in parsed:
        if op == literal_op:
            run += chr(value)
            best = max(best, run, key=len)
        else:
            run = ""
    return best if len(best) >= 3 else None


_ESCAPE = re.compile(r"\\.")


def _walk(
    stack: list[tuple[_Node, int]], words_: list[str], lemmas: list[str], found: dict[Key, int]
) -> None:
    """Follow every way on from the nodes on the stack (depth first), recording where each
    phrase that ends is first seen ending."""
    count = len(words_)
    while stack:
        node, at = stack.pop()
        if node.keys:
            for key in node.keys:
                if key not in found:
                    found[key] = at
        if node.gap is not None:
            _gap(node.gap, at, words_, lemmas, found, stack)
        if at >= count:
            continue
        if node.any is not None:
            stack.append((node.any, at + 1))
        edges = node.edges
        if edges:
            written = words_[at]
            following = edges.get(written)
            if following is not None:
                stack.append((following, at + 1))
            lemma_ = lemmas[at]
            if lemma_ != written:
                following = edges.get(lemma_)
                if following is not None:
                    stack.append((following, at + 1))


def _gap(
    gap: _Node,
    at: int,
    words_: list[str],
    lemmas: list[str],
    found: dict[Key, int],
    stack: list[tuple[_Node, int]],
) -> None:
    """Past a `...` after word `at`: the phrase goes on after any of the next 0 to MAX_GAP
    words. Taken here for each length, rather than pushed once per length."""
    count = len(words_)
    lengths = range(at, min(at + MAX_GAP, count) + 1)
    if gap.gap is not None or gap.any is not None:
        stack.extend((gap, skip) for skip in lengths)
        return
    edges = gap.edges
    for skip in lengths:
        for key in gap.keys:
            if key not in found:
                found[key] = skip
        if skip < count and edges:
            written = words_[skip]
            following = edges.get(written)
            if following is not None:
                stack.append((following, skip + 1))
            lemma_ = lemmas[skip]
            if lemma_ != written:
                following = edges.get(lemma_)
                if following is not None:
                    stack.append((following, skip + 1))


def _words_taken(tokens: tuple[Token, ...]) -> int:
    """The most words a phrase can take (a `...` takes MAX_GAP at most)."""
    return sum(MAX_GAP if token == _GAP else 1 for token in tokens)


def _insert(root: _Node, tokens: tuple[Token, ...], key: Key) -> None:
    """The phrase's paths into the trie, one per choice of alternative at each position, taken
    a position at a time (no recursion, and no node made for an edge already there). A shared
    node on the way is copied first (_own), so the phrases through it elsewhere stay as they
    were."""
    nodes = [root]
    for token in tokens:
        following: list[_Node] = []
        for node in nodes:
            if token == _ANY:
                node.any = child = _own(node.any)
                following.append(child)
            elif token == _GAP:
                node.gap = child = _own(node.gap)
                following.append(child)
            else:
                edges = node.edges
                for word in token:
                    edges[word] = child = _own(edges.get(word))
                    following.append(child)
        nodes = following
    for node in nodes:
        if key not in node.keys:
            node.keys.append(key)


@dataclass(frozen=True)
class _Sentence:
    """The words of the text between two runs of end marks, their dictionary forms, and where
    each starts and ends in it."""

    words: list[str]
    lemmas: list[str]
    starts: list[int]
    ends: list[int]
    years: list[int]  # its words that are years 1950 to 2099, dates of birth and laws aside


def _sentence(text: str) -> _Sentence:
    parts = _WORD_SPLIT.split(text)  # separator, word, separator, word, ..., separator
    words_ = parts[1::2]
    offsets = list(itertools.accumulate(map(len, parts)))
    not_events = {
        found.start(1) for named in (_BIRTH_YEAR, _LAW_YEAR) for found in named.finditer(text)
    }
    years = [int(year[0]) for year in _YEAR.finditer(text) if year.start() not in not_events]
    return _Sentence(words_, list(map(lemma, words_)), offsets[0:-1:2], offsets[1::2], years)


class _Sentences(dict[str, _Sentence]):
    """Each distinct sentence text read once, on first lookup: mail repeats its sentences."""

    def __missing__(self, text: str) -> _Sentence:
        read = self[text] = _sentence(text)
        return read


_SENTENCES = _Sentences()
_MAX_SENTENCES = 50_000  # distinct sentence texts remembered before the memo starts again


@dataclass(frozen=True)
class _Layout:
    """A text cut at its runs of end marks into pieces, read. Sentence n is the n-th piece
    counted from the first piece that has words (a piece with none starts no sentence)."""

    pieces: list[_Sentence]
    starts: list[int]  # where each piece starts in the text
    ends: list[int]
    with_words: list[int]  # the pieces that have words, in order
    before: list[int]  # how many words come before each piece (and the total, last)

    def first_sentence(self) -> int:
        return self.with_words[0] if self.with_words else 0

    def sentence_starts(self) -> tuple[int, ...]:
        """Where each sentence's first word starts in the text, (0,) if none."""
        found = tuple(map(self.sentence_start, self.with_words))
        return found or (0,)

    def sentences_before(self, offset: int) -> int:
        """How many sentences start (have their first word) before a character offset (a text
        with no words counts as one sentence starting at 0, as in sentence_starts)."""
        if not self.with_words:
            return 1 if offset > 0 else 0
        piece = bisect.bisect_left(self.starts, offset)  # the pieces before it start before it
        count = bisect.bisect_left(self.with_words, piece)
        if count and self.sentence_start(self.with_words[count - 1]) >= offset:
            count -= 1  # the last of them has its first word at or after the offset
        return count

    def sentence_start(self, piece: int) -> int:
        return self.starts[piece] + self.pieces[piece].starts[0]

    def window_ends(self, reach: int) -> list[int]:
        """Where each sentence's window ends in the text: at the end of the piece that holds
        the `reach`-th word after the sentence (or of the last piece). C-speed passes."""
        before = self.before
        after = list(map(operator.add, self.with_words, repeat(1)))  # each one's next piece
        targets = map(operator.add, map(before.__getitem__, after), repeat(reach))
        stops = map(bisect.bisect_left, repeat(before), targets, after)
        last = map(operator.sub, map(min, stops, repeat(len(self.pieces))), repeat(1))
        return list(map(self.ends.__getitem__, last))

    def sentence_at(self, offset: int) -> int:
        """The sentence of the first word starting at or after an offset (or of the last word)."""
        piece = bisect.bisect_right(self.starts, offset) - 1
        read = self.pieces[piece]
        if bisect.bisect_left(read.starts, offset - self.starts[piece]) < len(read.words):
            return piece - self.first_sentence()
        later = bisect.bisect_right(self.with_words, piece)
        if later < len(self.with_words):
            return self.with_words[later] - self.first_sentence()
        return self.with_words[-1] - self.first_sentence() if self.with_words else 0


def _layout(normalised: str) -> _Layout:
    """One regex split at the end marks and C-speed passes (accumulate, map, compress): the
    words of each distinct piece are read once, however often it repeats."""
    parts = _SENTENCE_SPLIT.split(normalised)  # piece, marks, piece, marks, ..., piece
    if len(_SENTENCES) > _MAX_SENTENCES:
        _SENTENCES.clear()
    pieces = list(map(_SENTENCES.__getitem__, parts[0::2]))
    bounds = list(itertools.accumulate(map(len, parts), initial=0))
    counts = [len(piece.words) for piece in pieces]
    return _Layout(
        pieces,
        bounds[0::2],
        bounds[1::2],
        list(itertools.compress(range(len(pieces)), counts)),
        list(itertools.accumulate(counts, initial=0)),
    )
