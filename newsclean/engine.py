"""Execution engines for the CPU stage. The local engine runs :func:`process_batch` in a
pool of worker processes (or inline for one worker); a Dask engine can sit beside it with
the same signature. Results come back in completion order; callers sort by ``index``."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from newsclean.config import CleanOptions
from newsclean.records import Failure, RawPage
from newsclean.worker import Outcome, process_batch, process_page

BATCH_SIZE = 8
#: batches in flight per worker: enough to keep workers busy, little enough to bound memory
IN_FLIGHT_PER_WORKER = 3


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
              on_outcome: Callable[[Outcome], None]) -> None:
    """Process every page; call ``on_outcome`` (in the calling process) for each result,
    including the failures already present in ``items``."""
    pages = _split(items, on_outcome)
    if workers <= 1:
        for page in pages:
            on_outcome(process_page(page, options))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsclean.worker"])
    limit = workers * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: set[Future[list[Outcome]]] = set()
        for batch in _batches(pages, BATCH_SIZE):
            pending.add(pool.submit(process_batch, batch, options))
            if len(pending) >= limit:
                pending = _drain(pending, on_outcome, FIRST_COMPLETED)
        _drain(pending, on_outcome, None)


def _drain(pending: set[Future[list[Outcome]]], on_outcome: Callable[[Outcome], None],
           mode: str | None) -> set[Future[list[Outcome]]]:
    done, rest = wait(pending, return_when=mode) if mode else (pending, set())
    for future in done:
        for outcome in future.result():
            on_outcome(outcome)
    return set(rest)
