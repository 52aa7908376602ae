"""The local engine of the CPU stage: in this process, or in a pool of worker processes
(:mod:`newsclean.engine.pool`); a Dask engine can sit beside it with the same signature.
Results come back in completion order; callers sort by ``index``.

- A small run (at most :data:`SMALL_RUN` pages) is cleaned in this process: starting
  workers costs more than a few pages. Whether a run is small is known before its first
  page is cleaned (the pages are read ahead that far).
- A larger run goes to the pool from its first page: this process cleans none of them
  (a cold first page here would repeat the imports and warm-up the pool's forkserver does
  once, on the same cores, and take CPU from it), and only records the results.
- ``workers=1`` cleans everything in this process.
- Worker processes re-import the main module. Where that cannot work (``python -``, a
  script without an ``if __name__ == "__main__":`` guard) the pages are cleaned in this
  process and a warning says why and what to do; never an empty result.
- Every page has a CPU deadline (``page_timeout``, :mod:`newsclean.engine.deadline`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from newsclean.config import CleanOptions
from newsclean.engine.deadline import DEFAULT_PAGE_TIMEOUT
from newsclean.engine.pool import WorkerPool, WorkersUnavailable
from newsclean.engine.worker import PageResult, Task, process_batch, process_bounded
from newsclean.records import Failure, RawPage

log = logging.getLogger(__name__)

#: a run of at most this many pages is cleaned in this process (no worker pool)
SMALL_RUN = 24
#: exit code of a worker that re-imported a main module which starts a run at import
EXIT_IMPORTING_MAIN = 3

OnOutcome = Callable[[PageResult], None]

_IN_PROCESS = ("cleaning in this process instead. Worker processes re-import the main "
               "module: in a script, call newsclean under `if __name__ == \"__main__\":`, "
               "or pass workers=1 (-w 1) to silence this")


def pages_only(items: Iterable[RawPage | Failure], on_failure: Callable[[Failure], None]
               ) -> Iterator[RawPage]:
    """The pages of ``items``; the failures among them go to ``on_failure`` (every engine
    hands them through as results)."""
    for item in items:
        if isinstance(item, Failure):
            on_failure(item)
        else:
            yield item


def _importing_main() -> bool:
    """True in a new worker process while it re-imports the parent's main module (the
    check multiprocessing itself makes before starting a process)."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def _main_not_importable() -> str | None:
    """Why worker processes could not re-import ``__main__`` (``python -``), or None."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if getattr(main, "__spec__", None) is None and path and not os.path.isfile(path):
        return f"the main module {path} is not a file"
    return None


def _in_process(pages: Iterable[RawPage], options: CleanOptions, page_timeout: float,
                task: Task, on_outcome: OnOutcome) -> None:
    for page in pages:
        for outcome in process_bounded(page, options, page_timeout, task, hard=False):
            on_outcome(outcome)


def run_local(items: Iterable[RawPage | Failure], options: CleanOptions, workers: int,
              on_outcome: OnOutcome, *, page_timeout: float = DEFAULT_PAGE_TIMEOUT,
              task: Task = process_batch) -> None:
    """Process every page; call ``on_outcome`` (in the calling process) for each result,
    including the failures already present in ``items``."""
    if _importing_main():
        # a script without a __main__ guard, re-run by a new worker: stop that worker
        # before it does any work; the parent notices and cleans in-process
        raise SystemExit(EXIT_IMPORTING_MAIN)
    pages = pages_only(items, on_outcome)
    if workers <= 1:
        _in_process(pages, options, page_timeout, task, on_outcome)
        return
    head = list(islice(pages, SMALL_RUN + 1))
    if len(head) <= SMALL_RUN:
        _in_process(head, options, page_timeout, task, on_outcome)
        return
    if reason := _main_not_importable():
        log.warning("no worker processes: %s; %s", reason, _IN_PROCESS)
        _in_process(chain(head, pages), options, page_timeout, task, on_outcome)
        return
    rest = chain(head, pages)
    del head
    try:
        with WorkerPool(workers, options, page_timeout, task) as pool:
            pool.run(rest, on_outcome)
    except WorkersUnavailable as exc:
        log.warning("no worker processes: %s; %s", exc, _IN_PROCESS)
        _in_process(chain(exc.pending, rest), options, page_timeout, task, on_outcome)
