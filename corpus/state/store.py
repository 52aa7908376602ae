"""The state store of scheduled runs: an SQLite file (WAL mode) that remembers what earlier
runs saw, so the next run fetches and cleans only what is new or due.

    with StateStore.open(Path("newsclean.db")) as store:       # migrates, takes the run lock
        run = store.begin_run(config_digest)
        if store.is_due(url):
            validators = store.validators(url)                   # ETag, Last-Modified, body hash
            ...                                                  # conditional GET
            store.record_fetch(run, url, "ok", status=200, etag=..., body_hash=...)
        change, version = store.save_article(run, row)           # new / changed / unchanged
        store.end_run(run, "done", counts)

Every write is its own transaction unless grouped with :meth:`StateStore.transaction`, so
a killed run loses at most the group in flight, and what was committed stays. A run's
per-page groups are ``batched``: they share one commit, at most :data:`BATCH_GROUPS` of
them or :data:`BATCH_SECONDS` old, each in its own savepoint (a group that fails is undone
alone), so a killed run redoes at most the last batch of pages. Rows are the
corpus rows of :func:`newsclean.corpus.schema.article_row`, stored as JSON; an article
whose row changes becomes a new version of the same ``id``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from newsclean.corpus.dedup import Fingerprint
from newsclean.corpus.state.duplicates import StoredDuplicates
from newsclean.corpus.state.hostlines import HostLines, LineKeys
from newsclean.corpus.state.lock import RunLock
from newsclean.corpus.state.schema import migrate
from newsclean.errors import StateError, StateWriteError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class ArticleChange(StrEnum):
    """What saving an article did to the store."""

    NEW = "new"              # first version of this id
    CHANGED = "changed"      # a new version: the row differs from the latest one
    UNCHANGED = "unchanged"  # same row as the latest version: only last_seen moved


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch of a URL left for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    cleaned_with: str | None = None    # digest of the cleaning config the body was run with


@dataclass(frozen=True, slots=True)
class Schedule:
    """When URLs are checked again: ``recheck_after`` after a success; after ``n`` failures in
    a row, ``retry_base * 2**(n-1)``, at most ``retry_cap``."""

    recheck_after: timedelta = timedelta(days=1)
    retry_base: timedelta = timedelta(hours=1)
    retry_cap: timedelta = timedelta(days=7)

    def next_check(self, now: datetime, failures: int) -> datetime:
        if failures == 0:
            return now + self.recheck_after
        return now + min(self.retry_base * 2 ** (failures - 1), self.retry_cap)


#: fetch outcomes that are successes for the schedule (the page is there, as it was or new)
SUCCESSES = frozenset({"ok", "not_modified", "unchanged"})
#: batched groups (pages) committed together, at most; and the age of a batch (seconds)
#: at which the next group commits it
BATCH_GROUPS = 64
BATCH_SECONDS = 2.0
#: SQLite primary result codes of a write the file system refused: READONLY, IOERR, FULL,
#: CANTOPEN (a full disk is FULL or, past RLIMIT_FSIZE or on some file systems, IOERR)
_WRITE_ERRORS = frozenset({8, 10, 13, 14})


def is_due(next_check: str | None, now: str) -> bool:
    """A URL never scheduled, or whose next check (ISO UTC, as ``now``) has come."""
    return next_check is None or next_check <= now


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


#: row fields that say how and when an article was reached, not what it is: the same article
#: fetched again, or through a tracking link (same ``id``), is not a new version of it
_REACHED_THROUGH = frozenset({"source", "url", "fetched_at"})


def row_digest(row: Mapping[str, Any]) -> str:
    """What tells a changed article from the same one: every field of its corpus row but
    the link it was reached through."""
    data = json.dumps({k: v for k, v in row.items() if k not in _REACHED_THROUGH},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


#: the mark of a stub row (see :meth:`StateStore.save_article`)
STUB = "line_hashes"


def is_stub(row: Mapping[str, Any]) -> bool:
    """A stored row of a ``--parquet-dir`` run: the article's text is in its part."""
    return STUB in row


class StateStore:
    """One state file, opened for one run (it holds the run lock while open)."""

    def __init__(self, db: sqlite3.Connection, path: Path, lock: RunLock | None,
                 clock: Clock, schedule: Schedule, line_keys: LineKeys | None = None,
                 ephemeral: bool = False) -> None:
        self.db, self.path, self._lock = db, path, lock
        self._clock, self.schedule, self.ephemeral = clock, schedule, ephemeral
        #: per-site line statistics, kept when the caller says how lines are keyed
        self.host_lines = (HostLines(db, line_keys, every_version=ephemeral)
                           if line_keys is not None else None)
        self._depth = 0                  # transaction() blocks open, nested ones included
        self._batched = 0                # batched groups in the open transaction, not committed
        self._batch_started = 0.0

    @classmethod
    @contextmanager
    def ephemeral_store(cls, *, line_keys: LineKeys | None = None) -> Iterator[StateStore]:
        """A store in a temp folder for one run that keeps no state (``--no-state``, the
        library): the same path as an incremental run from an empty store, removed at the
        end. Not synced to disk (nothing survives it anyway); its per-site line statistics
        count every page of the run (:class:`.HostLines` ``every_version``)."""
        with tempfile.TemporaryDirectory(prefix="newsclean-run-") as folder:
            store = cls.open(Path(folder) / "run.db", lock=False, line_keys=line_keys,
                             ephemeral=True)
            try:
                yield store
            finally:
                store.close()

    @classmethod
    def open(cls, path: Path, *, lock: bool = True, clock: Clock | None = None,
             schedule: Schedule | None = None, line_keys: LineKeys | None = None,
             ephemeral: bool = False) -> StateStore:
        """Open (creating or migrating) the state file; take its run lock unless ``lock`` is
        False (read-only commands such as ``status`` and ``export`` do not need it).
        ``line_keys(text)`` gives the comparison keys of a text's lines: with it, every saved
        article version also updates the per-site line statistics (:mod:`.hostlines`)."""
        path = Path(path)
        run_lock = RunLock(path) if lock else None
        if run_lock is not None:
            run_lock.acquire()
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=30)
            db.row_factory = sqlite3.Row
            migrate(db, str(path))   # first: a refused file must not even change journal mode
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            db.execute(f"PRAGMA synchronous={'OFF' if ephemeral else 'NORMAL'}")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            if run_lock is not None:
                run_lock.release()
            raise StateError(f"cannot use state file {path}: {exc}") from exc
        except BaseException:
            if run_lock is not None:
                run_lock.release()
            raise
        if str(mode).lower() != "wal":
            raise StateError(f"{path}: WAL mode unavailable (journal_mode={mode})")
        return cls(db, path, run_lock, clock or (lambda: datetime.now(UTC)),
                   schedule or Schedule(), line_keys, ephemeral)

    def close(self) -> None:
        """Commit the open batch (its groups are whole: see :meth:`transaction`), close."""
        try:
            self.commit_batch()
        finally:
            self.db.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, batched: bool = False) -> Iterator[None]:
        """Group writes into one commit (nested calls join the outer one). A ``batched``
        group (one page's writes) is kept in a savepoint of an open batch transaction and
        committed with the groups after it, when the batch reaches :data:`BATCH_GROUPS`
        groups or :data:`BATCH_SECONDS`; any other group, :meth:`commit_batch` and
        :meth:`close` commit the batch first. A group that raises is undone alone."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if not batched:
            self.commit_batch()
        try:
            if not self.db.in_transaction:
                self.db.execute("BEGIN IMMEDIATE")
                self._batched, self._batch_started = 0, time.monotonic()
            self.db.execute("SAVEPOINT grp")
        except sqlite3.OperationalError as exc:
            self._rollback()
            self._raise(exc)
        self._depth = 1
        try:
            yield
            self.db.execute("RELEASE grp")
        except BaseException as exc:
            self._depth = 0
            self._undo_group()
            if isinstance(exc, sqlite3.OperationalError):
                self._raise(exc)
            raise
        finally:
            self._depth = 0
        self._batched += 1
        if (not batched or self._batched >= BATCH_GROUPS
                or time.monotonic() - self._batch_started >= BATCH_SECONDS):
            self.commit_batch()

    def commit_batch(self) -> None:
        """Commit the groups not yet committed (nothing when there are none)."""
        if self._batched and not self._depth and self.db.in_transaction:
            try:
                self._commit()
            except sqlite3.OperationalError as exc:
                self._rollback()
                self._raise(exc)

    def _commit(self) -> None:
        self.db.execute("COMMIT")
        self._batched = 0

    def _undo_group(self) -> None:
        """Undo the failed group, and commit the batch's earlier groups (whole pages) at
        once; SQLite may have rolled the whole transaction back itself (a full disk)."""
        if not self.db.in_transaction:
            self._batched = 0
            return
        self.db.execute("ROLLBACK TO grp")
        self.db.execute("RELEASE grp")
        try:
            self.db.execute("COMMIT" if self._batched else "ROLLBACK")
        except sqlite3.OperationalError as exc:   # the group's own error goes on up
            log.warning("the %d pages before a failed write are not stored: %s",
                        self._batched, exc)
            self._rollback()
        self._batched = 0

    def _raise(self, exc: sqlite3.OperationalError) -> NoReturn:
        """Raise ``exc``, as a :class:`StateWriteError` when the file system refused the
        write."""
        if exc.sqlite_errorcode & 0xFF not in _WRITE_ERRORS:
            raise exc
        if self.ephemeral:        # --no-state, the library: the run's working file
            raise StateWriteError(f"cannot write the run's temporary store {self.path}: "
                                  f"{exc} (disk full or not writable?); no output was "
                                  "replaced") from exc
        raise StateWriteError(f"cannot write the state file {self.path}: {exc} "
                              "(disk full or not writable?); what earlier pages stored "
                              "is kept") from exc

    def _rollback(self) -> None:
        self._batched = 0
        if self.db.in_transaction:       # SQLite may have rolled back a failed COMMIT itself
            self.db.execute("ROLLBACK")

    def now(self) -> str:
        return _iso(self._clock())

    # -- runs -------------------------------------------------------------------------
    def begin_run(self, config_digest: str) -> int:
        with self.transaction():
            self._close_abandoned_runs()
            cur = self.db.execute("INSERT INTO runs (started, status, config_digest) "
                                  "VALUES (?, 'running', ?)", (self.now(), config_digest))
        return int(cur.lastrowid or 0)

    def _close_abandoned_runs(self) -> None:
        """Runs still 'running' while we hold the lock were killed: say so."""
        self.db.execute("UPDATE runs SET status = 'interrupted', ended = ? "
                        "WHERE status = 'running'", (self.now(),))

    def end_run(self, run_id: int, status: str, counts: Mapping[str, int]) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET ended = ?, status = ?, counts = ? WHERE id = ?",
                            (self.now(), status, json.dumps(dict(counts), sort_keys=True),
                             run_id))

    def runs(self, last: int = 10) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (last,)).fetchall()

    # -- sources and URLs ---------------------------------------------------------------
    def note_source(self, source: str, kind: str) -> None:
        now = self.now()
        self.db.execute("INSERT INTO sources (source, kind, first_seen, last_seen) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
                        "last_seen = excluded.last_seen, kind = excluded.kind",
                        (source, kind, now, now))

    def note_url(self, url: str, source: str | None) -> None:
        self.db.execute("INSERT INTO urls (url, source, first_seen) VALUES (?, ?, ?) "
                        "ON CONFLICT(url) DO NOTHING", (url, source, self.now()))

    def is_due(self, url: str) -> bool:
        """Never checked, or its next check time has come."""
        row = self.db.execute("SELECT next_check FROM urls WHERE url = ?", (url,)).fetchone()
        return is_due(row["next_check"] if row else None, self.now())

    def fetch_plan(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """``url -> (next_check, etag, last_modified)`` of every known URL, read once at
        the start of a run: the fetcher's thread consults it without touching the file."""
        return {r["url"]: (r["next_check"], r["etag"], r["last_modified"]) for r in
                self.db.execute("SELECT url, next_check, etag, last_modified FROM urls")}

    def validators(self, url: str) -> Validators | None:
        row = self.db.execute("SELECT etag, last_modified, body_hash, cleaned_with FROM urls "
                              "WHERE url = ?", (url,)).fetchone()
        if row is None or not any(row):
            return None
        return Validators(row["etag"], row["last_modified"], row["body_hash"],
                          row["cleaned_with"])

    def record_fetch(self, run_id: int, url: str, outcome: str, *, status: int | None = None,
                     etag: str | None = None, last_modified: str | None = None,
                     body_hash: str | None = None, size: int | None = None,
                     source: str | None = None, cleaned_with: str | None = None,
                     seconds: float | None = None) -> None:
        """One check of ``url``: its history row (``seconds``: the fetch's wall time), and
        the URL's validators and schedule."""
        now_dt = self._clock()
        now = _iso(now_dt)
        with self.transaction():
            self.note_url(url, source)
            self.db.execute("INSERT INTO fetches (run_id, url, at, outcome, status, etag, "
                            "last_modified, body_hash, bytes, seconds) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (run_id, url, now, outcome, status, etag, last_modified, body_hash,
                             size, seconds))
            if outcome in SUCCESSES:
                self.db.execute(
                    "UPDATE urls SET last_checked = ?, next_check = ?, failures = 0, "
                    "last_outcome = ?, etag = coalesce(?, etag), "
                    "last_modified = coalesce(?, last_modified), "
                    "body_hash = coalesce(?, body_hash), "
                    "cleaned_with = coalesce(?, cleaned_with) WHERE url = ?",
                    (now, _iso(self.schedule.next_check(now_dt, 0)), outcome, etag,
                     last_modified, body_hash, cleaned_with, url))
                return
            failures = self.db.execute("SELECT failures FROM urls WHERE url = ?",
                                       (url,)).fetchone()["failures"] + 1
            self.db.execute("UPDATE urls SET last_checked = ?, next_check = ?, failures = ?, "
                            "last_outcome = ? WHERE url = ?",
                            (now, _iso(self.schedule.next_check(now_dt, failures)), failures,
                             outcome, url))

    def forget_body(self, url: str) -> None:
        """Drop the body hash of ``url``: its next fetch is cleaned again whatever it holds."""
        self.db.execute("UPDATE urls SET body_hash = NULL WHERE url = ?", (url,))

    # -- articles and failures -----------------------------------------------------------
    def undeliver(self, run_id: int, article_id: str, version: int) -> None:
        """Version ``version`` of ``article_id``, stored by run ``run_id``, never reached an
        output (its row was lost): its digest goes, so the next save of the same row is a
        new version (``changed``, in that run's output) instead of ``unchanged``."""
        self.db.execute("UPDATE articles SET row_digest = '' WHERE id = ? AND version = ? "
                        "AND run_id = ?", (article_id, version, run_id))

    def save_article(self, run_id: int, row: Mapping[str, Any], digest: str | None = None
                     ) -> tuple[ArticleChange, int]:
        """Store ``row`` as the latest version of article ``row["id"]`` (or note it unchanged).
        Returns what happened and the version the article is now at.

        A ``--parquet-dir`` run, whose rows stay in its parts, stores a :func:`is_stub` row
        instead: a few fields, the hashes of its text's line keys (``line_hashes``) and the
        full row's ``digest`` (:func:`row_digest`, made where the row is)."""
        now = self.now()
        digest = row_digest(row) if digest is None else digest
        with self.transaction():
            latest = self.db.execute("SELECT version, row_digest, row FROM articles WHERE id = ? "
                                     "ORDER BY version DESC LIMIT 1", (row["id"],)).fetchone()
            if latest is not None and latest["row_digest"] == digest:
                self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ? AND version = ?",
                                (now, row["id"], latest["version"]))
                return ArticleChange.UNCHANGED, int(latest["version"])
            version = 1 if latest is None else int(latest["version"]) + 1
            self.db.execute("INSERT INTO articles (id, version, run_id, first_seen, last_seen, "
                            "row_digest, content_hash, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (row["id"], version, run_id, now, now, digest, row["content_hash"],
                             json.dumps(row, ensure_ascii=False, default=str)))
            if self.host_lines is not None:
                old = json.loads(latest["row"]) if latest is not None else None
                self._count_lines(row, old)
        return (ArticleChange.NEW if version == 1 else ArticleChange.CHANGED), version

    def _count_lines(self, row: Mapping[str, Any], old: Mapping[str, Any] | None) -> None:
        """The site statistics of a new version: the old one's text out, the new one's in
        (each by its kind: a stub's line hashes, or a row's text; an old version of the
        other kind stays counted in its kind's statistics)."""
        assert self.host_lines is not None
        lines = self.host_lines
        if is_stub(row):
            lines.replace_hashed(row.get("site"), (old["content_hash"], old["line_hashes"])
                                 if old is not None and is_stub(old) else None,
                                 (row["content_hash"], row["line_hashes"]))
        else:
            lines.replace(row.get("site"), (old["content_hash"], old["text"])
                          if old is not None and not is_stub(old) else None,
                          (row["content_hash"], row["text"]))

    def count_removals(self, run_id: int, reasons: Mapping[str, int]) -> None:
        """Add one article's removals (reason -> lines) to the run's tally."""
        self.db.executemany("INSERT INTO removals (run_id, reason, lines) VALUES (?, ?, ?) "
                            "ON CONFLICT(run_id, reason) DO UPDATE SET "
                            "lines = lines + excluded.lines",
                            [(run_id, reason, n) for reason, n in reasons.items()])

    def record_failure(self, run_id: int, source: str, stage: str, reason: str,
                       message: str) -> None:
        self.db.execute("INSERT INTO failures (run_id, source, stage, reason, message, at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (run_id, source, stage, reason, message, self.now()))

    # -- duplicates --------------------------------------------------------------------
    def duplicate_index(self) -> StoredDuplicates:
        """Every article seen so far, in first-seen order, for marking the next ones (kept
        in TEMP tables of this connection, not in memory: :mod:`.duplicates`)."""
        return StoredDuplicates(self.db)

    def save_fingerprint(self, article_id: str, fp: Fingerprint,
                         duplicate_of: str | None) -> None:
        """Remember an article's first fingerprint and what it copies (a later version of
        the same id keeps both: first seen is first seen)."""
        self.db.execute(
            "INSERT INTO fingerprints (id, seen, exact, size, minhash, duplicate_of) "
            "VALUES (?, (SELECT coalesce(max(seen), 0) + 1 FROM fingerprints), ?, ?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            (article_id, fp.exact, fp.size, fp.minhash, duplicate_of))

    def corpus_rows(self, *, chunk: int = 1000, changed_since: datetime | None = None,
                    site: str | None = None, all_versions: bool = False
                    ) -> Iterator[list[dict[str, Any]]]:
        """The cumulative corpus in ``(id, version)`` order, in chunks of at most ``chunk``
        rows (an export never holds the whole corpus in memory): the latest version of each
        article, or every version with ``all_versions``. ``changed_since`` keeps articles
        whose (latest) version appeared at or after it; ``site`` keeps one site. Each row
        also carries ``version``, ``first_seen`` (of the article), ``last_seen`` (of the
        version) and ``duplicate_of``."""
        where = ["(a.id, a.version) > (?, ?)"]
        if not all_versions:
            where.append("a.version = (SELECT max(version) FROM articles m WHERE m.id = a.id)")
        params: list[Any] = []
        if changed_since is not None:
            where.append("a.first_seen >= ?")
            params.append(_iso(changed_since))
        if site is not None:
            where.append("json_extract(a.row, '$.site') = ?")
            params.append(site)
        sql = ("SELECT a.id, a.version, a.last_seen, a.row, p.duplicate_of, "
               "(SELECT min(first_seen) FROM articles f WHERE f.id = a.id) AS first_seen "
               "FROM articles a LEFT JOIN fingerprints p ON p.id = a.id "
               f"WHERE {' AND '.join(where)} ORDER BY a.id, a.version LIMIT ?")
        after: tuple[str, int] = ("", 0)
        while True:
            rows = self.db.execute(sql, (*after, *params, chunk)).fetchall()
            if not rows:
                return
            yield [{**json.loads(r["row"]), "version": r["version"],
                    "first_seen": r["first_seen"], "last_seen": r["last_seen"],
                    "duplicate_of": r["duplicate_of"]} for r in rows]
            after = (rows[-1]["id"], int(rows[-1]["version"]))

    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
