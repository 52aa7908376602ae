"""Stopping a run from outside: SIGTERM (``kill``, ``timeout``, systemd) becomes an
exception in the main thread, like Ctrl-C's KeyboardInterrupt, so that the ``with`` blocks
of a run unwind: the worker pool terminates its workers and nothing is left running.

Only the CLI installs the handler (a library must not take over its caller's signals). A
second SIGTERM during the clean-up kills the process at once (the default action); the
workers then still stop, with the forkserver (see :mod:`newsclean.engine.pool`).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: exit codes of a run stopped by a signal: 128 + the signal number, as a shell reports it
EXIT_INTERRUPTED = 128 + signal.SIGINT      # 130: Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM      # 143: SIGTERM


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt
    """SIGTERM arrived. A BaseException so that no ``except Exception`` stops it."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Terminated


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in the main thread."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
