"""Duplicate marking: exact copies and near-copies of an article's text, first seen wins.

Exact duplicates share the hash of the normalised text (case, punctuation and spacing
folded). Near-duplicates (a wire story republished with a trimmed tail, a paragraph cut or
moved) are found with MinHash + LSH (datasketch): the LSH finds candidates whose word
5-gram sets have a Jaccard similarity of about :data:`CANDIDATE_JACCARD` or more, and a
candidate is a duplicate when the estimated *containment* of the smaller text in the larger
one (shared 5-grams over the smaller set) is at least :data:`MIN_CONTAINMENT`. Containment
rather than Jaccard, because a copy cut to 60% of the original is still a copy.

The two thresholds were measured with ``benchmarks/duplicates.py`` on variants built from
the true bodies of the bench folders (see its docstring and the README): trimmed,
cut and reordered copies must match, different stories of one publisher must not.

A :class:`Fingerprint` is plain data (bytes and ints), so it is computed in the workers
and stored in the state file, and the index of earlier runs can be rebuilt from it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsclean import lazy_module

if TYPE_CHECKING:
    import datasketch
    import numpy as np
else:
    datasketch = lazy_module("datasketch")     # it imports scipy: 0.5 s of start-up
    np = lazy_module("numpy")

NUM_PERM = 128
SCHEME = "affine32"          # datasketch's hashing scheme: stored values are only comparable
SEED = 1                     # with values made by the same scheme and seed
SHINGLE_WORDS = 5
CANDIDATE_JACCARD = 0.3
MIN_CONTAINMENT = 0.6
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What duplicate marking needs of one text."""

    exact: str        # SHA-256 (first 16 hex) of the normalised text
    size: int         # number of distinct word 5-grams
    minhash: bytes    # MinHash values, NUM_PERM little-endian uint32


def normalised_words(text: str) -> list[str]:
    """The text's words, case-folded and NFKC-normalised: what two copies share."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def fingerprint(text: str) -> Fingerprint:
    words = normalised_words(text)
    exact = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i:i + SHINGLE_WORDS])
                    for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    values = minhash.hashvalues.astype("<u4").tobytes()
    return Fingerprint(exact, len(shingles), values)


def _values(fp: Fingerprint) -> np.ndarray:
    return np.frombuffer(fp.minhash, dtype="<u4")


def _minhash(fp: Fingerprint) -> datasketch.LeanMinHash:
    return datasketch.LeanMinHash(seed=SEED, hashvalues=_values(fp).astype(np.uint64),
                                  scheme=SCHEME)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller text's 5-grams found in the other one."""
    jaccard = float(np.mean(_values(a) == _values(b)))
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return min(1.0, shared / max(1, min(a.size, b.size)))


class DuplicateIndex:
    """Articles seen so far, in the order they were first seen."""

    def __init__(self, *, min_containment: float = MIN_CONTAINMENT) -> None:
        self._lsh = datasketch.MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self._exact: dict[str, str] = {}
        self._fingerprints: dict[str, Fingerprint] = {}
        self._order: dict[str, int] = {}
        self.min_containment = min_containment

    def __len__(self) -> int:
        return len(self._order)

    def duplicate_of(self, fp: Fingerprint) -> str | None:
        """The id of the first-seen article this text copies, or None."""
        if fp.exact in self._exact:
            return self._exact[fp.exact]
        matches = [key for key in self._lsh.query(_minhash(fp))
                   if containment(fp, self._fingerprints[key]) >= self.min_containment]
        return min(matches, key=self._order.__getitem__) if matches else None

    def add(self, article_id: str, fp: Fingerprint) -> None:
        """Remember an article (once; a later version of an id keeps its first place)."""
        if article_id in self._order:
            return
        self._order[article_id] = len(self._order)
        self._exact.setdefault(fp.exact, article_id)
        self._fingerprints[article_id] = fp
        self._lsh.insert(article_id, _minhash(fp))

    def mark(self, article_id: str, fp: Fingerprint) -> str | None:
        """:meth:`duplicate_of`, then :meth:`add`: the ``duplicate_of`` value of a new row."""
        original = self.duplicate_of(fp)
        if original == article_id:
            original = None
        self.add(article_id, fp)
        return original
