"""``--parquet-dir`` on a real LocalCluster of 2 workers: the client holds no more of the
first pass's notes than the batch in hand, whatever the number of articles (issue 10); the
notes wait in the run's spool (SQLite's temp file) until the second pass is planned."""

from __future__ import annotations

import gc
from functools import partial
from pathlib import Path

import pytest

from newsclean.cleaners.repeated import text_line_keys
from newsclean.config import CleanOptions
from newsclean.corpus.partition_pass import (
    PartDone,
    PartPlan,
    clean_batch,
    hold_notes,
    plan_parts,
    write_batch_part,
)
from newsclean.corpus.partitions import commit, read_parts, start
from newsclean.corpus.state.recorder import RunRecorder, StubNote
from newsclean.corpus.state.store import StateStore
from newsclean.engine.dask_engine import bounded_batch, run_dask_passes
from newsclean.engine.local import run_local
from newsclean.engine.worker import PageResult, process_batch
from newsclean.pipeline import _hashed_row_pass
from newsclean.records import Article, RawPage
from tests.conftest import FIXTURES

distributed = pytest.importorskip("distributed")

BATCH = 2
#: batches in flight: two per worker thread (``windowed``); Dask may still hold the result
#: of a batch taken a moment ago until its release reaches the scheduler
WINDOW = 2 * 2


def _notes_alive() -> int:
    """The first-pass notes alive in this process now."""
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, StubNote))


def test_the_client_holds_a_batch_of_notes_at_most(tmp_path: Path) -> None:
    files = sorted((FIXTURES / "html").glob("*.html"))[:8]
    pages = [RawPage(index=i, source=f"{path.as_uri()}?copy={i}", body=path.read_bytes())
             for i, path in enumerate(files * 6)]
    expected: list[PageResult] = []
    run_local(pages, CleanOptions(), 1, expected.append)
    articles = [r.source for r in sorted(expected, key=lambda r: r.index)
                if isinstance(r, Article)]
    assert len(articles) > 3 * WINDOW * BATCH     # many more notes than a window holds

    alive: list[int] = []                     # notes alive as each batch is kept, at plan
    kept: list[int] = []
    done: list[PartDone] = []
    target = tmp_path / "parts"
    staging = start(target)
    with StateStore.open(tmp_path / "state.db", line_keys=text_line_keys) as store, \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster:
        recorder = RunRecorder(store, store.begin_run("test"), "test")

        def keep(number: int, notes: list[StubNote]) -> None:
            kept.append(len(notes))
            hold_notes(number, notes, recorder)
            alive.append(_notes_alive())

        def plan() -> list[PartPlan]:
            alive.append(_notes_alive())
            return list(plan_parts(CleanOptions(), recorder))

        run_dask_passes((page for page in pages if recorder.admit(page)), 2, lambda r: None,
                        scheduler=cluster.scheduler_address, batch=BATCH,
                        first=partial(clean_batch, options=CleanOptions(),
                                      staging=str(staging),
                                      task=partial(bounded_batch, page_timeout=30.0,
                                                   task=process_batch),
                                      line_keys=text_line_keys, fingerprints=True),
                        keep=keep, plan=plan,
                        second=partial(write_batch_part, staging=str(staging),
                                       finish=_hashed_row_pass),
                        on_done=lambda _plan, part: done.append(part))
        stored = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    commit(staging, target, {part.number: part.rows for part in done if part.rows})
    assert sum(kept) == len(articles)
    assert alive and max(alive) <= WINDOW * BATCH  # the old client: every note at plan
    assert stored == len(articles)
    assert list(read_parts(target)["source"]) == articles
