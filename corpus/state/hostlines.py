"""Per-site line statistics across runs, for the repeated-line pass.

A line that recurs on many of a site's articles is boilerplate. An hourly run sees two or
three pages per site, too few to tell; the store sees the site's history. Here each site
keeps, for every line key, on how many *distinct* article texts it occurs (the latest
version of each article counts; identical texts reached through two URLs count once, so
a republished article teaches nothing). The decision is then a function of the stored
corpus alone, whatever runs it was split into.

A ``--parquet-dir`` run knows its texts' line keys only as hashes (:func:`line_hash`: the
rows stay on the workers). Its articles are counted under the site's hashed name
(:func:`hashed_host`, the same tables, keys as 16 hex digits), so hashed and plain keys
never meet: a state file fed by one kind of run decides as that run does alone.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable

LineKeys = Callable[[str], Iterable[str]]
#: what a site's hashed statistics are kept under: ``#`` then the site
HASHED = "#"


def hashed_host(host: str) -> str:
    return HASHED + host


def hashed_key(key: int) -> str:
    """A :func:`line_hash` as the ``host_lines.line`` of a hashed site."""
    return f"{key:016x}"


class HostLines:
    """The ``host_texts`` and ``host_lines`` tables of a state file."""

    def __init__(self, db: sqlite3.Connection, line_keys: LineKeys, *,
                 every_version: bool = False) -> None:
        #: ``every_version``: a new version adds its text and the old one's stays counted
        #: (the ephemeral store of one run: each page of the batch is a document, as
        #: :func:`~newsclean.cleaners.repeated.remove_repeated` counts them)
        self.db, self.line_keys, self.every_version = db, line_keys, every_version

    def replace(self, host: str | None, old: tuple[str, str] | None,
                new: tuple[str, str]) -> None:
        """An article of ``host`` now has text ``new`` = (content_hash, text) instead of
        ``old`` (None for a new article). Call inside the transaction that stores it."""
        if not host:
            return
        if old is not None and not self.every_version:
            self._unref(host, old[0], set(self.line_keys(old[1])))
        self._ref(host, new[0], set(self.line_keys(new[1])))

    def replace_hashed(self, host: str | None, old: tuple[str, Iterable[int]] | None,
                       new: tuple[str, Iterable[int]]) -> None:
        """:meth:`replace` for an article known by its lines' hashes: ``(content_hash,
        line hashes)``, counted under :func:`hashed_host`."""
        if not host:
            return
        if old is not None and not self.every_version:
            self._unref(hashed_host(host), old[0], {hashed_key(k) for k in old[1]})
        self._ref(hashed_host(host), new[0], {hashed_key(k) for k in new[1]})

    def _ref(self, host: str, content_hash: str, keys: set[str]) -> None:
        row = self.db.execute("SELECT refs FROM host_texts WHERE host = ? AND content_hash = ?",
                              (host, content_hash)).fetchone()
        if row is not None:
            self.db.execute("UPDATE host_texts SET refs = refs + 1 WHERE host = ? AND "
                            "content_hash = ?", (host, content_hash))
            return
        self.db.execute("INSERT INTO host_texts (host, content_hash, refs) VALUES (?, ?, 1)",
                        (host, content_hash))
        self.db.executemany("INSERT INTO host_lines (host, line, docs) VALUES (?, ?, 1) "
                            "ON CONFLICT(host, line) DO UPDATE SET docs = docs + 1",
                            [(host, key) for key in keys])

    def _unref(self, host: str, content_hash: str, keys: set[str]) -> None:
        row = self.db.execute("SELECT refs FROM host_texts WHERE host = ? AND content_hash = ?",
                              (host, content_hash)).fetchone()
        if row is None:
            return
        if row["refs"] > 1:
            self.db.execute("UPDATE host_texts SET refs = refs - 1 WHERE host = ? AND "
                            "content_hash = ?", (host, content_hash))
            return
        self.db.execute("DELETE FROM host_texts WHERE host = ? AND content_hash = ?",
                        (host, content_hash))
        self.db.executemany("UPDATE host_lines SET docs = docs - 1 WHERE host = ? AND line = ?",
                            [(host, key) for key in keys])
        self.db.execute("DELETE FROM host_lines WHERE host = ? AND docs <= 0", (host,))

    def repeated(self, host: str | None, *, min_pages: int, min_share: float
                 ) -> frozenset[str]:
        """The line keys on at least ``min_pages`` distinct texts of ``host`` and on at
        least ``min_share`` of them; nothing for a site with fewer texts than that."""
        if not host:
            return frozenset()
        texts = self.db.execute("SELECT count(*) FROM host_texts WHERE host = ?",
                                (host,)).fetchone()[0]
        needed = texts_needed(texts, min_pages=min_pages, min_share=min_share)
        if needed is None:
            return frozenset()
        return frozenset(r[0] for r in self.db.execute(
            "SELECT line FROM host_lines WHERE host = ? AND docs >= ?", (host, needed)))

    def repeated_hashed(self, host: str | None, *, min_pages: int, min_share: float
                        ) -> frozenset[int]:
        """:meth:`repeated` of a site counted by :meth:`replace_hashed`, as line hashes."""
        if not host:
            return frozenset()
        return frozenset(int(key, 16) for key in self.repeated(
            hashed_host(host), min_pages=min_pages, min_share=min_share))


def texts_needed(texts: int, *, min_pages: int, min_share: float) -> float | None:
    """On how many of a site's ``texts`` distinct texts a line must be to be repeated
    boilerplate (None: the site has too few texts to tell)."""
    return None if texts < min_pages else max(min_pages, min_share * texts)


def line_hash(key: str) -> int:
    """A line key as 8 bytes (what a distributed run sends instead of the line)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")
