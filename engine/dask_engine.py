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

Every page has the local engine's CPU deadline (``page_timeout``, :func:`bounded_batch`):
a page over it is a ``page_timeout`` failure, not a lost batch. On Dask's task threads it
is the soft bound only (:mod:`newsclean.engine.deadline`); the DOM and size limits still
bound every page.

:func:`run_dask_passes` runs two passes on one cluster with a plan made in this process
between them (``--parquet-dir``: the workers write the corpus;
:mod:`newsclean.corpus.partition_pass` gives the tasks, the pipeline wires them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from newsclean.config import CleanOptions
from newsclean.engine.deadline import DEFAULT_PAGE_TIMEOUT
from newsclean.engine.local import pages_only
from newsclean.engine.worker import (
    PageResult,
    Task,
    process_batch,
    process_bounded,
    warm_up,
    worker_crashed,
)
from newsclean.records import Failure, RawPage, Skip

if TYPE_CHECKING:
    from collections.abc import Callable

    from distributed import Client, Future

log = logging.getLogger(__name__)

#: pages per Dask task: enough to amortise a task's overhead (about 1 ms), few enough
#: that a killed worker costs little work to redo
BATCH = 16


def batches(items: Iterable[RawPage | Failure], on_failure: Callable[[Failure], None],
             size: int) -> Iterator[list[RawPage]]:
    """The pages of ``items`` in lists of ``size``; failures go to ``on_failure``."""
    pages = pages_only(items, on_failure)
    while batch := list(islice(pages, size)):
        yield batch


@contextmanager
def connected(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster of ``workers``
    (:data:`WORKER_CONFIG`) closed with it at the end. Every worker has cleaned the
    built-in pages once (:func:`~newsclean.engine.worker.warm_up`; a LocalCluster's
    workers are forked from a forkserver that did, as the local pool's are), so no first
    page pays for the imports and tables against its ``page_timeout``."""
    import dask
    from distributed import Client, LocalCluster

    with ExitStack() as stack:
        if scheduler:
            log.info("dask: connecting to %s", scheduler)
            client = Client(scheduler, set_as_default=False)
        else:
            # for the whole run: a worker the nanny starts again (killed, out of memory)
            # is forked from the same warm forkserver, with the same config
            stack.enter_context(dask.config.set(WORKER_CONFIG))
            _warm_forkserver()
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                   processes=True, dashboard_address=":0")
            stack.callback(cluster.close)
            client = Client(cluster, set_as_default=False)
            log.info("dask: started a LocalCluster of %d workers (dashboard %s)",
                     max(1, workers), client.dashboard_link)
        stack.callback(client.close)
        client.run(warm_up)
        yield client


#: the Dask settings of the LocalCluster a run starts (the README says what to put in a
#: real cluster's configuration). The statistical profiler samples the task thread's
#: stack every 10 ms (about 1.5 ms of CPU a page, some 5%, measured); the workers are
#: forked from a forkserver that has imported distributed and cleaned the warm-up page
#: (:mod:`newsclean.engine.preload`), so no worker repeats the imports and the warm-up
#: (with spawn, each did: about 3 s of CPU a worker). The event-loop health check (every
#: 20 ms), the system monitor (500 ms) and the memory monitor (100 ms) run less often: with
#: them an idle worker used 20 ms of CPU a second and the scheduler and nannies 30, with
#: these 2-3 and 5-6 (measured), CPU taken from the tasks all through a run
WORKER_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.multiprocessing-method": "forkserver",
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
#: what the forkserver of the LocalCluster's workers imports before it forks them
FORKSERVER_PRELOAD = ["distributed", "newsclean.engine.preload"]


def _warm_forkserver() -> None:
    """Have the forkserver Dask forks its workers from preload :data:`FORKSERVER_PRELOAD`
    (distributed's own preload list, set on its first use, has no newsclean). A forkserver
    already running in this process (a local pool's, warm too) is used as it is."""
    from distributed.utils import get_mp_context

    get_mp_context().set_forkserver_preload(FORKSERVER_PRELOAD)


def bounded_batch(pages: list[RawPage], options: CleanOptions, page_timeout: float,
                  task: Task = process_batch) -> list[PageResult]:
    """``task`` on each page under its CPU deadline, as the local engine runs pages: a page
    over ``page_timeout`` is a ``page_timeout`` failure and the batch goes on (on a task
    thread the deadline's watcher keeps it: :mod:`newsclean.engine.deadline`)."""
    return [result for page in pages
            for result in process_bounded(page, options, page_timeout, task, hard=False)]


def run_dask(items: Iterable[RawPage | Failure], options: CleanOptions, workers: int,
             on_outcome: Callable[[PageResult], None], *, scheduler: str | None = None,
             batch: int = BATCH, task: Task = process_batch,
             page_timeout: float = DEFAULT_PAGE_TIMEOUT) -> None:
    """Clean every page on a Dask cluster (see the module docstring)."""
    with connected(workers, scheduler) as client:
        calls = ((bounded_batch, (pages, options, page_timeout, task))
                 for pages in batches(items, on_outcome, batch))
        for (pages, *_rest), future in windowed(client, calls):
            for result in results_of(future, pages):
                on_outcome(result)


Call = tuple["Callable[..., Any]", tuple[Any, ...]]


def windowed(client: Client, calls: Iterable[Call]) -> Iterator[tuple[tuple[Any, ...], Future]]:
    """Submit each ``(function, args)`` of ``calls`` as a task, at most two per worker
    thread in flight; yield ``(args, future)`` as each task completes (the caller takes
    its result and releases it)."""
    from distributed import as_completed

    window = 2 * max(1, sum(client.nthreads().values()))
    pending = iter(calls)
    running = as_completed(loop=client.loop)    # this client's loop, not the default's
    sent: dict[Future, tuple[Any, ...]] = {}

    def submit(call: Call) -> None:
        function, args = call
        # pure=False: two batches with equal pages are still two tasks (each gives its rows)
        future = client.submit(function, *args, pure=False)
        sent[future] = args
        running.add(future)

    for call in islice(pending, window):
        submit(call)
    for future in running:
        yield sent.pop(future), future
        for call in islice(pending, 1):
            submit(call)


def results_of(future: Future, pages: list[RawPage]) -> list[PageResult]:
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


N = TypeVar("N")
P = TypeVar("P", bound="Plan")
D = TypeVar("D")


class Plan(Protocol):
    def lost(self) -> list[Failure]:
        """The failures of a plan whose task Dask gave up on."""
        ...


def run_dask_passes(items: Iterable[RawPage | Failure], workers: int,
                    on_result: Callable[[Skip | Failure], None], *,
                    first: Callable[[list[RawPage], int], list[N | Skip | Failure]],
                    keep: Callable[[int, list[N]], None],
                    plan: Callable[[], Iterable[P]],
                    second: Callable[[P], D], on_done: Callable[[P, D], None],
                    scheduler: str | None = None, batch: int = BATCH) -> None:
    """Two passes on one cluster (``--parquet-dir``): ``first(pages, number)`` on every
    batch (its skips and failures go to ``on_result``, the rest, the batch's notes, to
    ``keep(number, notes)`` as the batch comes back, and this process drops them), then
    ``second`` on each plan of ``plan()``, an iterable read as the tasks go, and
    ``on_done(plan, result)`` for each. A batch Dask gives up on is a ``worker_crashed``
    failure per page in the first pass, ``plan.lost()`` in the second."""
    from distributed import KilledWorker

    with connected(workers, scheduler) as client:
        calls = ((first, (pages, number))
                 for number, pages in enumerate(batches(items, on_result, batch)))
        for (pages, number), future in windowed(client, calls):
            results = cast(list[N | Skip | Failure], results_of(future, pages))
            keep(number, [r for r in results if not isinstance(r, Skip | Failure)])
            for result in results:
                if isinstance(result, Skip | Failure):
                    on_result(result)
        for (planned,), future in windowed(client, ((second, (p,)) for p in plan())):
            try:
                outcome = future.result()
            except KilledWorker as exc:
                log.warning("dask gave up on the second pass of a batch: %s", exc)
                for failure in planned.lost():
                    on_result(failure)
                continue
            finally:
                future.release()
            on_done(planned, outcome)
