"""The cumulative corpus, streamed from the state store into CSV and Parquet.

Rows come from :meth:`StateStore.corpus_rows` a chunk at a time; each chunk becomes a typed
DataFrame (the run's columns and dtypes, then ``version``, ``first_seen``, ``last_seen``,
``duplicate_of``) and goes through the corpus writer that ``run -o`` uses too
(:func:`~newsclean.corpus.export.write_corpus`): appended to the temp file of an atomic
write, so the export never holds the whole corpus in memory and a reader sees the old file
or the new complete one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from newsclean import lazy_module
from newsclean.corpus.export import CorpusTargets, write_corpus
from newsclean.corpus.schema import COLUMNS, STATE_COLUMNS, apply_state_dtypes
from newsclean.corpus.state.store import StateStore, is_stub
from newsclean.errors import StateError

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

EXPORT_COLUMNS = (*COLUMNS, *STATE_COLUMNS)
RowFinish = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rows of the state an export writes."""

    changed_since: datetime | None = None
    site: str | None = None
    all_versions: bool = False


def corpus_frames(store: StateStore, selection: Selection = Selection(), *,
                  chunk: int = 2000, finish: RowFinish | None = None
                  ) -> Iterator[pd.DataFrame]:
    """Typed frames of at most ``chunk`` rows; ``finish(row)`` is applied to each stored
    row first (the pipeline's repeated-line pass, from the site statistics); a row it
    returns None for is left out."""
    for rows in store.corpus_rows(chunk=chunk, changed_since=selection.changed_since,
                                  site=selection.site, all_versions=selection.all_versions):
        stub = next((row for row in rows if is_stub(row)), None)
        if stub is not None:
            raise StateError(f"{store.path}: article {stub['id']} ({stub['source']}) was "
                             "cleaned by a --parquet-dir run, whose rows are in its parts, "
                             "not in the state file: read the corpus from the parts")
        if finish is not None:
            rows = [done for done in map(finish, rows) if done is not None]
            if not rows:
                continue
        frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
        yield apply_state_dtypes(frame)[list(EXPORT_COLUMNS)]


def export_cumulative(store: StateStore, targets: CorpusTargets, *,
                      selection: Selection = Selection(), guard: bool = True,
                      chunk: int = 2000, finish: RowFinish | None = None) -> int:
    """Write the selected rows to ``targets`` (CSV, Parquet, JSON Lines) through the one
    corpus writer (:func:`~newsclean.corpus.export.write_corpus`); return the count."""
    empty = apply_state_dtypes(pd.DataFrame(columns=list(EXPORT_COLUMNS)))
    return write_corpus(corpus_frames(store, selection, chunk=chunk, finish=finish), empty,
                        targets, guard=guard)
