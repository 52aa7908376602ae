"""This run's results, spooled in TEMP tables of the state store's connection.

A run keeps no article, skip or failure objects in memory: each result goes into the store
(the article row, by :class:`~newsclean.corpus.state.recorder.RunRecorder`) and into these
tables (where it stands in the input, what it is, what was removed from it), and is dropped.
At the end the run's outputs are read back from here in input order, a chunk at a time:
the corpus rows (``-o``, ``--parquet``, ``--jsonl``), the ``--errors`` rows and the
``--audit`` rows. TEMP tables live in SQLite's temp file, not in the process, and vanish
with the connection (a killed run leaves nothing of them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from newsclean.corpus.schema import printable
from newsclean.corpus.state.schema import statements
from newsclean.corpus.state.store import StateStore
from newsclean.records import Article, Failure, Removal, Skip

SPOOL = """
CREATE TEMP TABLE run_items (
    seq       INTEGER PRIMARY KEY,     -- arrival order
    idx       INTEGER NOT NULL,        -- input order
    kind      TEXT NOT NULL,           -- article, skip, failure
    source    TEXT NOT NULL,
    stage     TEXT,
    reason    TEXT,
    message   TEXT,
    id        TEXT,                    -- an article: its stored row is (id, version)
    version   INTEGER,
    url       TEXT,
    text_hash TEXT,                    -- content_hash of the text as cleaned
    is_url    INTEGER,                 -- reached through a URL (not a local file)
    output    INTEGER NOT NULL DEFAULT 0,   -- a row of this run's output
    warnings  TEXT,                    -- JSON list of the page's PageWarning values
    batch     INTEGER,                 -- a --parquet-dir run's article: its batch,
    pos       INTEGER,                 -- its position among the batch's articles
    site      TEXT                     -- and its site
);
CREATE INDEX temp.run_items_by_idx ON run_items(idx, seq);
CREATE INDEX temp.run_items_by_batch ON run_items(batch, pos);
CREATE TEMP TABLE run_notes (          -- a --parquet-dir run's first-pass notes, until stored
    idx     INTEGER PRIMARY KEY,       -- input order
    batch   INTEGER NOT NULL,
    pos     INTEGER NOT NULL,
    note    BLOB NOT NULL              -- the pickled note and the page's fetch record
);
CREATE TEMP TABLE run_removals (
    item    INTEGER NOT NULL,          -- run_items.seq
    n       INTEGER NOT NULL,          -- order within the item
    reason  TEXT NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (item, n)
);
"""

#: later links (URLs) to an article already in this run, with the same text: same_url skips
_SAME_URL = """
SELECT seq, first_source FROM (
    SELECT seq, is_url, row_number() OVER w AS nth, first_value(source) OVER w AS first_source
    FROM run_items WHERE kind = 'article'
    WINDOW w AS (PARTITION BY id, text_hash ORDER BY idx, seq))
WHERE nth > 1 AND is_url
"""


class RunSpool:
    """The TEMP tables of one run on ``store``'s connection (created with the spool)."""

    def __init__(self, store: StateStore) -> None:
        self.store, self.db = store, store.db
        for statement in statements(SPOOL):
            self.db.execute(statement)

    # -- while the run goes ----------------------------------------------------------------
    def add_article(self, article: Article, row: Mapping[str, Any], version: int,
                    *, output: bool, is_url: bool) -> None:
        seq = self.add_row(article.index, row, version, output=output, is_url=is_url,
                           warnings=[str(w) for w in article.meta.warnings])
        self._removals(seq, article.removals)

    def add_row(self, index: int, row: Mapping[str, Any], version: int, *, output: bool,
                is_url: bool, warnings: Sequence[str], at: tuple[int, int] | None = None
                ) -> int:
        """An article by its stored row (a ``--parquet-dir`` run's stub: its removals are in
        the run's audit parts; ``at``: its batch and position there); returns its ``seq``."""
        batch, pos = at if at is not None else (None, None)
        cur = self.db.execute(
            "INSERT INTO run_items (idx, kind, source, id, version, url, text_hash, is_url, "
            "output, warnings, batch, pos, site) "
            "VALUES (?, 'article', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (index, row["source"], row["id"], version, row["url"], row["content_hash"],
             is_url, output, json.dumps(list(warnings)), batch, pos, row.get("site")))
        return int(cur.lastrowid or 0)

    # -- a --parquet-dir run's notes, held here between its passes --------------------------
    def hold(self, index: int, batch: int, pos: int, note: bytes) -> None:
        self.db.execute("INSERT INTO run_notes (idx, batch, pos, note) VALUES (?, ?, ?, ?)",
                        (index, batch, pos, note))

    def held(self, *, chunk: int = 1000) -> Iterator[tuple[int, int, bytes]]:
        """The held notes in input order (``batch, pos, note``), read a chunk at a time and
        dropped once read."""
        sql = "SELECT idx, batch, pos, note FROM run_notes WHERE idx > ? ORDER BY idx LIMIT ?"
        after = -1
        while rows := self.db.execute(sql, (after, chunk)).fetchall():
            after = rows[-1][0]
            self.db.execute("DELETE FROM run_notes WHERE idx <= ?", (after,))
            yield from ((batch, pos, note) for _idx, batch, pos, note in rows)

    def batch_numbers(self) -> Iterator[int]:
        """The batches of a ``--parquet-dir`` run's articles, in order."""
        after = -1
        sql = "SELECT min(batch) FROM run_items WHERE batch > ?"
        while (found := self.db.execute(sql, (after,)).fetchone()[0]) is not None:
            after = int(found)
            yield after

    def batch_rows(self, batch: int) -> list[tuple[int, int, str, str | None, bool]]:
        """``seq, idx, source, site, kept`` of each article of ``batch`` by position;
        ``kept``: still a row of this run's output (not rechecked, not a same_url skip)."""
        return [(int(seq), int(idx), str(source), site, bool(kept)) for seq, idx, source, site,
                kept in self.db.execute(
                    "SELECT seq, idx, source, site, kind = 'article' AND output FROM run_items "
                    "WHERE batch = ? ORDER BY pos", (batch,))]

    def article_seq(self, index: int) -> int | None:
        """The ``seq`` of the article of input ``index``, if the run stored one."""
        found = self.db.execute("SELECT seq FROM run_items WHERE idx = ? AND kind = 'article' "
                                "ORDER BY seq LIMIT 1", (index,)).fetchone()
        return None if found is None else int(found[0])

    def add_skip(self, skip: Skip) -> None:
        cur = self.db.execute(
            "INSERT INTO run_items (idx, kind, source, stage, reason, message) "
            "VALUES (?, 'skip', ?, ?, ?, ?)", (skip.index, printable(skip.source), skip.stage,
                                              skip.reason, printable(skip.message)))
        self._removals(int(cur.lastrowid or 0), skip.removals)

    def add_failure(self, failure: Failure) -> None:
        self.db.execute("INSERT INTO run_items (idx, kind, source, stage, reason, message) "
                        "VALUES (?, 'failure', ?, ?, ?, ?)",
                        (failure.index, printable(failure.source), failure.stage,
                         failure.reason, printable(failure.message)))

    def _removals(self, item: int, removals: tuple[Removal, ...], start: int = 0) -> None:
        self.db.executemany("INSERT INTO run_removals (item, n, reason, text) VALUES (?, ?, ?, ?)",
                            [(item, start + n, r.reason, printable(r.text))
                             for n, r in enumerate(removals)])

    # -- at the end ------------------------------------------------------------------------
    def mark_same_url(self, stage: str, reason: str) -> list[int]:
        """One row for one article fetched through several links to the same URL (tracking
        parameters, case, fragment): a later URL with the same id and the same text becomes
        a skip (``stage``/``reason``) naming the first. Same id, other text (a wrong
        canonical link) keeps both rows, and so do local files (each file given is a row).
        Returns the ``seq`` of each item made a skip."""
        marked = []
        with self.store.transaction():
            for seq, first in self.db.execute(_SAME_URL).fetchall():
                self.to_skip(seq, stage, reason, f"same article as {first}")
                self.db.execute("DELETE FROM run_removals WHERE item = ?", (seq,))
                marked.append(int(seq))
        return marked

    def to_skip(self, seq: int, stage: str, reason: str, message: str) -> None:
        self._recast(seq, "skip", stage, reason, message)

    def to_failure(self, seq: int, stage: str, reason: str, message: str
                   ) -> tuple[str, int] | None:
        """An article whose output row was lost after all (its part was never written);
        returns the ``(id, version)`` it had, if it was one."""
        found = self.db.execute("SELECT id, version FROM run_items WHERE seq = ? AND "
                                "kind = 'article'", (seq,)).fetchone()
        self._recast(seq, "failure", stage, reason, message)
        return None if found is None else (str(found[0]), int(found[1]))

    def _recast(self, seq: int, kind: str, stage: str, reason: str, message: str) -> None:
        self.db.execute("UPDATE run_items SET kind = ?, output = 0, stage = ?, reason = ?, "
                        "message = ? WHERE seq = ?", (kind, stage, reason, message, seq))

    def add_removed(self, seq: int, reason: str, lines: list[str]) -> None:
        """More removals of item ``seq`` (after those it came with)."""
        start = self.db.execute("SELECT coalesce(max(n), -1) + 1 FROM run_removals "
                                "WHERE item = ?", (seq,)).fetchone()[0]
        self._removals(seq, tuple(Removal(reason, line) for line in lines), start)

    def output_rows(self, *, chunk: int = 1000) -> Iterator[list[tuple[int, dict[str, Any]]]]:
        """This run's output articles in input order, chunk by chunk: ``(seq, row)`` with the
        stored row of the article, and the source and URL it was reached through this time."""
        sql = ("SELECT i.seq, i.idx, i.source, i.url, a.row FROM run_items i JOIN articles a "
               "ON a.id = i.id AND a.version = i.version WHERE i.kind = 'article' AND i.output "
               "AND (i.idx, i.seq) > (?, ?) ORDER BY i.idx, i.seq LIMIT ?")
        after = (-1, -1)
        while rows := self.db.execute(sql, (*after, chunk)).fetchall():
            yield [(r[0], {**json.loads(r[4]), "source": r[2], "url": r[3]}) for r in rows]
            after = (rows[-1][1], rows[-1][0])

    def error_rows(self) -> Iterator[tuple[str, str, str, str]]:
        """``source, stage, reason, message`` of every failure and skip, in input order."""
        yield from self.db.execute(
            "SELECT source, stage, reason, message FROM run_items WHERE kind != 'article' "
            "ORDER BY idx, kind = 'skip', seq")

    def audit_rows(self) -> Iterator[tuple[str, str, str]]:
        """``source, reason, text`` of every line removed from an output article or a skip."""
        yield from self.db.execute(
            "SELECT i.source, r.reason, r.text FROM run_removals r JOIN run_items i "
            "ON i.seq = r.item WHERE i.kind = 'skip' OR (i.kind = 'article' AND i.output) "
            "ORDER BY i.idx, i.kind = 'skip', i.seq, r.n")

    def counts(self) -> Counter[str]:
        """``ok`` (output articles), ``warning/<value>``, ``skip/<reason>``,
        ``<stage>/<reason>``."""
        counts: Counter[str] = Counter(ok=0)
        for kind, stage, reason, warnings in self.db.execute(
                "SELECT kind, stage, reason, warnings FROM run_items WHERE kind != 'article' "
                "OR output"):
            if kind == "article":
                counts["ok"] += 1
                counts.update(f"warning/{w}" for w in json.loads(warnings))
            else:
                counts[f"skip/{reason}" if kind == "skip" else f"{stage}/{reason}"] += 1
        return counts

    def skips(self) -> list[Skip]:
        """This run's skips in input order (without their removals: see the audit rows)."""
        return [Skip(*r) for r in self.db.execute(
            "SELECT idx, source, stage, reason, message FROM run_items WHERE kind = 'skip' "
            "ORDER BY idx, seq")]

    def failures(self) -> list[Failure]:
        return [Failure(*r) for r in self.db.execute(
            "SELECT idx, source, stage, reason, message FROM run_items WHERE kind = 'failure' "
            "ORDER BY idx, seq")]
