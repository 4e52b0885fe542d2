"""The safeguarding corpus stays as README.md describes it. check.py's rules hold: the schema,
the balance of concerns, writers and kinds, the checksums, and no wording shared between the dev
and the sealed part. A failure names ids and counts only, never a sealed text."""

from tests.safeguarding_corpus.check import problems_and_parts


def test_the_corpus_passes_its_checks() -> None:
    problems, _ = problems_and_parts()
    assert problems == []
