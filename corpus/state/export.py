"""The cumulative corpus, streamed from the state store into CSV and Parquet.

Rows come from :meth:`StateStore.corpus_rows` a chunk at a time; each chunk becomes a typed
DataFrame (the run's columns and dtypes, then ``version``, ``first_seen``, ``last_seen``,
``duplicate_of``) and is appended to the temp file of an atomic write, so the export never
holds the whole corpus in memory and a reader sees the old file or the new complete one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newsclean import lazy_module
from newsclean.corpus.export import atomic_path, csv_frame, guard_frame
from newsclean.corpus.schema import CATEGORY_COLUMNS, COLUMNS, STATE_COLUMNS, apply_state_dtypes
from newsclean.corpus.state.store import StateStore

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
else:
    pd = lazy_module("pandas")
    pa = lazy_module("pyarrow")
    pq = lazy_module("pyarrow.parquet")

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
        if finish is not None:
            rows = [done for done in map(finish, rows) if done is not None]
            if not rows:
                continue
        frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
        yield apply_state_dtypes(frame)[list(EXPORT_COLUMNS)]


def _arrow_schema(frame: pd.DataFrame) -> pa.Schema:
    """The first chunk's schema, with every category column as dictionary<int32, string>,
    so that chunks with more or fewer categories still share one schema."""
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    for name in CATEGORY_COLUMNS:
        index = schema.get_field_index(name)
        schema = schema.set(index, pa.field(name, pa.dictionary(pa.int32(), pa.string())))
    return schema


def export_cumulative(store: StateStore, *, csv_path: Path | None = None,
                      parquet_path: Path | None = None, selection: Selection = Selection(),
                      guard: bool = True, chunk: int = 2000,
                      finish: RowFinish | None = None) -> int:
    """Write the selected rows to ``csv_path`` and/or ``parquet_path``; return the count."""
    count = 0
    with ExitStack() as stack:
        csv_out: IO[str] | None = None
        parquet_out: _ParquetChunks | None = None
        if csv_path is not None:
            tmp = stack.enter_context(atomic_path(csv_path))
            csv_out = stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
        if parquet_path is not None:
            parquet_out = _ParquetChunks(stack.enter_context(atomic_path(parquet_path)))
            stack.callback(parquet_out.close)      # closed before the rename
        written = 0
        for frame in corpus_frames(store, selection, chunk=chunk, finish=finish):
            _write_chunk(frame, csv_out, parquet_out, guard=guard, header=written == 0)
            written += 1
            count += len(frame)
        if written == 0:      # an empty selection still gives a file with the header
            empty = apply_state_dtypes(pd.DataFrame(columns=list(EXPORT_COLUMNS)))
            _write_chunk(empty, csv_out, parquet_out, guard=guard, header=True)
    return count


def _write_chunk(frame: pd.DataFrame, csv_out: IO[str] | None,
                 parquet_out: _ParquetChunks | None, *, guard: bool, header: bool) -> None:
    if csv_out is not None:
        cells = guard_frame(csv_frame(frame)) if guard else csv_frame(frame)
        cells.to_csv(csv_out, index=False, header=header, lineterminator="\r\n")
    if parquet_out is not None:
        parquet_out.write(frame)


class _ParquetChunks:
    """Row groups appended to one Parquet file, all with the first chunk's schema."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None

    def write(self, frame: pd.DataFrame) -> None:
        if self._writer is None or self._schema is None:
            self._schema = _arrow_schema(frame)
            self._writer = pq.ParquetWriter(self.path, self._schema)
        self._writer.write_table(pa.Table.from_pandas(frame, preserve_index=False)
                                 .cast(self._schema))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
