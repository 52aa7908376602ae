"""Tasks for the engine tests, run in real worker processes (they must be importable there):
each does the real work except on a page whose ``source`` names a misbehaviour."""

from __future__ import annotations

import os
import time

from newsclean.config import CleanOptions
from newsclean.engine.deadline import PageTimeout
from newsclean.engine.worker import PageResult, process_batch
from newsclean.records import Failure, RawPage


def crash_on_marker(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """Kill the worker process on a page named ``crash``."""
    if any(page.source == "crash" for page in batch):
        os._exit(1)
    return process_batch(batch, options)


def _burn(seconds: float) -> None:
    """Use ``seconds`` of CPU time for real (a busy loop in Python)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        sum(range(1000))


def slow_on_marker(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """Spin for a minute of CPU on a page named ``slow`` (the deadline must stop it)."""
    if any(page.source == "slow" for page in batch):
        _burn(60)
    return process_batch(batch, options)


def stubborn_on_marker(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """On a page named ``stubborn``, spin and swallow the deadline's exception, as code
    that never returns to Python would: only killing the process stops it."""
    if any(page.source == "stubborn" for page in batch):
        end = time.monotonic() + 120
        while time.monotonic() < end:
            try:
                _burn(120)
            except PageTimeout:
                continue
    return process_batch(batch, options)


def report_pid(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """Which process cleaned each page (its pid as the message)."""
    return [Failure(page.index, page.source, "extract", "internal_error", str(os.getpid()))
            for page in batch]


def slow_batch(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """The real work, a little slower (0.1 s a page of wall time), so a test can kill a
    worker while batches are in flight."""
    time.sleep(0.1 * len(batch))
    return process_batch(batch, options)


def pid_or_crash_later(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """Which process cleaned each page (:func:`report_pid`); on a page named ``crash``, die
    after 0.3 s (time for the parent to have sent the worker its next page)."""
    if any(page.source == "crash" for page in batch):
        time.sleep(0.3)
        os._exit(1)
    return report_pid(batch, options)
