"""The LocalCluster a run starts: its workers run without Dask's statistical profiler and
are forked from a warm forkserver (a worker started again after a kill too), and the
caller's Dask configuration is left as it was."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from newsclean.engine.dask_engine import connected

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

PROFILE = "distributed.worker.profile.enabled"


def _state() -> tuple[int, bool, bool, str]:
    """The worker's pid, whether its profiler is on, whether it was forked from the warm
    forkserver (``newsclean.engine.preload`` is imported there and nowhere else), and its
    event-loop health check's interval."""
    return (os.getpid(), bool(dask.config.get(PROFILE)),
            "newsclean.engine.preload" in sys.modules,
            str(dask.config.get("distributed.admin.tick.interval")))


def test_the_workers_run_without_the_profiler_and_fork_warm() -> None:
    assert dask.config.get(PROFILE) is True
    with connected(2, None) as client:
        states = list(client.run(_state).values())
        assert [state[1:] for state in states] == [(False, True, "500ms")] * 2
        pid = states[0][0]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:          # the nanny starts a new worker in its place
            # a worker that is gone by the time it is asked is left out, not an error
            after = list(client.run(_state, on_error="ignore").values())
            if len(after) == 2 and pid not in {state[0] for state in after}:
                break
            assert time.monotonic() < deadline, "no new worker after 60 s"
            time.sleep(0.2)
        assert [state[1:] for state in after] == [(False, True, "500ms")] * 2
    assert dask.config.get(PROFILE) is True      # the caller's configuration is restored
