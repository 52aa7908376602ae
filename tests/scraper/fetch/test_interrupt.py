"""Ctrl-C and SIGTERM while a request is in flight: the run stops within seconds, not at the
request's deadline, and its state file is intact with the run marked ``interrupted``.

:meth:`FetchRun.cancel` frees a thread waiting on a stalled source at once. The CLI tests
start ``python -m newsclean run`` as a real process against the loopback server,
whose routes dribble one byte now and then for far longer than the test waits (so neither
the read timeout nor the body ends the request), and sends the signal once the server has
seen the request."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.run import FetchCancelled, FetchRun
from newsclean.scraper.fetch.settings import FetchSettings
from tests.conftest import restore_sigint
from tests.scraper.fetch.server import Request, Server, fixed, head_bytes, send

DRIBBLE_SECONDS = 0.5      # one byte this often: well inside the read timeout
STALL_SECONDS = 600        # how long a stalled route would go on
PROMPT_EXIT = 5.0          # seconds from the signal to the exit


async def _dribble(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
    """A 200 whose body comes one byte at a time, for minutes."""
    ticks = int(STALL_SECONDS / DRIBBLE_SECONDS)
    head = head_bytes(200, {"Content-Type": "text/html", "Content-Length": str(ticks)})
    await send(writer, server, request.path, head)
    for _ in range(ticks):
        await asyncio.sleep(DRIBBLE_SECONDS)
        await send(writer, server, request.path, b" ")


def _stalling(server: Server, *paths: str) -> None:
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    for path in paths:
        server.routes[path] = _dribble


def _start(tmp_path: Path, *sources: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsclean", "run", *sources, "--allow-host", "127.0.0.1",
         "--state", str(tmp_path / "state.db"), "-o", str(tmp_path / "corpus.csv"),
         "--workers", "1", "--no-progress"],
        cwd=tmp_path, start_new_session=True, preexec_fn=restore_sigint,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_hit(proc: subprocess.Popen[bytes], server: Server, path: str) -> None:
    end = time.monotonic() + 60
    while server.hits[path] == 0:
        if proc.poll() is not None or time.monotonic() > end:
            proc.kill()
            pytest.fail(f"{path} never requested: {proc.communicate()[1]!r}")
        time.sleep(0.05)
    time.sleep(0.3)                       # the request is in flight, its body dribbling


def _interrupt(proc: subprocess.Popen[bytes], how: str) -> tuple[int, float, bytes]:
    """Send Ctrl-C (SIGINT to the process group) or SIGTERM; (exit code, seconds, stderr)."""
    sent = time.monotonic()
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, time.monotonic() - sent, err


def _assert_state_interrupted(state: Path) -> None:
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]


def _wait(check, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while not check() and time.monotonic() < end:
        time.sleep(0.02)
    return check()


def test_cancel_frees_a_thread_waiting_on_a_stalled_source(server: Server,
                                                           settings: FetchSettings):
    _stalling(server, "/feed.xml")
    got: list[RawPage | Failure | BaseException] = []

    def fetch(fetching: FetchRun) -> None:
        try:
            got.append(fetching.fetch_source(server.url("/feed.xml")))
        except FetchCancelled as exc:
            got.append(exc)

    with FetchRun(dataclasses.replace(settings, total_timeout=STALL_SECONDS)) as fetching:
        waiting = threading.Thread(target=fetch, args=(fetching,))
        waiting.start()
        assert _wait(lambda: server.sent["/feed.xml"] > 0, 10)
        cancelled = time.monotonic()
        fetching.cancel()
        waiting.join(5)
        took = time.monotonic() - cancelled
        assert not waiting.is_alive() and took < 1, f"took {took:.1f} s"
        assert len(got) == 1 and isinstance(got[0], FetchCancelled), got
        with pytest.raises(FetchCancelled):           # and no new request after it
            fetching.fetch_source(server.url("/feed.xml"))
    assert _wait(lambda: server.aborted == 1, 5)      # the connection itself was dropped
    assert server.hits["/feed.xml"] == 1


CODES = {"SIGINT": 130, "SIGTERM": 143}


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("option", ["", "--feed"])
def test_a_signal_during_discovery_stops_the_run_promptly(tmp_path: Path, server: Server,
                                                           how: str, option: str):
    _stalling(server, "/feed.xml", "/page.html")
    source = [option, server.url("/feed.xml")] if option else [server.url("/feed.xml")]
    proc = _start(tmp_path, *source)
    _wait_for_hit(proc, server, "/feed.xml")
    code, took, err = _interrupt(proc, how)
    assert code == CODES[how], err
    assert took < PROMPT_EXIT, f"exit took {took:.1f} s"
    assert b"Traceback" not in err, err
    assert server.hits["/page.html"] == 0
    _assert_state_interrupted(tmp_path / "state.db")
    assert not (tmp_path / "corpus.csv").exists()


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_a_signal_while_pages_stall_stops_the_run_promptly(tmp_path: Path, server: Server,
                                                            how: str):
    paths = [f"/page{i}.html" for i in range(3)]
    _stalling(server, *paths)
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(server.url(path) + "\n" for path in paths), encoding="utf-8")
    proc = _start(tmp_path, "--urls", str(urls))
    _wait_for_hit(proc, server, paths[0])
    code, took, err = _interrupt(proc, how)
    assert code == CODES[how], err
    assert took < PROMPT_EXIT, f"exit took {took:.1f} s"
    assert b"Traceback" not in err, err
    _assert_state_interrupted(tmp_path / "state.db")
    assert not (tmp_path / "corpus.csv").exists()
