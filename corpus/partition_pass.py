"""The two passes of a run whose workers write the corpus (``--parquet-dir``), corpus side.

So that the per-site repeated-line pass and the same-URL duplicates give the local
engine's answer while no process holds the corpus:

1. :func:`clean_batch` (a task): clean a batch of pages, keep its article rows in the
   staging folder (:func:`~newsclean.corpus.partitions.save_pending`) and return a
   :class:`Cleaned` note per article (id, site, text hash, the hashed keys of its lines)
   with the skips and failures as they are.
2. :func:`plan_parts` (the client, every note in input order): the later URLs of an article
   already seen with the same text become ``same_url`` skips, as the run's spool makes
   them; each site's line keys are counted once per distinct text
   (:class:`~newsclean.corpus.state.hostlines.LineTally`, the count of the run's store).
3. :func:`write_batch_part` (a task per batch): drop the ``same_url`` rows, apply the
   repeated-line pass (``finish``, the pipeline's, as for a local run's rows) and write
   ``part-NNNNN.parquet``.

The cleaning and the line keys come in as functions (``task``, ``line_keys``, ``finish``):
the corpus side does not import the cleaners or the engine.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsclean.config import CleanOptions
from newsclean.corpus.outputs import Passed
from newsclean.corpus.partitions import load_pending, save_pending, write_part
from newsclean.corpus.schema import article_row
from newsclean.corpus.state.hostlines import LineTally, line_hash
from newsclean.corpus.state.recorder import reached_by_url
from newsclean.outcomes import ErrorReason, SkipReason, Stage
from newsclean.records import Article, Failure, RawPage, Skip

#: what cleans a batch of pages (the engine's ``process_batch``)
CleanTask = Callable[[list[RawPage], CleanOptions], list[Article | Skip | Failure]]
#: the repeated-line pass on one row: the row, its site's hashed repeated keys, min_words
Finish = Callable[[dict[str, Any], frozenset[int], int], Passed]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What the first pass tells the client of one article (its row waits on disk)."""

    index: int
    source: str
    id: str
    site: str | None
    content_hash: str
    is_url: bool
    lines: tuple[int, ...]            # line_hash of each distinct line key of its text
    warnings: tuple[str, ...] = ()


def _note(article: Article, row: dict[str, Any], line_keys: Callable[[str], Iterable[str]]
          ) -> Cleaned:
    return Cleaned(article.index, row["source"], row["id"], row["site"], row["content_hash"],
                   reached_by_url(article.source),
                   tuple(sorted(line_hash(key) for key in set(line_keys(row["text"])))),
                   tuple(str(w) for w in article.meta.warnings))


def clean_batch(pages: list[RawPage], number: int, *, options: CleanOptions, staging: str,
                task: CleanTask, line_keys: Callable[[str], Iterable[str]]
                ) -> list[Cleaned | Skip | Failure]:
    """Pass 1: clean ``pages`` with ``task``, keep the article rows as batch ``number``."""
    notes: list[Cleaned | Skip | Failure] = []
    rows = []
    for result in task(pages, options):
        if isinstance(result, Article):
            row = article_row(result)
            rows.append(row)
            notes.append(_note(result, row, line_keys))
        else:
            notes.append(result)
    save_pending(Path(staging), number, rows)
    return notes


@dataclass(frozen=True, slots=True)
class PartPlan:
    """What the second pass does to one batch's rows (by position among its articles)."""

    number: int
    articles: tuple[Cleaned, ...]              # the batch's notes, in its order
    drop: frozenset[int]                       # same_url rows
    repeated: dict[str, frozenset[int]]        # per site, the hashed repeated line keys
    min_words: int

    def lost(self) -> list[Failure]:
        """The failure of each row whose part could not be written (its workers died)."""
        return [Failure(note.index, note.source, Stage.EXTRACT, ErrorReason.WORKER_CRASHED,
                        "the worker processes writing this page's part kept dying (out of "
                        "memory or a crash)")
                for pos, note in enumerate(self.articles) if pos not in self.drop]


@dataclass(frozen=True, slots=True)
class PartDone:
    """What the second pass wrote of one batch, and the rows it made skips."""

    number: int
    rows: int
    skips: tuple[Skip, ...] = ()
    sites: Counter[str | None] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)


def plan_parts(notes: dict[int, list[Cleaned]], options: CleanOptions
               ) -> tuple[list[PartPlan], list[Skip]]:
    """Each batch's second pass, and the ``same_url`` skips (see the module docstring)."""
    first: dict[tuple[str, str], str] = {}
    drop: dict[int, set[int]] = defaultdict(set)
    skips: list[Skip] = []
    tally = LineTally()
    flat = [(n, pos, note) for n, batch in notes.items() for pos, note in enumerate(batch)]
    for number, pos, note in sorted(flat, key=lambda item: item[2].index):
        tally.add(note.site, note.content_hash, note.lines)
        key = (note.id, note.content_hash)
        if key not in first:
            first[key] = note.source
        elif note.is_url:
            drop[number].add(pos)
            skips.append(Skip(note.index, note.source, Stage.CLEAN, SkipReason.SAME_URL,
                              f"same article as {first[key]}"))
    repeated: dict[str, frozenset[int]] = {}
    plans = []
    for number, batch in sorted(notes.items()):
        sites = {note.site for note in batch if note.site}
        for site in sites - set(repeated):
            repeated[site] = tally.repeated(site, min_pages=options.repeated_min_pages,
                                            min_share=options.repeated_min_share)
        if batch:
            plans.append(PartPlan(number, tuple(batch), frozenset(drop[number]),
                                  {site: repeated[site] for site in sites}, options.min_words))
    return plans, skips


def write_batch_part(plan: PartPlan, *, staging: str, finish: Finish) -> PartDone:
    """Pass 2: the repeated-line pass on one batch's rows, written as its part (no file for
    a batch left without rows)."""
    kept, skips = [], []
    sites: Counter[str | None] = Counter()
    languages: Counter[str | None] = Counter()
    warnings: Counter[str] = Counter()
    for pos, row in enumerate(load_pending(Path(staging), plan.number)):
        if pos in plan.drop:
            continue
        note = plan.articles[pos]
        passed = finish(row, plan.repeated.get(row["site"] or "", frozenset()), plan.min_words)
        if passed.row is None:
            skips.append(Skip(note.index, note.source, Stage.CLEAN, passed.reason,
                              passed.message))
            continue
        kept.append(passed.row)
        sites[passed.row["site"] or None] += 1
        languages[passed.row["language"] or None] += 1
        warnings.update(f"warning/{w}" for w in note.warnings)
    if kept:
        write_part(Path(staging), plan.number, kept)
    return PartDone(plan.number, len(kept), tuple(skips), sites, languages, warnings)
