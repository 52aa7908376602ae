"""A pool of worker processes that clean one page at a time each.

Each worker holds up to :data:`IN_FLIGHT` pages: the one it cleans and the next, already
received by a reader thread of the worker, so it never waits for this process between
two pages (to get its result recorded and the next page read). The parent knows which
pages every worker holds, in order, so a worker that dies costs only the page it was
cleaning: ``page_timeout`` when the kernel killed it at the hard CPU bound (``SIGXCPU``,
see :mod:`newsclean.engine.deadline`), else ``worker_crashed``; the pages it had not
started go to the other workers, a new worker takes its place and the run goes on.

Workers start from a forkserver (safe beside the fetch thread), ignore Ctrl-C (the
terminal sends it to the whole process group; the parent stops them) and, on Linux, die
with the forkserver, which exits with the parent: a killed parent leaves no orphans. The
forkserver cleans built-in pages before it forks any worker (:mod:`newsclean.engine.preload`),
so workers start with everything loaded. Leaving the pool on an exception (Ctrl-C,
SIGTERM) terminates the workers at once.

A worker reports ``ready`` before it takes pages. If no worker of a pool ever gets there
(the usual cause: a script without an ``if __name__ == "__main__":`` guard, which every
worker re-imports), :meth:`WorkerPool.run` raises :class:`WorkersUnavailable` with the pages
not yet cleaned, and the caller cleans them in-process.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

from newsclean.config import CleanOptions
from newsclean.engine.worker import (
    PageResult,
    Task,
    killed_for_time,
    process_bounded,
    worker_crashed,
)
from newsclean.records import RawPage

log = logging.getLogger(__name__)

READY = "ready"
#: seconds a new worker may take to import everything and report ready
START_TIMEOUT = 120.0
#: seconds the workers get to exit when the pool closes, before they are killed
STOP_GRACE = 2.0
#: pages handed to one worker at a time: the one it cleans, and the next
IN_FLIGHT = 2
_PR_SET_PDEATHSIG = 1
#: what the forkserver imports before it forks a worker (the second warms up)
_PRELOAD = [__name__, f"{__package__}.preload"]


def _forkserver_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


class WorkersUnavailable(Exception):  # noqa: N818 - a condition the caller handles
    """No worker process of the pool could start; ``pending`` were not handed out."""

    def __init__(self, exitcode: int | None, pending: list[RawPage]) -> None:
        super().__init__(f"worker processes exited with code {exitcode} before they were "
                         "ready")
        self.pending = pending


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    started: float
    ready: bool = False
    #: the pages sent to it and not yet answered, in order: the first is being cleaned
    pages: deque[RawPage] = field(default_factory=deque)


class WorkerPool:
    """``with WorkerPool(n, options, page_timeout, task) as pool: pool.run(pages, on_outcome)``"""

    def __init__(self, size: int, options: CleanOptions, page_timeout: float,
                 task: Task) -> None:
        self._context = _forkserver_context()
        self._size, self._options, self._timeout, self._task = size, options, page_timeout, task
        self._workers: list[_Worker] = []
        self._returned: deque[RawPage] = deque()    # handed out to a worker that was gone
        self._ever_ready = False
        self._last_exitcode: int | None = None

    def __enter__(self) -> WorkerPool:
        for _ in range(self._size):
            self._spawn()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(graceful=exc_type is None)

    def run(self, pages: Iterator[RawPage], on_outcome: Callable[[PageResult], None]) -> None:
        """Clean every page; ``on_outcome`` gets each result in the calling process."""
        exhausted = False
        while True:
            exhausted = self._hand_out(pages) or exhausted
            if exhausted and not self._returned and not any(w.pages for w in self._workers):
                return
            if not self._workers:
                raise WorkersUnavailable(self._last_exitcode, [*self._returned])
            self._wait(on_outcome)

    def close(self, *, graceful: bool) -> None:
        """Stop every worker: ask idle ones to exit (``graceful``) or terminate them."""
        for worker in self._workers:
            if graceful and worker.ready and not worker.pages:
                try:
                    worker.conn.send(None)
                except OSError as exc:      # already gone: the join below reaps it
                    log.debug("worker %s gone before stop: %s", worker.process.pid, exc)
            else:
                worker.process.terminate()
        limit = time.monotonic() + STOP_GRACE
        for worker in self._workers:
            worker.process.join(max(0.0, limit - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()

    def _spawn(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=serve, name="newsclean-worker", daemon=True,
                                        args=(child, self._options, self._timeout, self._task))
        process.start()
        child.close()
        self._workers.append(_Worker(process, parent, time.monotonic()))

    def _hand_out(self, pages: Iterator[RawPage]) -> bool:
        """Fill every ready worker up to :data:`IN_FLIGHT` pages, the idle ones first;
        True when ``pages`` is exhausted."""
        for held in range(IN_FLIGHT):
            for worker in self._workers:
                if not worker.ready or len(worker.pages) != held:
                    continue
                page = self._returned.popleft() if self._returned else next(pages, None)
                if page is None:
                    return True
                try:
                    worker.conn.send(page)
                except OSError:
                    self._returned.append(page)  # the worker died: its death is seen in _wait
                    worker.ready = False
                    continue
                worker.pages.append(page)
        return False

    def _wait(self, on_outcome: Callable[[PageResult], None]) -> None:
        """Wait for a result, a ready worker or a death, and handle what happened."""
        by_handle: dict[Any, _Worker] = {}     # a Connection or a sentinel fd
        for worker in self._workers:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        for handle in wait(list(by_handle), timeout=1.0):
            worker = by_handle[handle]
            if worker not in self._workers:
                continue                        # handled through its other handle
            if handle is worker.conn and self._receive(worker, on_outcome):
                continue
            self._died(worker, on_outcome)
        self._stop_slow_starters()

    def _receive(self, worker: _Worker, on_outcome: Callable[[PageResult], None]) -> bool:
        """Take one message from ``worker``; False when its pipe is closed (it died)."""
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return False
        if message == READY:
            worker.ready = self._ever_ready = True
            return True
        worker.pages.popleft()
        for outcome in message:
            on_outcome(outcome)
        return True

    def _died(self, worker: _Worker, on_outcome: Callable[[PageResult], None]) -> None:
        alive = True                            # results sent just before it died count
        while alive and worker.conn.poll():
            alive = self._receive(worker, on_outcome)
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)
        code = self._last_exitcode = worker.process.exitcode
        held = bool(worker.pages)
        if held:
            page = worker.pages.popleft()
            log.warning("a worker process died on %s (exit code %s); starting a new one",
                        page.source, code)
            on_outcome(killed_for_time(page, self._timeout) if code == -signal.SIGXCPU
                       else worker_crashed(page, code))
            self._returned.extendleft(reversed(worker.pages))   # not started: cleaned elsewhere
        if worker.ready or held or self._ever_ready:
            self._spawn()
        else:
            log.info("a worker process exited with code %s before it was ready", code)

    def _stop_slow_starters(self) -> None:
        now = time.monotonic()
        for worker in self._workers:
            if not worker.ready and now - worker.started > START_TIMEOUT:
                log.warning("a worker process did not start within %g s", START_TIMEOUT)
                worker.process.kill()           # its sentinel fires: handled in _wait


# ------------------------------------------------------------------ in the worker process

def serve(conn: Connection, options: CleanOptions, page_timeout: float, task: Task) -> None:
    """A worker's life: report ready, then clean pages until told to stop or orphaned. A
    reader thread takes the pages off the pipe as they come (the parent's send of a page
    never waits for the page before it to be cleaned); this thread cleans them in order."""
    _become_worker()
    inbox: queue.SimpleQueue[RawPage | None] = queue.SimpleQueue()
    try:
        conn.send(READY)
        threading.Thread(target=_receive_pages, args=(conn, inbox), daemon=True,
                         name="newsclean-pages").start()
        while (page := inbox.get()) is not None:
            conn.send(process_bounded(page, options, page_timeout, task, hard=True))
    except BrokenPipeError:
        return                                  # the parent is gone


def _receive_pages(conn: Connection, inbox: queue.SimpleQueue[RawPage | None]) -> None:
    """The worker's reader thread: every page the parent sends goes into ``inbox``; None
    (the parent said stop, or is gone) ends it."""
    try:
        while (page := conn.recv()) is not None:
            inbox.put(page)
    except (EOFError, OSError) as exc:          # the parent is gone: stop like told to
        log.debug("worker %s: the parent's pipe closed: %s", os.getpid(), exc)
    inbox.put(None)


def _become_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))   # the hard CPU kill dumps no core
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        if os.getppid() == 1:
            raise SystemExit(0)                 # the forkserver is already gone
