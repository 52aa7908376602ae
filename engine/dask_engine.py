"""The Dask engine of the CPU stage: batches of pages cleaned as Dask tasks.

    run_dask(pages, options, workers=4, on_outcome=store, scheduler="tcp://host:8786")

Same contract as :func:`newsclean.engine.local.run_local`: every page gives one result,
``on_outcome`` is called in this process for each (in completion order: callers sort by
``index``), failures already in ``items`` are handed through. Pages go out in batches of
:data:`BATCH` with at most ``2 x workers`` batches in flight, so neither this process nor
the cluster holds more than a window of the run; each batch's results come back once, as
its future completes, and the future is released. A worker that dies mid-task (killed, out
of memory) has its tasks run again by Dask on another worker: the run loses no page and
counts none twice, because each batch's result is taken from its future exactly once.

Without ``scheduler`` a :class:`distributed.LocalCluster` of ``workers`` single-threaded
worker processes is started for the run and closed after it. Every worker must run the
same newsclean (tasks name ``newsclean.engine.worker.process_batch``). The run's client is
not made the process's default, so a notebook's own Dask client stays its default.

Not enforced here: the per-page CPU deadline (``page_timeout``) needs the main thread of a
process, and Dask runs tasks on worker threads; the DOM and size limits still bound a page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from newsclean.config import CleanOptions
from newsclean.engine.local import pages_only
from newsclean.engine.worker import PageResult, Task, process_batch, worker_crashed
from newsclean.records import Failure, RawPage

if TYPE_CHECKING:
    from collections.abc import Callable

    from distributed import Client, Future, LocalCluster

log = logging.getLogger(__name__)

#: pages per Dask task: enough to amortise a task's overhead (about 1 ms), few enough
#: that a killed worker costs little work to redo
BATCH = 16


def _batches(items: Iterable[RawPage | Failure], on_failure: Callable[[Failure], None],
             size: int) -> Iterator[list[RawPage]]:
    """The pages of ``items`` in lists of ``size``; failures go to ``on_failure``."""
    pages = pages_only(items, on_failure)
    while batch := list(islice(pages, size)):
        yield batch


def _connect(workers: int, scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster (returned too,
    to be closed after the run)."""
    from distributed import Client, LocalCluster

    if scheduler:
        log.info("dask: connecting to %s", scheduler)
        return Client(scheduler, set_as_default=False), None
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    client = Client(cluster, set_as_default=False)
    log.info("dask: started a LocalCluster of %d workers (dashboard %s)", max(1, workers),
             client.dashboard_link)
    return client, cluster


def run_dask(items: Iterable[RawPage | Failure], options: CleanOptions, workers: int,
             on_outcome: Callable[[PageResult], None], *, scheduler: str | None = None,
             batch: int = BATCH, task: Task = process_batch) -> None:
    """Clean every page on a Dask cluster (see the module docstring)."""
    from distributed import as_completed

    client, cluster = _connect(workers, scheduler)
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        batches = _batches(items, on_outcome, batch)
        running = as_completed(loop=client.loop)    # this client's loop, not the default's
        sent: dict[Future, list[RawPage]] = {}
        for pages in islice(batches, window):
            running.add(_submit(client, task, pages, options, sent))
        for future in running:
            for result in _results(future, sent.pop(future)):
                on_outcome(result)
            for pages in islice(batches, 1):
                running.add(_submit(client, task, pages, options, sent))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _results(future: Future, pages: list[RawPage]) -> list[PageResult]:
    """A finished batch's results; a batch Dask gave up on (its workers kept dying) is a
    ``worker_crashed`` failure per page, as in the local pool."""
    from distributed import KilledWorker

    try:
        results: list[PageResult] = future.result()
    except KilledWorker as exc:
        log.warning("dask gave up on a batch of %d pages: %s", len(pages), exc)
        results = [worker_crashed(page, None) for page in pages]
    future.release()
    return results


def _submit(client: Client, task: Task, pages: list[RawPage], options: CleanOptions,
            sent: dict[Future, list[RawPage]]) -> Future:
    # pure=False: two batches with equal pages are still two tasks (each gives its rows)
    future = client.submit(task, pages, options, pure=False)
    sent[future] = pages
    return future
