"""Local files, whatever they turn out to be: read with a cap, walk folders with a report.

A path on the command line may name ``-`` (standard input: :data:`STDIN`), a regular
file, a pipe (``<(zcat pages.gz)``), a FIFO nobody writes to, or a device such as
``/dev/zero``: :func:`read_capped` opens every one without blocking, reads at most its
cap and raises :class:`FileTooLarge` past it, so no input hangs the run or fills the
memory. :func:`walk_pages` walks a folder in sorted order and reports what it cannot use
(FIFOs and devices with a page name, dangling or looping symlinks, unreadable folders,
folder loops) instead of skipping it in silence.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsclean.errors import FileTooLarge, SourceError

#: bytes read per call
_CHUNK = 1 << 20
#: the name that stands for standard input (``newsclean run -``, ``--urls -``)
STDIN = "-"


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN



def _open_nonblocking(path: Path) -> int:
    """A read descriptor for ``path`` in blocking mode, opened without waiting for a
    FIFO's writer (a FIFO nobody writes to then reads as empty)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    os.set_blocking(fd, True)
    return fd


def open_stream(path: Path, what: str = "file") -> BinaryIO:
    """``path`` opened for reading in binary (without waiting for a FIFO's writer; ``-``
    is standard input); :class:`SourceError` when it cannot be opened or is a directory."""
    try:
        fd = os.dup(0) if is_stdin(path) else _open_nonblocking(path)
    except OSError as exc:
        raise SourceError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise SourceError(f"cannot read {what} {path}: is a directory")
    return os.fdopen(fd, "rb")


def read_capped(path: Path, max_bytes: int, what: str = "file") -> bytes:
    """All bytes of ``path`` (a regular file, pipe, FIFO or device; ``-`` is standard
    input), never more than ``max_bytes``: :class:`FileTooLarge` past the cap,
    :class:`SourceError` when it cannot be opened or read, or is a directory."""
    try:
        fd = os.dup(0) if is_stdin(path) else _open_nonblocking(path)
    except OSError as exc:
        raise SourceError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(f"cannot read {what} {path}: is a directory")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise FileTooLarge(f"{what} is {info.st_size} bytes, over the {max_bytes}-byte "
                               "limit")
        return _read_all(fd, path, max_bytes, what)
    except OSError as exc:
        raise SourceError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _read_all(fd: int, path: Path, max_bytes: int, what: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := os.read(fd, min(_CHUNK, max_bytes + 1 - size)):
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(f"{what} {path} gives more than {max_bytes} bytes (the limit)")
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """Something under a walked folder that looks like it should be read but cannot be."""

    path: Path
    message: str


def walk_pages(root: Path, is_page: Callable[[Path], bool]) -> Iterator[Path | WalkProblem]:
    """Page files under the folder ``root`` (``is_page`` on the name), depth first in
    sorted order, following symlinks to folders once each; problems as they are met."""
    seen: set[tuple[int, int]] = set()
    yield from _walk_folder(root, is_page, seen)


def _walk_folder(folder: Path, is_page: Callable[[Path], bool],
                 seen: set[tuple[int, int]]) -> Iterator[Path | WalkProblem]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            yield WalkProblem(folder, "folder already walked (a symlink loop): not read again")
            return
        seen.add(key)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        yield WalkProblem(folder, f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        yield from _walk_entry(Path(entry.path), is_page, seen)


def _walk_entry(path: Path, is_page: Callable[[Path], bool],
                seen: set[tuple[int, int]]) -> Iterator[Path | WalkProblem]:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield WalkProblem(path, "symlink loop: not read")
        elif path.is_symlink() and is_page(path):
            yield WalkProblem(path, "dangling symlink: its target does not exist")
        elif is_page(path):
            yield WalkProblem(path, f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(mode):
        yield from _walk_folder(path, is_page, seen)
    elif is_page(path):
        yield path if stat.S_ISREG(mode) else WalkProblem(path, f"not a regular file "
                                                                f"({_kind(mode)}): not read")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
