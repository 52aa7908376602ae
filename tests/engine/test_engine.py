"""The local engine with real worker processes: every page has exactly one outcome, a page
that crashes or overruns its CPU deadline costs only itself, small runs stay in-process."""

from __future__ import annotations

import os
import time

import pytest

from newsclean.config import CleanOptions
from newsclean.engine.deadline import kill_after
from newsclean.engine.local import SMALL_RUN, run_local
from newsclean.engine.pool import IN_FLIGHT, WorkerPool
from newsclean.records import Article, Failure, RawPage
from tests.engine.crashy import (
    crash_on_marker,
    pid_or_crash_later,
    report_pid,
    slow_on_marker,
    stubborn_on_marker,
)

TEXT = ("Lead paragraph of a story about a city council vote on a new tram line.\n\n"
        "Second paragraph with more words so that the page is long enough to keep.\n")
#: enough pages that the pool is started (a run of SMALL_RUN is cleaned in-process)
MANY = SMALL_RUN + 40


def pages(n: int, marked: int | None = None, marker: str = "crash") -> list[RawPage]:
    return [RawPage(index=i, source=marker if i == marked else f"p{i}.txt",
                    body=TEXT.replace("tram", f"tram {i}").encode(), is_text=True)
            for i in range(n)]


def run(items, workers: int, task=None, page_timeout: float = 60.0):
    out = []
    kwargs = {"task": task} if task else {}
    run_local(items, CleanOptions(), workers, out.append, page_timeout=page_timeout, **kwargs)
    return sorted(out, key=lambda o: o.index)


def test_pool_and_inline_agree():
    inline = run(pages(MANY), 1)
    pooled = run(pages(MANY), 2)
    assert [o.index for o in pooled] == list(range(MANY))
    assert [o.text for o in pooled] == [o.text for o in inline]
    assert all(isinstance(o, Article) for o in pooled)


def test_failures_in_the_stream_are_passed_through():
    items = [*pages(2), Failure(2, "gone.html", "read", "source_error", "no such file")]
    assert [type(o) for o in run(items, 2)] == [Article, Article, Failure]


def test_a_small_run_is_cleaned_in_this_process():
    outcomes = run(pages(SMALL_RUN), 2, task=report_pid)
    assert {o.message for o in outcomes} == {str(os.getpid())}


def test_a_large_run_uses_worker_processes():
    outcomes = run(pages(MANY), 2, task=report_pid)
    pids = [int(o.message) for o in outcomes]
    assert os.getpid() not in pids          # not even the first pages: all go to the pool
    assert len(pids) == MANY


def _check_only_marked_failed(outcomes, marker: str, reason: str) -> Failure:
    assert [o.index for o in outcomes] == list(range(MANY))     # each page exactly once
    failed = [o for o in outcomes if isinstance(o, Failure)]
    assert [(o.source, o.reason) for o in failed] == [(marker, reason)]
    assert sum(isinstance(o, Article) for o in outcomes) == MANY - 1
    return failed[0]


def test_a_dying_worker_costs_only_the_page_that_kills_it():
    outcomes = run(pages(MANY, marked=SMALL_RUN + 7), 2, task=crash_on_marker)
    failure = _check_only_marked_failed(outcomes, "crash", "worker_crashed")
    assert "exit code 1" in failure.message


def test_the_pages_a_dead_worker_had_not_started_are_cleaned_by_its_replacement():
    assert IN_FLIGHT == 2
    out: list = []
    with WorkerPool(1, CleanOptions(), 60.0, pid_or_crash_later) as pool:
        pool.run(iter(pages(8, marked=3)), out.append)
    outcomes = sorted(out, key=lambda o: o.index)
    assert [o.index for o in outcomes] == list(range(8))
    assert [o.reason for o in outcomes if o.source == "crash"] == ["worker_crashed"]
    first, after = {o.message for o in outcomes[:3]}, {o.message for o in outcomes[4:]}
    # page 4 was sent to the worker before it died: not lost, cleaned by the new worker
    assert len(first) == 1 and len(after) == 1 and first != after


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "pool"])
def test_a_page_past_its_cpu_deadline_is_stopped(workers: int):
    started = time.monotonic()
    outcomes = run(pages(MANY, marked=SMALL_RUN + 3, marker="slow"), workers,
                   task=slow_on_marker, page_timeout=1.0)
    failure = _check_only_marked_failed(outcomes, "slow", "page_timeout")
    assert "more than 1 s of CPU time" in failure.message
    assert time.monotonic() - started < 50      # the page alone would spin for 60 s of CPU


def test_a_worker_that_ignores_the_deadline_is_killed_and_replaced():
    outcomes = run(pages(MANY, marked=SMALL_RUN + 3, marker="stubborn"), 2,
                   task=stubborn_on_marker, page_timeout=1.0)
    failure = _check_only_marked_failed(outcomes, "stubborn", "page_timeout")
    assert f"killed at {kill_after(1.0):g} s" in failure.message
