"""One run at a time per state file.

The lock is an ``flock`` on ``<state>.lock`` beside the database. The kernel releases it
when the holding process ends, however it ends (SIGKILL included), so a killed run never
leaves a stale lock behind; the file itself may stay and is reused. The holder writes its
PID into the file so the refusal can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from newsclean.errors import StateError, StateLockedError


class RunLock:
    """An exclusive, non-blocking lock on ``<state>.lock``; :meth:`release` or process exit
    frees it."""

    def __init__(self, state_path: Path) -> None:
        self.path = Path(f"{state_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StateError(f"cannot create the lock file {self.path}: "
                             f"{exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise StateLockedError(f"another newsclean run (pid {holder}) is using this state "
                                   f"file ({self.path}); this run did nothing") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
