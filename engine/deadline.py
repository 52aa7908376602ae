"""The per-page CPU deadline.

Two bounds, both on CPU time (not wall time, so a loaded machine does not fail pages):

- soft: ``page_timeout`` seconds of CPU after a page starts, ``SIGPROF`` (``ITIMER_PROF``)
  raises :class:`PageTimeout` at the next Python bytecode; the page becomes a
  ``page_timeout`` failure and the process goes on with the next page.
- hard (worker processes only): code that never returns to Python (a C parser in a loop, or
  a library that swallows the exception) is stopped by the kernel: ``RLIMIT_CPU`` is set a
  little above the soft deadline, and the kernel kills the worker with ``SIGXCPU``; the pool
  records the page as ``page_timeout`` and starts a new worker.

Signals reach only the main thread. On any other thread (a Dask worker's task thread, a
library call from a thread of the caller's) the soft bound is kept by a watcher thread
instead: it reads the page thread's own CPU clock (``pthread_getcpuclockid``) and, past
``page_timeout``, raises :class:`PageTimeout` in that thread at its next Python bytecode
(``PyThreadState_SetAsyncExc``); there is no hard bound off the main thread. In-process on
the main thread, ITIMER_PROF counts the CPU of the whole process (the fetch thread too), a
small overcount.
"""

from __future__ import annotations

import ctypes
import math
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsclean.config import DEFAULT_PAGE_TIMEOUT

__all__ = ["DEFAULT_PAGE_TIMEOUT", "PageTimeout", "cpu_deadline", "kill_after"]


class PageTimeout(BaseException):  # noqa: N818 - it is not an error of the code
    """A page used up its CPU deadline. A BaseException, like KeyboardInterrupt, so that a
    library's ``except Exception`` cannot swallow it."""


def kill_after(page_timeout: float) -> float:
    """CPU seconds after which a worker still on one page is killed (the hard bound)."""
    return page_timeout + max(1.0, page_timeout / 10)


def _expired(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def _arm_kill(seconds: float) -> None:
    """Let the kernel kill this process once it has used ``seconds`` more CPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Have ``exc`` raised in the thread ``thread_id`` at its next bytecode (None: cancel
    one not raised yet)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else None)


@contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    """The soft bound for a page on a thread other than the main one (module docstring)."""
    page_thread = threading.get_ident()
    clock = time.pthread_getcpuclockid(page_thread)
    end = time.clock_gettime(clock) + seconds
    lock, state = threading.Lock(), {"done": False, "fired": False}
    finished = threading.Event()

    def watch() -> None:
        # one thread's CPU time never runs ahead of the wall clock: waiting for the CPU
        # left, in wall time, never wakes too late, and the page's end wakes it at once
        # (no polling while the page runs)
        while not finished.wait(max(end - time.clock_gettime(clock), 0.001)):
            with lock:
                if state["done"]:
                    return
                if time.clock_gettime(clock) >= end:
                    state["fired"] = True
                    _raise_in(page_thread, PageTimeout)
                    return

    watcher = threading.Thread(target=watch, name="page-deadline", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:            # fired as the page ended: not for the next one
                _raise_in(page_thread, None)
        finished.set()


@contextmanager
def cpu_deadline(seconds: float, *, hard: bool) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the body after ``seconds`` of CPU; with ``hard`` also
    have the kernel kill the process at :func:`kill_after` (worker processes only)."""
    if threading.current_thread() is not threading.main_thread():
        with _thread_deadline(seconds):
            yield
        return
    if hard:
        _arm_kill(kill_after(seconds))
    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
