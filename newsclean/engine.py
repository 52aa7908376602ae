"""Execution engines for the CPU stage. The local engine runs :func:`process_batch` in a
pool of worker processes (or inline for one worker); a Dask engine can sit beside it with
the same signature. Results come back in completion order; callers sort by ``index``.

A worker that dies (killed for memory, a crash inside a C parser) breaks the pool: the
pages of the batches that were in flight are recorded as ``worker_crashed`` failures, a
new pool is started and the run goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from newsclean.config import CleanOptions
from newsclean.records import Failure, RawPage
from newsclean.worker import Outcome, process_batch

log = logging.getLogger(__name__)

BATCH_SIZE = 8
#: batches in flight per worker: enough to keep workers busy, little enough to bound memory
IN_FLIGHT_PER_WORKER = 3

Task = Callable[[list[RawPage], CleanOptions], list[Outcome]]
OnOutcome = Callable[[Outcome], None]


def _batches(pages: Iterator[RawPage], size: int) -> Iterator[list[RawPage]]:
    while batch := list(islice(pages, size)):
        yield batch


def _split(items: Iterable[RawPage | Failure], on_failure: Callable[[Failure], None]
           ) -> Iterator[RawPage]:
    for item in items:
        if isinstance(item, Failure):
            on_failure(item)
        else:
            yield item


def run_local(items: Iterable[RawPage | Failure], options: CleanOptions, workers: int,
              on_outcome: OnOutcome, task: Task = process_batch) -> None:
    """Process every page; call ``on_outcome`` (in the calling process) for each result,
    including the failures already present in ``items``."""
    pages = _split(items, on_outcome)
    if workers <= 1:
        for batch in _batches(pages, 1):
            for outcome in task(batch, options):
                on_outcome(outcome)
        return
    batches = _batches(pages, BATCH_SIZE)
    while not _run_pool(batches, options, workers, on_outcome, task):
        log.warning("a worker process died; starting a new pool for the remaining pages")


def _run_pool(batches: Iterator[list[RawPage]], options: CleanOptions, workers: int,
              on_outcome: OnOutcome, task: Task) -> bool:
    """Run batches until they are exhausted (True) or the pool breaks (False)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsclean.worker"])
    limit = workers * IN_FLIGHT_PER_WORKER
    pending: dict[Future[list[Outcome]], list[RawPage]] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for batch in batches:
            try:
                pending[pool.submit(task, batch, options)] = batch
            except BrokenProcessPool:
                _crashed(batch, on_outcome)
                break
            if len(pending) >= limit and not _finish(pending, on_outcome, FIRST_COMPLETED):
                break
        else:
            return _finish(pending, on_outcome, None)
        _finish(pending, on_outcome, None)   # the pool is broken: record what was in flight
        return False


def _finish(pending: dict[Future[list[Outcome]], list[RawPage]], on_outcome: OnOutcome,
            mode: str | None) -> bool:
    """Hand on the results of finished futures (all of them when ``mode`` is None) and
    drop them from ``pending``. False when a worker died."""
    done, _ = wait(pending, return_when=mode) if mode else (set(pending), set())
    healthy = True
    for future in done:
        batch = pending.pop(future)
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            healthy = False
            _crashed(batch, on_outcome)
            continue
        for outcome in outcomes:
            on_outcome(outcome)
    return healthy


def _crashed(batch: list[RawPage], on_outcome: OnOutcome) -> None:
    for page in batch:
        on_outcome(Failure(page.index, page.source, "extract", "worker_crashed",
                           "a worker process died while this page was in its batch "
                           "(out of memory or a crash in a parser)"))
