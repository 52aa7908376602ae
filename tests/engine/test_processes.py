"""Real processes and real signals: a CLI run stopped by SIGTERM, Ctrl-C or SIGKILL leaves
no process behind; the library works from a script without a ``__main__`` guard and from
``python -``. Each test starts ``newsclean`` in a session of its own and looks in /proc for
what is left of that session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from newsclean.engine.local import SMALL_RUN
from tests.conftest import restore_sigint

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process table from /proc (Linux)")

PAGE = ("<html><head><title>Council vote {i}</title></head><body><article><h1>Council vote "
        "{i}</h1>" + "".join(f"<p>Paragraph {k} of story {{i}} about a city council vote on "
                             "a new tram line, told in plain words for readers.</p>"
                             for k in range(12)) + "</article></body></html>")


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    state: str


def session(sid: int) -> list[Proc]:
    """Live (not zombie) processes of session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue                                        # it exited meanwhile
        state, ppid, _pgrp, sess = stat[stat.rindex(")") + 2:].split()[:4]
        if int(sess) == sid and state != "Z":
            found.append(Proc(int(entry.name), int(ppid), state))
    return found


def workers_of(sid: int) -> list[Proc]:
    """Processes of the session whose parent is not the run itself: the forkserver's
    children, i.e. the workers."""
    procs = session(sid)
    pids = {p.pid for p in procs}
    return [p for p in procs if p.ppid in pids and p.ppid != sid]


def wait_until(check, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


def write_pages(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"page{i:04d}.html").write_text(PAGE.format(i=i), encoding="utf-8")
    return folder


def start_run(tmp_path: Path, pages: int) -> subprocess.Popen[bytes]:
    folder = write_pages(tmp_path / "pages", pages)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "run", str(folder), "-w", "2", "--no-progress",
         "-o", str(tmp_path / "corpus.csv")],
        start_new_session=True, preexec_fn=restore_sigint, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    if not wait_until(lambda: len(workers_of(proc.pid)) >= 2, 120):
        proc.kill()
        pytest.fail(f"the run never started its workers: {proc.communicate()[1]!r}")
    return proc


@pytest.mark.parametrize("how, code", [
    ("SIGTERM to the main process", 143),
    ("Ctrl-C (SIGINT to the process group)", 130),
])
def test_a_signal_stops_the_whole_run_promptly(tmp_path: Path, how: str, code: int):
    proc = start_run(tmp_path, pages=3000)
    sent = time.monotonic()
    if how.startswith("SIGTERM"):
        os.kill(proc.pid, signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert proc.returncode == code, err
    assert took < 5, f"exit took {took:.1f} s"
    assert wait_until(lambda: not session(proc.pid), 5), session(proc.pid)
    assert b"Traceback" not in err
    assert not (tmp_path / "corpus.csv").exists()


def test_a_killed_run_leaves_no_workers(tmp_path: Path):
    proc = start_run(tmp_path, pages=3000)
    os.kill(proc.pid, signal.SIGKILL)      # no clean-up at all in the main process
    proc.communicate(timeout=60)
    assert wait_until(lambda: not session(proc.pid), 10), session(proc.pid)


SCRIPT = """\
import newsclean
df = newsclean.run([{folder!r}], workers=2)
df.to_csv({out!r}, index=False)
print("rows", len(df))
"""


@pytest.mark.parametrize("how", ["script without a guard", "python -", "guarded script"])
def test_the_library_works_from_any_main(tmp_path: Path, how: str):
    n = SMALL_RUN + 16
    folder = write_pages(tmp_path / "pages", n)
    code = SCRIPT.format(folder=str(folder), out=str(tmp_path / "out.csv"))
    if how == "guarded script":
        code = "if __name__ == '__main__':\n" + "".join(f"    {line}\n"
                                                      for line in code.splitlines())
    script = tmp_path / "job.py"
    script.write_text(code, encoding="utf-8")
    args = [sys.executable, "-"] if how == "python -" else [sys.executable, str(script)]
    done = subprocess.run(args, input=code if how == "python -" else None, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"rows {n}"]        # once: not again in a worker
    assert len(pd.read_csv(tmp_path / "out.csv")) == n
    if how == "guarded script":
        assert "no worker processes" not in done.stderr
    else:
        assert "cleaning in this process instead" in done.stderr
        assert "__main__" in done.stderr and "Traceback" not in done.stderr
