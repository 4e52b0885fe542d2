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
sentence) and a referral can quote the words that fired. A pattern starting with `re:` is a
regular expression, for the rare rule that needs one; it matches in the sentence it is found.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import simplemma

_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # i'm = im, don't = dont, son's = sons
_SENTENCE_END = re.compile(r"[.!?\n]+")
_GAP = "..."
_ANY = "*"
MAX_GAP = 4

Key = tuple[int, str]  # (rule number, "patterns" or "unless")
Token = frozenset[str] | str  # alternatives (words and their lemmas), or _ANY / _GAP
Span = tuple[int, int, int]  # (sentence number, start character, end character)


def normalise(text: str) -> str:
    """NFKC and casefold, so full-width letters, ligatures and capitals match plain phrases."""
    return _APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold())


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

    def sentences_before(self, offset: int) -> frozenset[int]:
        """The sentences that start before a character offset (a subject line, say)."""
        return frozenset(n for n, start in enumerate(self.sentence_starts) if start < offset)

    def sentences_of(self, key: Key) -> frozenset[int]:
        return frozenset(span[0] for span in self.spans.get(key, ()))

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


class _Node:
    """One step of the phrase trie: the next word (as written or its lemma), any one word
    (`*`), a gap (`...`), and the keys of the phrases that end here."""

    __slots__ = ("any", "edges", "gap", "keys")

    def __init__(self) -> None:
        self.edges: dict[str, _Node] = {}
        self.any: _Node | None = None
        self.gap: _Node | None = None
        self.keys: list[Key] = []


class PhraseIndex:
    """All rules' phrases in one trie, walked once from each word of the text: a word that
    starts no phrase costs one dictionary lookup, however many rules there are. Regular
    expressions are searched separately."""

    def __init__(self) -> None:
        self._root = _Node()
        self._regexes: list[tuple[re.Pattern[str], Key]] = []

    def add(self, key: Key, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            if phrase.startswith("re:"):
                self._regexes.append((re.compile(phrase[3:], re.IGNORECASE), key))
                continue
            for variant in expand(phrase):
                tokens = compile_phrase(variant)
                if not tokens or not isinstance(tokens[0], frozenset):
                    raise ValueError(f"a phrase must start with a word: {phrase!r}")
                _insert(self._root, tokens, key)

    def scan(self, text: str) -> ScannedText:
        normalised = normalise(text)
        prepared = _prepare(normalised)
        spans: dict[Key, list[Span]] = defaultdict(list)
        edges = self._root.edges
        words_, lemmas = prepared.words, prepared.lemmas
        for position, word in enumerate(words_):
            first = edges.get(word)
            stem = lemmas[position]
            second = edges.get(stem) if stem != word else None
            if first is None and second is None:
                continue
            found: dict[Key, int] = {}
            for node in (first, second):
                if node is not None:
                    _walk(prepared, node, position + 1, found)
            sentence, start = prepared.sentence[position], prepared.starts[position]
            for key, end in found.items():
                spans[key].append((sentence, start, prepared.ends[end - 1]))
        for pattern, key in self._regexes:
            for match in pattern.finditer(normalised):
                spans[key].append((_sentence_at(prepared, match.start()), *match.span()))
        starts: list[int] = []
        for position, sentence in enumerate(prepared.sentence):
            if sentence == len(starts):
                starts.append(prepared.starts[position])
        return ScannedText(normalised, frozenset(spans), dict(spans), tuple(starts) or (0,))


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


def _walk(text: _Text, node: _Node, position: int, found: dict[Key, int]) -> None:
    """Every phrase continuing from `node` at `position`; `found` gets each key's shortest end."""
    for key in node.keys:
        found.setdefault(key, position)
    if node.gap is not None:
        for skip in range(MAX_GAP + 1):
            if position + skip > len(text.words):
                break
            _walk(text, node.gap, position + skip, found)
    if position >= len(text.words):
        return
    if node.any is not None:
        _walk(text, node.any, position + 1, found)
    if node.edges:
        word, stem = text.words[position], text.lemmas[position]
        following = node.edges.get(word)
        if following is not None:
            _walk(text, following, position + 1, found)
        if stem != word:
            following = node.edges.get(stem)
            if following is not None:
                _walk(text, following, position + 1, found)


def _prepare(normalised: str) -> _Text:
    prepared = _Text([], [], [], [], [])
    sentence = 0
    last_end = 0
    for found in _WORD.finditer(normalised):
        if prepared.words and _SENTENCE_END.search(normalised, last_end, found.start()):
            sentence += 1
        word = found.group()
        prepared.words.append(word)
        prepared.lemmas.append(lemma(word))
        prepared.starts.append(found.start())
        prepared.ends.append(found.end())
        prepared.sentence.append(sentence)
        last_end = found.end()
    return prepared


def _sentence_at(prepared: _Text, offset: int) -> int:
    for position, start in enumerate(prepared.starts):
        if start >= offset:
            return prepared.sentence[position]
    return prepared.sentence[-1] if prepared.sentence else 0
