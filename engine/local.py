"""Execution engines for the CPU stage. The local engine runs :func:`process_batch` in a
pool of worker processes (or inline for one worker); a Dask engine can sit beside it with
the same signature. Results come back in completion order; callers sort by ``index``.

A worker that dies (killed for memory, a crash inside a C parser) breaks the pool. The
pages of the batches that were in flight are set aside, a new pool carries on with the
rest, and then the set-aside pages are retried one at a time in a one-worker pool, so an
innocent page is not lost with the one that crashed: only a page that kills its worker
on its own is recorded as ``worker_crashed``.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice

from newsclean.config import CleanOptions
from newsclean.engine.worker import PageResult, process_batch
from newsclean.outcomes import Stage
from newsclean.records import Failure, RawPage

log = logging.getLogger(__name__)

BATCH_SIZE = 8
#: batches in flight per worker: enough to keep workers busy, little enough to bound memory
IN_FLIGHT_PER_WORKER = 3

Task = Callable[[list[RawPage], CleanOptions], list[PageResult]]
OnOutcome = Callable[[PageResult], None]


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
    run = _PoolRun(options, task, on_outcome)
    run.until_done(_batches(pages, BATCH_SIZE), workers, workers * IN_FLIGHT_PER_WORKER)
    suspects, run.retry = run.retry, None      # a crash while retrying is final
    if suspects:
        log.warning("retrying %d pages alone after a worker died", len(suspects))
        run.until_done(_batches(iter(suspects), 1), 1, 1)


@dataclass
class _PoolRun:
    options: CleanOptions
    task: Task
    on_outcome: OnOutcome
    #: pages set aside after a crash (None: record them as crashed instead)
    retry: list[RawPage] | None = field(default_factory=list)

    def until_done(self, batches: Iterator[list[RawPage]], workers: int, limit: int) -> None:
        while not self._pool(batches, workers, limit):
            log.warning("a worker process died; starting a new pool")

    def _pool(self, batches: Iterator[list[RawPage]], workers: int, limit: int) -> bool:
        """Run batches until they are exhausted (True) or the pool breaks (False)."""
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsclean.engine.worker"])
        pending: dict[Future[list[PageResult]], list[RawPage]] = {}
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for batch in batches:
                try:
                    pending[pool.submit(self.task, batch, self.options)] = batch
                except BrokenProcessPool:
                    self._crashed(batch)
                    break
                if len(pending) >= limit and not self._finish(pending, FIRST_COMPLETED):
                    break
            else:
                return self._finish(pending, None)
            self._finish(pending, None)   # the pool is broken: set aside what was in flight
            return False

    def _finish(self, pending: dict[Future[list[PageResult]], list[RawPage]],
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
                self._crashed(batch)
                continue
            for outcome in outcomes:
                self.on_outcome(outcome)
        return healthy

    def _crashed(self, batch: list[RawPage]) -> None:
        if self.retry is not None:
            self.retry.extend(batch)
            return
        for page in batch:
            self.on_outcome(Failure(page.index, page.source, Stage.EXTRACT, "worker_crashed",
                                    "the worker process died while cleaning this page "
                                    "(out of memory or a crash in a parser)"))
