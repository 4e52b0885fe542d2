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

import bisect
import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import simplemma

_WORD = re.compile(r"\w+")
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
    """All rules' phrases, walked once over the text. One-word phrases are a dictionary
    lookup; longer ones start from a trie keyed by their first two words (or by their first
    word when a gap follows it), so a word that starts no phrase costs a few lookups however
    many rules there are. Regular expressions are searched separately."""

    def __init__(self) -> None:
        self._single: dict[str, list[Key]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], _Node] = {}
        self._firsts: dict[str, _Node] = {}
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
                self._add_tokens(key, tokens)

    def _add_tokens(self, key: Key, tokens: tuple[Token, ...]) -> None:
        first, rest = tokens[0], tokens[1:]
        assert isinstance(first, frozenset)
        if not rest:
            for word in first:
                if key not in self._single[word]:
                    self._single[word].append(key)
        elif isinstance(rest[0], frozenset):
            for pair in itertools.product(first, rest[0]):
                _insert(self._pairs.setdefault(pair, _Node()), rest[1:], key)
        else:
            for word in first:
                _insert(self._firsts.setdefault(word, _Node()), rest, key)

    def scan(self, text: str) -> ScannedText:
        normalised = normalise(text)
        prepared = _prepare(normalised)
        spans: dict[Key, list[Span]] = defaultdict(list)
        words_, lemmas, count = prepared.words, prepared.lemmas, len(prepared.words)
        # Which words and pairs of words start a phrase, found by set intersection.
        # (Membership tests on the text's side: `set & dict.keys()` would copy every key.)
        vocabulary = set(words_).union(lemmas)
        singles = {word for word in vocabulary if word in self._single}
        firsts = {word for word in vocabulary if word in self._firsts}
        pair_forms = (
            list(itertools.pairwise(words_)),
            list(itertools.pairwise(lemmas)),
            list(zip(words_, lemmas[1:], strict=False)),
            list(zip(lemmas, words_[1:], strict=False)),
        )
        pairs = {pair for pair in set().union(*pair_forms) if pair in self._pairs}
        starting: dict[int, list[tuple[_Node, int]]] = defaultdict(list)
        ones: dict[int, list[Key]] = defaultdict(list)
        if singles:
            for position in range(count):
                for form in {words_[position], lemmas[position]} & singles:
                    ones[position].extend(self._single[form])
        if firsts:
            for position in range(count):
                for form in {words_[position], lemmas[position]} & firsts:
                    starting[position].append((self._firsts[form], position + 1))
        if pairs:
            for forms in pair_forms:
                for position, pair in enumerate(forms):
                    if pair in pairs:
                        starting[position].append((self._pairs[pair], position + 2))
        for position in sorted({*starting, *ones}):
            found: dict[Key, int] = dict.fromkeys(ones.get(position, ()), position + 1)
            stack = list({id(entry): entry for entry in starting.get(position, ())}.values())
            while stack:
                node, at = stack.pop()
                for key in node.keys:
                    if key not in found:
                        found[key] = at
                if node.gap is not None:
                    stack.extend(
                        (node.gap, at + skip) for skip in range(MAX_GAP + 1) if at + skip <= count
                    )
                if at >= count:
                    continue
                if node.any is not None:
                    stack.append((node.any, at + 1))
                if node.edges:
                    following = node.edges.get(words_[at])
                    if following is not None:
                        stack.append((following, at + 1))
                    if lemmas[at] != words_[at]:
                        following = node.edges.get(lemmas[at])
                        if following is not None:
                            stack.append((following, at + 1))
            sentence, start = prepared.sentence[position], prepared.starts[position]
            for key, end in found.items():
                spans[key].append((sentence, start, prepared.ends[end - 1]))
        for pattern, key in self._regexes:
            for match in pattern.finditer(normalised):
                spans[key].append((_sentence_at(prepared, match.start()), *match.span()))
        sentence_starts = [
            prepared.starts[position]
            for position in range(count)
            if position == 0 or prepared.sentence[position] != prepared.sentence[position - 1]
        ]
        return ScannedText(
            normalised, frozenset(spans), dict(spans), tuple(sentence_starts) or (0,)
        )


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
    (comprehensions and bisect) rather than a Python step per word."""
    found = list(_WORD.finditer(normalised))
    words_ = [match.group() for match in found]
    cache = _LEMMAS
    if len(cache) > 200_000:
        cache.clear()
    missing = [word for word in set(words_) if word not in cache]
    for word in missing:
        cache[word] = lemma(word)
    starts = [match.start() for match in found]
    marks = [match.start() for match in _SENTENCE_END.finditer(normalised)]
    sentence = [bisect.bisect(marks, start) for start in starts]
    if sentence and sentence[0]:
        offset = sentence[0]
        sentence = [number - offset for number in sentence]
    return _Text(
        words_, [cache[word] for word in words_], starts, [m.end() for m in found], sentence
    )


_LEMMAS: dict[str, str] = {}


def _sentence_at(prepared: _Text, offset: int) -> int:
    position = bisect.bisect_left(prepared.starts, offset)
    if position < len(prepared.sentence):
        return prepared.sentence[position]
    return prepared.sentence[-1] if prepared.sentence else 0
