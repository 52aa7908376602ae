"""One run's bookkeeping in the state store, fed by the pipeline as pages come and go.

- Before work: :meth:`RunRecorder.admit` says whether a page's bytes need cleaning at all
  (the same bytes, cleaned with the same options, gave their result already); the fetcher
  asks :meth:`RunRecorder.is_due` and :meth:`RunRecorder.validators` for conditional GETs.
- After work: :meth:`RunRecorder.record` stores each result as it comes out of the
  workers, in one transaction with the page's fetch record, so a run killed at any moment
  has stored what it finished and nothing half; the next run picks up from there.

Articles are stored as the cleaners left them, before the per-site repeated-line pass;
that pass is applied when rows are written out, from the site's statistics over the whole
store (:mod:`.hostlines`), so the result does not depend on how pages were split into runs.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsclean.corpus.dedup import Fingerprint, fingerprint
from newsclean.corpus.schema import article_row, printable
from newsclean.corpus.state.spool import RunSpool
from newsclean.corpus.state.store import ArticleChange, StateStore, is_due
from newsclean.outcomes import FetchOutcome, Stage
from newsclean.records import Article, Failure, RawPage, Skip

#: fetch outcomes that are no failure in an incremental run: the stored article stands
UNCHANGED_OUTCOMES = frozenset({FetchOutcome.NOT_MODIFIED, FetchOutcome.NOT_DUE})


def reached_by_url(source: str) -> bool:
    """An http(s) source (the scraper's ``is_url``; the corpus side does not import it)."""
    return urlsplit(source).scheme.lower() in ("http", "https")


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class StubNote:
    """What the state needs of an article whose row stays on a worker (``--parquet-dir``)."""

    index: int
    stub: dict[str, Any]                   # the stored row: see StateStore.save_article
    digest: str                            # row_digest of the full row
    is_url: bool
    warnings: tuple[str, ...] = ()
    removed: tuple[tuple[str, int], ...] = ()   # lines removed per cleaner (reason prefix)
    fingerprint: Fingerprint | None = None      # only when the run keeps state


@dataclass(frozen=True, slots=True)
class _Read:
    """What a page sent to the workers will leave in the URL's record once stored."""

    key: str
    body_hash: str
    size: int
    etag: str | None
    last_modified: str | None
    seconds: float | None = None       # the fetch's wall time (RawPage.fetch_seconds)


class RunRecorder:
    """The state side of one run: what to skip, and what each result changed."""

    def __init__(self, store: StateStore, run_id: int, cleaned_with: str) -> None:
        self.store, self.run_id, self.cleaned_with = store, run_id, cleaned_with
        #: new / changed articles; rechecked (cleaned again, the same article); unchanged
        #: (the same bytes: not cleaned), not_modified / not_due (not even fetched)
        self.changes: Counter[str] = Counter()
        #: this run's results (in TEMP tables): its output is the new and changed articles,
        #: or every article on an ephemeral store (a run that keeps no state)
        self.spool = RunSpool(store)
        self._reads: dict[int, _Read] = {}
        self._duplicates = None if store.ephemeral else store.duplicate_index()
        self._plan = store.fetch_plan()    # read by the fetcher's thread: never the file
        self._now = store.now()

    # -- before work ---------------------------------------------------------------------
    def is_due(self, url: str) -> bool:
        """Never checked, or its next check time (as of the run's start) has come."""
        planned = self._plan.get(url)
        return is_due(planned[0] if planned else None, self._now)

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        planned = self._plan.get(url)
        return (planned[1], planned[2]) if planned and (planned[1] or planned[2]) else None

    def admit(self, page: RawPage) -> bool:
        """Whether ``page`` needs cleaning; a page whose bytes and cleaning options are those
        of its last stored result is recorded as unchanged and not cleaned again."""
        digest, key = body_hash(page.body), printable(page.source)
        known = self.store.validators(key)
        if (known is not None and known.body_hash == digest
                and known.cleaned_with == self.cleaned_with):
            with self.store.transaction(batched=True):
                self.store.record_fetch(self.run_id, key, "unchanged", body_hash=digest,
                                        size=len(page.body), etag=page.etag,
                                        last_modified=page.last_modified,
                                        seconds=page.fetch_seconds)
            self.changes["unchanged"] += 1
            return False
        self._reads[page.index] = _Read(key, digest, len(page.body), page.etag,
                                        page.last_modified, page.fetch_seconds)
        return True

    # -- after work ----------------------------------------------------------------------
    def record(self, result: Article | Skip | Failure) -> ArticleChange | None:
        """Store one result with its fetch record (one group of a batched transaction:
        see :meth:`.StateStore.transaction`). Returns what an article did to the store
        (None for skips and failures)."""
        if isinstance(result, Failure):
            self._record_failure(result)
            return None
        read = self._reads.pop(result.index, None)
        with self.store.transaction(batched=True):
            change = self._save(result) if isinstance(result, Article) else None
            self.store.count_removals(self.run_id, Counter(
                r.reason.split(":", 1)[0] for r in result.removals))
            if isinstance(result, Skip):
                self.store.record_failure(self.run_id, printable(result.source), result.stage,
                                          result.reason, result.message)
                self.spool.add_skip(result)
            self._fetched(read)
        return change

    def hold_stub(self, note: StubNote, batch: int, pos: int) -> None:
        """Keep the note of a ``--parquet-dir`` run's article (``pos``-th of batch
        ``batch``) and its page's fetch record in the run's spool, out of this process,
        until :meth:`record_held` stores it: the articles of such a run are stored only
        once its parts are written, its skips and failures as they come."""
        read = self._reads.pop(note.index, None)
        with self.store.transaction(batched=True):
            self.spool.hold(note.index, batch, pos, pickle.dumps((note, read)))

    def record_held(self) -> int:
        """Store every held note in input order (:meth:`record_stub`, with its batch and
        position in the spool); returns how many."""
        stored = 0
        for batch, pos, blob in self.spool.held():
            note, read = pickle.loads(blob)
            self.record_stub(note, at=(batch, pos), read=read)
            stored += 1
        return stored

    def record_stub(self, note: StubNote, *, at: tuple[int, int] | None = None,
                    read: _Read | None = None) -> tuple[int, bool]:
        """Store an article of a ``--parquet-dir`` run by its note (its row stays in the
        run's parts: the store keeps the stub, :meth:`.StateStore.save_article`), as
        :meth:`record` stores an article (``at``: its batch and position there; ``read``:
        its page's fetch record, when held apart). Returns its spool ``seq`` and whether
        its row is part of this run's output (new or changed, or any on an ephemeral
        store)."""
        if read is None:
            read = self._reads.pop(note.index, None)
        with self.store.transaction(batched=True):
            change, version = self.store.save_article(self.run_id, note.stub, note.digest)
            fresh = self._saved(change, note.stub["id"], lambda: note.fingerprint)
            output = fresh or self.store.ephemeral
            seq = self.spool.add_row(note.index, note.stub, version, output=output,
                                     is_url=note.is_url, warnings=note.warnings, at=at)
            self.store.count_removals(self.run_id, dict(note.removed))
            self._fetched(read)
        return seq, output

    def _fetched(self, read: _Read | None) -> None:
        if read is not None:
            self.store.record_fetch(self.run_id, read.key, "ok", body_hash=read.body_hash,
                                    size=read.size, etag=read.etag,
                                    last_modified=read.last_modified,
                                    cleaned_with=self.cleaned_with, seconds=read.seconds)

    def _save(self, article: Article) -> ArticleChange:
        row = article_row(article)
        change, version = self.store.save_article(self.run_id, row)
        fresh = self._saved(change, row["id"], lambda: fingerprint(article.text))
        self.spool.add_article(article, row, version, output=fresh or self.store.ephemeral,
                               is_url=reached_by_url(article.source))
        return change

    def _saved(self, change: ArticleChange, article_id: str,
               fingerprint_of: Callable[[], Fingerprint | None]) -> bool:
        """Count what saving an article did, and mark a new or changed one's duplicates
        (a kept state only); whether it was new or changed."""
        fresh = change is not ArticleChange.UNCHANGED
        if fresh and self._duplicates is not None:
            fp = fingerprint_of()
            if fp is None:
                raise ValueError(f"article {article_id} came without its fingerprint")
            duplicate_of = self._duplicates.mark(article_id, fp)
            self.store.save_fingerprint(article_id, fp, duplicate_of)
            if duplicate_of is not None:
                self.changes["duplicates"] += 1
        self.changes["rechecked" if change is ArticleChange.UNCHANGED else str(change)] += 1
        return fresh

    def lose(self, seq: int, failure: Failure) -> None:
        """An article stored by :meth:`record_stub` whose row was lost after all (its part
        was never written): ``failure`` replaces it in this run's results, and its URL's
        body hash goes, so the next run cleans the page again instead of calling it
        unchanged, and the version this run stored loses its digest, so the next run's
        row is a new version in its output (:meth:`.StateStore.undeliver`) instead of a
        recheck of one no output ever held."""
        source = printable(failure.source)
        with self.store.transaction(batched=True):
            self.store.record_failure(self.run_id, source, failure.stage, failure.reason,
                                      failure.message)
            stored = self.spool.to_failure(seq, failure.stage, failure.reason, failure.message)
            if stored is not None:
                self.store.undeliver(self.run_id, *stored)
            self.store.forget_body(source)

    def _record_failure(self, failure: Failure) -> None:
        self._reads.pop(failure.index, None)
        if failure.stage == Stage.FETCH and failure.reason in UNCHANGED_OUTCOMES:
            if failure.reason == FetchOutcome.NOT_MODIFIED:
                with self.store.transaction(batched=True):
                    self.store.record_fetch(self.run_id, printable(failure.source),
                                            failure.reason, status=304)
            self.changes[failure.reason] += 1
            return
        with self.store.transaction(batched=True):
            if failure.stage == Stage.FETCH:
                self.store.record_fetch(self.run_id, printable(failure.source), failure.reason)
            self.store.record_failure(self.run_id, printable(failure.source), failure.stage,
                                      failure.reason, failure.message)
            self.spool.add_failure(failure)

    @staticmethod
    def is_unchanged(result: Failure) -> bool:
        """A fetch 'failure' that only says the stored article stands."""
        return result.stage == Stage.FETCH and result.reason in UNCHANGED_OUTCOMES
