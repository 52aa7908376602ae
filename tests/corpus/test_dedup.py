"""Duplicate marking: exact and near copies point at the first-seen article."""

from __future__ import annotations

import random

import pytest

from newsclean.corpus.dedup import DuplicateIndex, Fingerprint, containment, fingerprint

rng = random.Random(3)
VOCAB = [f"w{i}" for i in range(3000)]


def story(n_paragraphs: int = 12, words: int = 40) -> list[str]:
    return [" ".join(rng.choice(VOCAB) for _ in range(words)) + "." for _ in range(n_paragraphs)]


ORIGINAL = story()
OTHER = story()


def text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


@pytest.mark.parametrize("name, copy", [
    ("same text, other case and punctuation", text(ORIGINAL).upper().replace(".", "!")),
    ("tail trimmed to 60%", text(ORIGINAL[:7])),
    ("a quarter of the paragraphs cut", text(ORIGINAL[::4] + ORIGINAL[1::4] + ORIGINAL[2::4])),
    ("paragraphs moved, one dropped", text(ORIGINAL[6:] + ORIGINAL[1:6])),
])
def test_copies_point_at_the_original(name: str, copy: str) -> None:
    index = DuplicateIndex()
    assert index.mark("original", fingerprint(text(ORIGINAL))) is None
    assert index.mark("copy", fingerprint(copy)) == "original", name


def test_a_different_story_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.mark("original", fingerprint(text(ORIGINAL)))
    assert index.mark("other", fingerprint(text(OTHER))) is None
    assert containment(fingerprint(text(ORIGINAL)), fingerprint(text(OTHER))) < 0.1


def test_the_first_seen_article_wins_over_later_copies() -> None:
    index = DuplicateIndex()
    index.mark("first", fingerprint(text(ORIGINAL[:9])))
    index.mark("second", fingerprint(text(ORIGINAL)))
    assert index.mark("third", fingerprint(text(ORIGINAL[2:]))) == "first"


def test_a_new_version_of_an_article_is_not_its_own_duplicate() -> None:
    index = DuplicateIndex()
    index.mark("a", fingerprint(text(ORIGINAL)))
    assert index.mark("a", fingerprint(text(ORIGINAL[:10]))) is None
    assert len(index) == 1


def test_short_texts_match_only_exactly() -> None:
    index = DuplicateIndex()
    index.mark("a", fingerprint("Breaking news."))
    assert index.mark("b", fingerprint("breaking  NEWS")) == "a"
    assert index.mark("c", fingerprint("Breaking views.")) is None


def test_a_fingerprint_is_plain_data_that_rebuilds_the_index() -> None:
    fp = fingerprint(text(ORIGINAL))
    stored = (fp.exact, fp.size, bytes(fp.minhash))
    rebuilt = DuplicateIndex()
    rebuilt.add("original", Fingerprint(*stored))
    assert rebuilt.duplicate_of(fingerprint(text(ORIGINAL[:8]))) == "original"
    assert len(fp.minhash) == 128 * 4
