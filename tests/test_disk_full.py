"""A full disk and unwritable paths, for real: the CLI runs in a subprocess whose files may
not grow past ``RLIMIT_FSIZE`` (SIGXFSZ ignored, so a write fails with EFBIG as it would
with ENOSPC on a full disk). Each time: a non-zero exit, one clear message and no
traceback, a state file that passes ``PRAGMA integrity_check``, and the previous export
byte for byte as it was.

The child loads the language model before the limit is set: py3langid unpacks its model
into a temporary file on first use, so a disk that is already full at start-up fails every
page (see the report's notes); these tests fill the disk once the run is under way.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_incremental import story

LIMITED = """
import resource, signal, sys
from newsclean.cleaners.language import _identifier
from newsclean import pipeline
_identifier()
limit = int(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(pipeline.main(sys.argv[2:]))
"""


def newsclean(*args: str, cwd: Path, limit: int | None = None
              ) -> subprocess.CompletedProcess[str]:
    """``newsclean ARGS`` in a subprocess; with ``limit``, no file may grow past it."""
    command = ([sys.executable, "-c", LIMITED, str(limit)] if limit is not None
               else [sys.executable, "-m", "newsclean"])
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def add_pages(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(first, first + count):
        (folder / f"p{i:03d}.html").write_text(story(f"harbour report {i}", n=60),
                                               encoding="utf-8")
    return folder


def one_clear_message(done: subprocess.CompletedProcess[str], text: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1 and lines[0].startswith("newsclean: error: ") and text in lines[0], (
        done.stderr)


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_while_the_csv_is_written(tmp_path: Path) -> None:
    pages = add_pages(tmp_path / "pages", 0, 40)
    run = ("run", str(pages), "-o", "out.csv", "-w", "1", "--no-state")
    assert newsclean(*run, cwd=tmp_path).returncode == 0
    before = (tmp_path / "out.csv").read_bytes()
    assert len(before) > 200_000
    (pages / "p000.html").write_text(story("a changed page", n=60), encoding="utf-8")
    done = newsclean(*run, cwd=tmp_path, limit=100_000)
    assert done.returncode == 3
    # a --no-state run streams through a temporary store first: whichever of the two the
    # full disk stops, the message names it and the previous CSV stands
    message = done.stderr.strip().splitlines()[-1]
    assert ("cannot write out.csv: File too large" in message
            or "cannot write the run's temporary store" in message), done.stderr
    one_clear_message(done, message.removeprefix("newsclean: error: "))
    assert (tmp_path / "out.csv").read_bytes() == before
    assert no_temp_files(tmp_path)


def test_a_full_disk_while_the_state_store_writes(tmp_path: Path) -> None:
    pages = add_pages(tmp_path / "pages", 0, 40)
    run = ("run", str(pages), "-o", "out.csv", "-w", "1")
    assert newsclean(*run, cwd=tmp_path).returncode == 0
    before = (tmp_path / "out.csv").read_bytes()
    state = tmp_path / "newsclean.db"
    add_pages(pages, 40, 80)
    done = newsclean(*run, cwd=tmp_path, limit=state.stat().st_size + 150_000)
    assert done.returncode == 3
    one_clear_message(done, "cannot write the state file newsclean.db")
    assert integrity(state) == "ok"
    assert (tmp_path / "out.csv").read_bytes() == before and no_temp_files(tmp_path)
    with sqlite3.connect(state) as db:
        stored = db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0]
    assert 40 <= stored < 120                  # what was committed before the disk filled
    again = newsclean(*run, cwd=tmp_path)       # room again: the next run finishes the job
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 120


def test_an_output_below_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    pages = add_pages(tmp_path / "pages", 0, 3)
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    done = newsclean("run", str(pages), "-o", "notes/out.csv", cwd=tmp_path)
    assert done.returncode == 2
    one_clear_message(done, "notes is a file, not a folder")
    assert not (tmp_path / "newsclean.db").exists()          # nothing was started


def test_a_state_file_below_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    pages = add_pages(tmp_path / "pages", 0, 3)
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    done = newsclean("run", str(pages), "-o", "out.csv", "--state", "notes/s.db", cwd=tmp_path)
    assert done.returncode == 2
    one_clear_message(done, "--state notes/s.db")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway; "
                    "the folder-below-a-file tests cover the refusal as root")
def test_a_read_only_output_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    pages = add_pages(tmp_path / "pages", 0, 3)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "out.csv").write_text("the previous export\n", encoding="utf-8")
    locked.chmod(0o555)
    try:
        done = newsclean("run", str(pages), "-o", str(locked / "out.csv"), "--no-state",
                         cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2
    one_clear_message(done, "is not writable")
    assert (locked / "out.csv").read_text(encoding="utf-8") == "the previous export\n"
