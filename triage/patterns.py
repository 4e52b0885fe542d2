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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, cast

import simplemma

_WORD = re.compile(r"\w+")
try:  # the standard library's own parser (private: without it, regexes get no literal filter)
    _sre_parser: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - present in every CPython heard supports
    _sre_parser = None
_WORD_SPLIT = re.compile(r"(\w+)")  # words kept, between the text that separates them
_YEAR = re.compile(r"(?<!\w)(19[5-9][0-9]|20[0-9][0-9])(?!\w)")  # a word that is a year
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # i'm = im, don't = dont, son's = sons
_SENTENCE_END = re.compile(r"[.!?\n][\s.!?]*")  # one run of marks, one boundary
_GAP = "..."
_ANY = "*"
MAX_GAP = 4

Key = tuple[int, str]  # (rule number, "patterns" or "unless")
Token = frozenset[str] | str  # alternatives (words and their lemmas), or _ANY / _GAP
Span = tuple[int, int, int]  # (sentence number, start character, end character)


def normalise(text: str) -> str:
    """NFKC and casefold, so full-width letters, ligatures and capitals match plain phrases."""
    folded = unicodedata.normalize("NFKC", text).casefold()
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


@dataclass
class ScannedText:
    text: str  # normalised
    hits: frozenset[Key]
    spans: dict[Key, list[Span]] = field(default_factory=dict)
    sentence_starts: tuple[int, ...] = (0,)  # where each sentence starts in `text`
    _sentences: dict[Key, frozenset[int]] = field(default_factory=dict, repr=False)

    def years(self) -> list[int]:
        """The years 1950 to 2099 written as words of their own ("in 2024", not "2024a")."""
        return [int(year) for year in _YEAR.findall(self.text)]

    def sentences_before(self, offset: int) -> frozenset[int]:
        """The sentences that start before a character offset (a subject line, say)."""
        return frozenset(n for n, start in enumerate(self.sentence_starts) if start < offset)

    def sentences_of(self, key: Key) -> frozenset[int]:
        found = self._sentences.get(key)
        if found is None:
            found = self._sentences[key] = frozenset(span[0] for span in self.spans.get(key, ()))
        return found

    def quote(
        self, key: Key, *, sentences: frozenset[int] | None = None, limit: int = 3
    ) -> list[str]:
        """The words of the text that this key matched (normalised), in the given sentences."""
        found: list[str] = []
        for sentence, start, end in self.spans.get(key, ()):
            if sentences is not None and sentence not in sentences:
                continue
            words_found = self.text[start:end]
            if words_found not in found:
                found.append(words_found)
            if len(found) >= limit:
                break
        return found


def _token(word: str) -> Token:
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


@functools.lru_cache(maxsize=50_000)
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


@dataclass(frozen=True)
class _Text:
    words: list[str]
    lemmas: list[str]
    starts: list[int]
    ends: list[int]
    sentence: list[int]
    sentence_starts: tuple[int, ...]
    sentence_words: list[tuple[int, int]]  # each sentence's words: (first, one past the last)


class _Node:
    """One step of the phrase trie: the next word (as written or its lemma), any one word
    (`*`), a gap (`...`), and the keys of the phrases that end here."""

    __slots__ = ("any", "edges", "gap", "keys")

    def __init__(self) -> None:
        self.edges: dict[str, _Node] = {}
        self.any: _Node | None = None
        self.gap: _Node | None = None
        self.keys: list[Key] = []


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
        self._reach_words: int | None = None

    def add(self, key: Key, phrases: Iterable[str]) -> None:
        self._starts.clear()
        self._reach_words = None
        for phrase in phrases:
            if phrase.startswith("re:"):
                self._add_regex(key, phrase[3:])
                continue
            for variant in expand(phrase):
                tokens = compile_phrase(variant)
                if not tokens or not isinstance(tokens[0], frozenset):
                    raise ValueError(f"a phrase must start with a word: {phrase!r}")
                _insert(self._root, tokens, key)

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
        prepared = _prepare(normalised)
        words_, lemmas = prepared.words, prepared.lemmas
        spans: dict[Key, list[Span]] = {}
        memo = self._starts
        known = list(map(memo.get, words_))
        starts: list[_Start] = (
            [
                self._start_of(words_[position], lemmas[position]) if start_ is None else start_
                for position, start_ in enumerate(known)
            ]
            if None in known  # words not seen before
            else cast(list[_Start], known)
        )
        # Most words that start a phrase ("the", "my") are not followed by its second word:
        # that is settled for the whole text here, before any walk.
        candidates = [
            position
            for position, (start_, written, lemma_) in enumerate(
                zip(starts, [*words_[1:], ""], [*lemmas[1:], ""], strict=False)
            )
            if start_[0] or start_[1] or written in start_[2] or lemma_ in start_[2]
        ]
        # Long mail repeats itself (quoted replies, signatures, disclaimers, forwarded chains):
        # what a sentence's words match depends only on its words and the next `reach` ones,
        # so a sentence seen before with the same words after it is not walked again.
        reach = self._reach()
        seen: dict[tuple[int, tuple[str, ...]], list[tuple[int, Key, int]]] = {}
        sentence_of, char_starts, char_ends = prepared.sentence, prepared.starts, prepared.ends
        next_candidate = 0
        for first, end in prepared.sentence_words:
            window = (end - first, tuple(words_[first : end + reach]))
            hits = seen.get(window)
            if hits is None:
                hits = seen[window] = []
                while next_candidate < len(candidates) and candidates[next_candidate] < end:
                    position = candidates[next_candidate]
                    next_candidate += 1
                    for key, stop in self._found_at(position, starts[position], words_, lemmas):
                        hits.append((position - first, key, stop - first))
            else:
                while next_candidate < len(candidates) and candidates[next_candidate] < end:
                    next_candidate += 1
            for offset, key, stop in hits:
                position = first + offset
                entry = (sentence_of[position], char_starts[position], char_ends[first + stop - 1])
                if key in spans:
                    spans[key].append(entry)
                else:
                    spans[key] = [entry]
        for regex in self._regexes:
            if not regex.may_match(normalised):
                continue
            for match in regex.pattern.finditer(normalised):
                span = (_sentence_at(prepared, match.start()), *match.span())
                for key in regex.keys:
                    spans.setdefault(key, []).append(span)
        return ScannedText(
            normalised,
            frozenset(spans),
            spans,
            prepared.sentence_starts,
        )

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
        if self._reach_words is None:
            self._reach_words = max(_longest(self._root) - 1, 0)
        return self._reach_words


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


def _longest(node: _Node) -> int:
    """The most words a phrase from this node on can take (a `...` takes MAX_GAP at most)."""
    longest = max((1 + _longest(child) for child in node.edges.values()), default=0)
    if node.any is not None:
        longest = max(longest, 1 + _longest(node.any))
    if node.gap is not None:
        longest = max(longest, MAX_GAP + _longest(node.gap))
    return longest


def _insert(node: _Node, tokens: tuple[Token, ...], key: Key) -> None:
    if not tokens:
        if key not in node.keys:
            node.keys.append(key)
        return
    token, rest = tokens[0], tokens[1:]
    if token == _ANY:
        node.any = node.any or _Node()
        _insert(node.any, rest, key)
    elif token == _GAP:
        node.gap = node.gap or _Node()
        _insert(node.gap, rest, key)
    else:
        for word in token:
            _insert(node.edges.setdefault(word, _Node()), rest, key)


def _prepare(normalised: str) -> _Text:
    """Words, their lemmas, where they are, and which sentence each is in, in C-speed passes
    (split, accumulate, comprehensions) rather than a Python step per word."""
    parts = _WORD_SPLIT.split(normalised)  # separator, word, separator, word, ..., separator
    words_ = parts[1::2]
    cache = _LEMMAS
    if len(cache) > 200_000:
        cache.clear()
    for word in set(words_).difference(cache):
        cache[word] = lemma(word)
    offsets = list(itertools.accumulate(map(len, parts)))
    starts = offsets[0:-1:2]
    ends = offsets[1::2]
    # Sentence n holds the words after the n-th run of end marks (numbered from the first
    # sentence that has a word); a run of marks with no word after it starts no sentence.
    marks = [match.start() for match in _SENTENCE_END.finditer(normalised)]
    bounds = [bisect.bisect(starts, mark) for mark in marks]
    sentence: list[int] = []
    sentence_starts: list[int] = []
    sentence_words: list[tuple[int, int]] = []
    first = 0
    for number, end in enumerate((*bounds, len(words_))):
        if end > first:
            sentence.extend([number] * (end - first))
            sentence_starts.append(starts[first])
            sentence_words.append((first, end))
            first = end
    if sentence and sentence[0]:
        offset = sentence[0]
        sentence = [number - offset for number in sentence]
    return _Text(
        words_,
        [cache[word] for word in words_],
        starts,
        ends,
        sentence,
        tuple(sentence_starts) or (0,),
        sentence_words,
    )


_LEMMAS: dict[str, str] = {}


def _sentence_at(prepared: _Text, offset: int) -> int:
    position = bisect.bisect_left(prepared.starts, offset)
    if position < len(prepared.sentence):
        return prepared.sentence[position]
    return prepared.sentence[-1] if prepared.sentence else 0
