"""The per-page CPU deadline.

Two bounds, both on CPU time (not wall time, so a loaded machine does not fail pages):

- soft: ``page_timeout`` seconds of CPU after a page starts, ``SIGPROF`` (``ITIMER_PROF``)
  raises :class:`PageTimeout` at the next Python bytecode; the page becomes a
  ``page_timeout`` failure and the process goes on with the next page.
- hard (worker processes only): code that never returns to Python (a C parser in a loop, or
  a library that swallows the exception) is stopped by the kernel: ``RLIMIT_CPU`` is set a
  little above the soft deadline, and the kernel kills the worker with ``SIGXCPU``; the pool
  records the page as ``page_timeout`` and starts a new worker.

Signals reach only the main thread, so the deadline applies where the page runs on the main
thread (always in a worker; in-process when the caller runs on it). In-process, ITIMER_PROF
counts the CPU of the whole process (the fetch thread too), a small overcount.
"""

from __future__ import annotations

import math
import resource
import signal
import threading
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


@contextmanager
def cpu_deadline(seconds: float, *, hard: bool) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the body after ``seconds`` of CPU; with ``hard`` also
    have the kernel kill the process at :func:`kill_after` (worker processes only)."""
    if threading.current_thread() is not threading.main_thread():
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
