"""The duplicate index of a run, in TEMP tables of the store connection instead of memory.

:class:`~newsclean.corpus.dedup.DuplicateIndex` keeps every fingerprint and its LSH
buckets in the process (about 12 KB an article: 240 MB for 20,000). Here the same decisions
come from SQLite: the exact-text hash and the LSH band keys of every stored fingerprint go
into TEMP tables at the start of a run (SQLite's temp file, not the heap), candidates are
the articles sharing a band key (what ``MinHashLSH.query`` returns), and each candidate's
fingerprint is read back from the ``fingerprints`` table for the containment check.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from newsclean.corpus.dedup import (
    CANDIDATE_JACCARD,
    MIN_CONTAINMENT,
    NUM_PERM,
    Fingerprint,
    containment,
)

_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS dup_bands (key BLOB NOT NULL, id TEXT NOT NULL, "
    "PRIMARY KEY (key, id)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS dup_exact (exact TEXT PRIMARY KEY, id TEXT NOT NULL) "
    "WITHOUT ROWID",
    "DELETE FROM dup_bands",
    "DELETE FROM dup_exact",
)


@cache
def _bands() -> tuple[tuple[int, int], ...]:
    """The LSH bands (first and last value) ``MinHashLSH`` picks for the same threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return tuple((int(start), int(end)) for start, end in lsh.hashranges)


def band_keys(fp: Fingerprint) -> list[bytes]:
    """One key per band: its number, then the band's MinHash values (uint32 bytes)."""
    return [bytes([band]) + fp.minhash[4 * start:4 * end]
            for band, (start, end) in enumerate(_bands())]


class StoredDuplicates:
    """Articles seen so far, in first-seen order (the ``fingerprints`` table's ``seen``)."""

    def __init__(self, db: sqlite3.Connection, *,
                 min_containment: float = MIN_CONTAINMENT) -> None:
        self.db, self.min_containment = db, min_containment
        own = not db.in_transaction
        if own:
            db.execute("BEGIN")
        try:
            for statement in _TABLES:
                db.execute(statement)
            rows = db.execute("SELECT id, exact, size, minhash FROM fingerprints ORDER BY seen")
            for chunk in iter(lambda: rows.fetchmany(1000), []):
                for r in chunk:
                    self._index(r[0], Fingerprint(r[1], int(r[2]), bytes(r[3])))
        except BaseException:
            if own:
                db.execute("ROLLBACK")
            raise
        if own:
            db.execute("COMMIT")

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM fingerprints").fetchone()[0])

    def _index(self, article_id: str, fp: Fingerprint) -> None:
        self.db.execute("INSERT OR IGNORE INTO dup_exact (exact, id) VALUES (?, ?)",
                        (fp.exact, article_id))
        self.db.executemany("INSERT OR IGNORE INTO dup_bands (key, id) VALUES (?, ?)",
                            [(key, article_id) for key in band_keys(fp)])

    def duplicate_of(self, fp: Fingerprint) -> str | None:
        """The id of the first-seen article this text copies, or None."""
        exact = self.db.execute("SELECT id FROM dup_exact WHERE exact = ?",
                                (fp.exact,)).fetchone()
        if exact is not None:
            return str(exact[0])
        keys = band_keys(fp)
        candidates = self.db.execute(
            "SELECT f.id, f.seen, f.exact, f.size, f.minhash FROM fingerprints f WHERE f.id IN "
            f"(SELECT id FROM dup_bands WHERE key IN ({', '.join('?' * len(keys))}))", keys)
        matches = [(seen, article_id) for article_id, seen, *stored in candidates
                   if containment(fp, Fingerprint(stored[0], int(stored[1]), bytes(stored[2])))
                   >= self.min_containment]
        return min(matches)[1] if matches else None

    def mark(self, article_id: str, fp: Fingerprint) -> str | None:
        """:meth:`duplicate_of`, then remember the article (a later version of an id keeps
        its first place): the ``duplicate_of`` value of a new row. The caller stores the
        fingerprint (:meth:`StateStore.save_fingerprint`) right after."""
        original = self.duplicate_of(fp)
        if original == article_id:
            original = None
        known = self.db.execute("SELECT 1 FROM fingerprints WHERE id = ?",
                                (article_id,)).fetchone()
        if known is None:
            self._index(article_id, fp)
        return original
