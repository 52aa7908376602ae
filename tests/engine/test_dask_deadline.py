"""``page_timeout`` on Dask as on the local engine: a page over its CPU time is a
``page_timeout`` failure of that page, the rest of its batch is cleaned. Off the main
thread (Dask's task threads) the deadline is kept by a watcher of the thread's CPU clock."""

from __future__ import annotations

import threading
import time

import pytest

from newsclean.config import CleanOptions
from newsclean.engine.deadline import PageTimeout, cpu_deadline
from newsclean.engine.local import run_local
from newsclean.engine.worker import PageResult
from newsclean.outcomes import ErrorReason
from newsclean.records import Failure, RawPage
from tests.conftest import FIXTURES
from tests.engine.crashy import _burn, slow_on_marker

distributed = pytest.importorskip("distributed")


def _on_a_thread(body: object) -> list[BaseException | str]:
    """Run ``body`` on a new thread; what it raised, or 'returned'."""
    seen: list[BaseException | str] = []

    def run() -> None:
        try:
            body()  # type: ignore[operator]
            seen.append("returned")
        except PageTimeout as exc:
            seen.append(exc)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return seen


def test_a_thread_over_its_cpu_time_is_stopped() -> None:
    def spin() -> None:
        with cpu_deadline(0.3, hard=False):
            _burn(30)
    started = time.monotonic()
    seen = _on_a_thread(spin)
    assert len(seen) == 1 and isinstance(seen[0], PageTimeout)
    assert time.monotonic() - started < 10


def test_a_thread_waiting_uses_no_cpu_and_is_not_stopped() -> None:
    def wait_then_work() -> None:
        with cpu_deadline(0.3, hard=False):
            time.sleep(0.6)                  # wall time is not CPU time
            _burn(0.05)
        time.sleep(0.2)                      # nothing raised after the page
    assert _on_a_thread(wait_then_work) == ["returned"]


def test_a_slow_page_on_dask_is_a_page_timeout_row_not_a_lost_batch() -> None:
    from newsclean.engine.dask_engine import run_dask

    files = sorted((FIXTURES / "html").glob("*.html"))[:4]
    pages = [RawPage(index=i, source=str(path), body=path.read_bytes())
             for i, path in enumerate(files)]
    pages.insert(2, RawPage(index=len(pages), source="slow", body=pages[0].body))
    expected: list[PageResult] = []
    run_local([p for p in pages if p.source != "slow"], CleanOptions(), 1, expected.append)
    got: list[PageResult] = []
    started = time.monotonic()
    run_dask(pages, CleanOptions(), 1, got.append, task=slow_on_marker, page_timeout=1.0)
    assert time.monotonic() - started < 45            # not the 60 s the page asks for
    slow = [r for r in got if r.source == "slow"]
    assert len(slow) == 1 and isinstance(slow[0], Failure)
    assert slow[0].reason == ErrorReason.PAGE_TIMEOUT
    rest = sorted((r for r in got if r.source != "slow"), key=lambda r: r.index)
    assert rest == sorted(expected, key=lambda r: r.index)
