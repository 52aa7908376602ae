"""The two passes of a run whose workers write the corpus (``--parquet-dir``), corpus side.

So that the state store, the per-site repeated-line pass and the same-URL duplicates give
the local engine's answer while no process holds the corpus:

1. :func:`clean_batch` (a task): clean a batch of pages, keep its article rows (and, for
   ``--audit``, what the cleaners removed from them) in the staging folder
   (:func:`~newsclean.corpus.partitions.save_pending`) and return a :class:`Cleaned` note
   per article (a stub of its row, the digest of the full row, the hashes of its lines'
   keys, its fingerprint when the run keeps state) with the skips and failures as they are.
2. :func:`hold_notes` (the client, as each batch comes back): the batch's notes go into
   the run's spool (a TEMP table, out of the process), so the client holds about one
   batch of notes, whatever the number of articles.
3. :func:`plan_parts` (the client, between the passes, every held note in input order):
   each note goes into the run's state store as a local run stores an article
   (:meth:`~newsclean.corpus.state.recorder.RunRecorder.record_stub`: new, changed or
   rechecked, duplicates, the fetch record, the site's line statistics); rows that are not
   this run's output (rechecked) and the later URLs of an article already seen with the
   same text (``same_url``, marked by the run's spool) are dropped; each site's repeated
   lines come from the store's statistics, as hashes. The plans are read from the spool
   one batch at a time, as the second pass takes them.
4. :func:`write_batch_part` (a task per batch): drop those rows, apply the repeated-line
   pass (``finish``, the pipeline's, as for a local run's rows), write
   ``part-NNNNN.parquet`` and, for ``--audit``, the batch's removals
   (:func:`~newsclean.corpus.partitions.write_audit_part`). The client then makes the
   rows the pass emptied skips in the spool (:func:`apply_parts`).

The cleaning and the line keys come in as functions (``task``, ``line_keys``, ``finish``):
the corpus side does not import the cleaners or the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsclean.config import CleanOptions
from newsclean.corpus.dedup import fingerprint
from newsclean.corpus.outputs import Passed
from newsclean.corpus.partitions import load_pending, save_pending, write_audit_part, write_part
from newsclean.corpus.schema import article_row, printable
from newsclean.corpus.state.hostlines import line_hash
from newsclean.corpus.state.recorder import RunRecorder, StubNote, reached_by_url
from newsclean.corpus.state.spool import RunSpool
from newsclean.corpus.state.store import STUB, row_digest
from newsclean.outcomes import ErrorReason, SkipReason, Stage
from newsclean.records import Article, Failure, RawPage, Skip

#: what cleans a batch of pages (the engine's ``process_batch``)
CleanTask = Callable[[list[RawPage], CleanOptions], list[Article | Skip | Failure]]
#: the repeated-line pass on one row: the row, its site's hashed repeated keys, min_words
Finish = Callable[[dict[str, Any], frozenset[int], int], Passed]
#: what the first pass tells the client of one article (its row waits on disk)
Cleaned = StubNote
#: the fields of a row the state store keeps of an article of a ``--parquet-dir`` run
STUB_FIELDS = ("id", "source", "url", "site", "language", "word_count", "content_hash")


def _note(article: Article, row: dict[str, Any], line_keys: Callable[[str], Iterable[str]],
          fingerprints: bool) -> Cleaned:
    stub = {key: row[key] for key in STUB_FIELDS}
    stub[STUB] = sorted(line_hash(key) for key in set(line_keys(row["text"])))
    removed = Counter(r.reason.split(":", 1)[0] for r in article.removals)
    return Cleaned(article.index, stub, row_digest(row), reached_by_url(article.source),
                   tuple(str(w) for w in article.meta.warnings), tuple(sorted(removed.items())),
                   fingerprint(article.text) if fingerprints else None)


def clean_batch(pages: list[RawPage], number: int, *, options: CleanOptions, staging: str,
                task: CleanTask, line_keys: Callable[[str], Iterable[str]],
                fingerprints: bool = False, audit: bool = False
                ) -> list[Cleaned | Skip | Failure]:
    """Pass 1: clean ``pages`` with ``task``, keep the article rows as batch ``number``
    (with their removals when ``audit``); ``fingerprints``: the notes carry them."""
    notes: list[Cleaned | Skip | Failure] = []
    rows = []
    for result in task(pages, options):
        if isinstance(result, Article):
            row = article_row(result)
            rows.append((row, [(r.reason, printable(r.text)) for r in result.removals]
                         if audit else []))
            notes.append(_note(result, row, line_keys, fingerprints))
        else:
            notes.append(result)
    save_pending(Path(staging), number, rows)
    return notes


@dataclass(frozen=True, slots=True)
class PartPlan:
    """What the second pass does to one batch's rows (by position among its articles)."""

    number: int
    pages: tuple[tuple[int, int, str], ...]    # per row: its spool seq, index and source
    drop: frozenset[int]                       # rows not in this run's output, same_url rows
    repeated: dict[str, frozenset[int]]        # per site, the hashed repeated line keys
    min_words: int
    audit: bool = False                        # write the batch's removals

    def lost(self) -> list[Failure]:
        """The failure of each row whose part could not be written (its workers died)."""
        return [Failure(index, source, Stage.EXTRACT, ErrorReason.WORKER_CRASHED,
                        "the worker processes writing this page's part kept dying (out of "
                        "memory or a crash)")
                for pos, (_seq, index, source) in enumerate(self.pages)
                if pos not in self.drop]


@dataclass(frozen=True, slots=True)
class PartDone:
    """What the second pass wrote of one batch, and the rows it emptied (seq, reason,
    message)."""

    number: int
    rows: int
    emptied: tuple[tuple[int, str, str], ...] = ()
    sites: Counter[str | None] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)


def hold_notes(number: int, notes: list[Cleaned], recorder: RunRecorder) -> None:
    """Keep batch ``number``'s notes in the run's spool until :func:`plan_parts` (the client
    holds no more than the batch in hand)."""
    for pos, note in enumerate(notes):
        recorder.hold_stub(note, number, pos)


def plan_parts(options: CleanOptions, recorder: RunRecorder, *, audit: bool = False
               ) -> Iterator[PartPlan]:
    """Store every held note in input order, mark the same_url rows, then each batch's
    second pass, one batch at a time from the spool (see the module docstring)."""
    recorder.record_held()
    recorder.spool.mark_same_url(Stage.CLEAN, SkipReason.SAME_URL)
    lines = recorder.store.host_lines
    if lines is None:
        raise ValueError("a --parquet-dir run needs a store that keeps line statistics")
    repeated: dict[str, frozenset[int]] = {}
    for number in recorder.spool.batch_numbers():
        rows = recorder.spool.batch_rows(number)
        sites = {site for _seq, _idx, _source, site, _kept in rows if site}
        for site in sites - set(repeated):
            repeated[site] = lines.repeated_hashed(site, min_pages=options.repeated_min_pages,
                                                   min_share=options.repeated_min_share)
        pages = tuple((seq, idx, source) for seq, idx, source, _site, _kept in rows)
        drop = frozenset(pos for pos, row in enumerate(rows) if not row[4])
        yield PartPlan(number, pages, drop, {site: repeated[site] for site in sites},
                       options.min_words, audit)


def write_batch_part(plan: PartPlan, *, staging: str, finish: Finish) -> PartDone:
    """Pass 2: the repeated-line pass on one batch's rows, written as its part (no file for
    a batch left without rows), and its removals as its audit part (``plan.audit``)."""
    kept, emptied = [], []
    removals: list[tuple[str, str, str]] = []
    sites: Counter[str | None] = Counter()
    languages: Counter[str | None] = Counter()
    for pos, (row, removed) in enumerate(load_pending(Path(staging), plan.number)):
        if pos in plan.drop:
            continue
        passed = finish(row, plan.repeated.get(row["site"] or "", frozenset()), plan.min_words)
        removals.extend((row["source"], reason, text) for reason, text in removed)
        removals.extend((row["source"], passed.removal, printable(line))
                        for line in passed.removed)
        if passed.row is None:
            emptied.append((plan.pages[pos][0], passed.reason, passed.message))
            continue
        kept.append(passed.row)
        sites[passed.row["site"] or None] += 1
        languages[passed.row["language"] or None] += 1
    if kept:
        write_part(Path(staging), plan.number, kept)
    if plan.audit:
        write_audit_part(Path(staging), plan.number, removals)
    return PartDone(plan.number, len(kept), tuple(emptied), sites, languages)


def apply_parts(done: Iterable[PartDone], spool: RunSpool) -> None:
    """The rows the second pass emptied become skips of the run (as the local run's pass
    makes them while writing its outputs)."""
    with spool.store.transaction():
        for part in done:
            for seq, reason, message in part.emptied:
                spool.to_skip(seq, Stage.CLEAN, reason, message)
