"""Files that are not regular files: ``/dev/zero``, a FIFO nobody writes to, dangling and
looping symlinks, unreadable folders, as a source, as ``--urls`` and as ``--config``. Each
is read with a cap or reported as an error row; none hangs the run or fills the memory.

Every CLI run here is a real subprocess under a wall-clock timeout and an address-space
limit (``RLIMIT_AS``), so a regression shows as a failure, not as a hung test session."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean.config import CONFIG_MAX_BYTES, load_config
from newsclean.engine.summary import parse_summary
from newsclean.errors import ConfigError
from newsclean.scraper.limits import PAGE_MAX_BYTES
from newsclean.scraper.sources import expand_sources
from tests.conftest import ROOT
from tests.test_pipeline_cli import ARTICLE

#: address space a run may use here: far below what reading /dev/zero unbounded would take
MEMORY_LIMIT = 2_000_000_000
TIME_LIMIT = 60


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", "run", *args, "-w", "1",
                           "--no-progress"], cwd=cwd, capture_output=True, text=True,
                          timeout=TIME_LIMIT, preexec_fn=_limit_memory, check=False)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.html"
    os.mkfifo(path)
    return path


def _errors(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_dev_zero_and_a_fifo_as_sources_are_error_rows(tmp_path: Path, fifo: Path):
    (tmp_path / "good.html").write_text(ARTICLE)
    out = tmp_path / "c.csv"
    done = run_cli("/dev/zero", str(fifo), str(tmp_path / "good.html"), "-o", str(out),
                   cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    errors = _errors(tmp_path / "c.errors.csv")
    assert list(errors["source"]) == ["/dev/zero", str(fifo)]
    assert list(errors["reason"]) == ["too_large", "decode_error"]
    assert f"more than {PAGE_MAX_BYTES} bytes" in errors["message"][0]
    assert len(pd.read_csv(out)) == 1


def test_dev_zero_and_a_fifo_as_url_lists(tmp_path: Path, fifo: Path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# nothing\n")
    done = run_cli("--urls", "/dev/zero", "--urls", str(fifo), "--urls", str(urls), "-o",
                   str(tmp_path / "c.csv"), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    errors = _errors(tmp_path / "c.errors.csv")
    assert list(errors["source"]) == ["/dev/zero"]
    assert list(errors["reason"]) == ["too_large"]
    assert "line 1 is longer than" in errors["message"][0]


def test_dev_zero_as_config_is_a_usage_error(tmp_path: Path):
    done = run_cli(str(tmp_path), "--config", "/dev/zero", cwd=tmp_path)
    assert done.returncode == 2
    assert f"over the {CONFIG_MAX_BYTES}-byte limit" in done.stderr


def test_a_fifo_as_config_reads_as_empty(fifo: Path):
    assert load_config(fifo).inputs == ()


def test_a_folder_as_config_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="(?i)is a directory"):
        load_config(tmp_path)


def test_the_walk_reports_what_it_cannot_read(tmp_path: Path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "ok.html").write_text(ARTICLE)
    (root / "notes.bin").write_bytes(b"not a page name: not listed")
    os.mkfifo(root / "fifo.html")
    (root / "dangling.html").symlink_to(root / "gone.html")
    (root / "loop.html").symlink_to(root / "loop.html")
    (root / "again").symlink_to(root)          # a folder loop
    items = list(expand_sources([str(root)]))
    rows = [(Path(i.source).name, getattr(i, "message", "page")) for i in items]
    assert [i.index for i in items] == list(range(len(items)))
    assert rows[0] == ("again", "folder already walked (a symlink loop): not read again")
    assert rows[1] == ("dangling.html", "dangling symlink: its target does not exist")
    assert rows[2] == ("fifo.html", "not a regular file (a FIFO): not read")
    assert rows[3:] == [("loop.html", "symlink loop: not read"), ("ok.html", "page")]
    assert {getattr(i, "reason", "") for i in items[:-1]} == {"source_error"}


_LIST_WALK = ("import sys; from newsclean.scraper.sources import expand_sources; "
              "[print(i.source, getattr(i, 'reason', 'page'), sep='|') "
              "for i in expand_sources([sys.argv[1]])]")


def test_an_unreadable_folder_is_an_error_row(tmp_path: Path):
    """The walk runs in a subprocess; as root, without the capabilities that let root read
    any folder (util-linux ``setpriv``)."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.html").write_text(ARTICLE)
    (tmp_path / "z.html").write_text(ARTICLE)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root: this test needs util-linux setpriv"
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    (tmp_path / "locked").chmod(0)
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", _LIST_WALK, str(tmp_path)],
                              cwd=ROOT, capture_output=True, text=True, timeout=TIME_LIMIT,
                              check=True)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert done.stdout.splitlines() == [f"{tmp_path}/locked|source_error",
                                        f"{tmp_path}/z.html|page"]


def test_an_empty_input_set_says_so(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("no pages here")
    [failure] = list(expand_sources([str(tmp_path / "in")]))
    assert (failure.stage, failure.reason) == ("sources", "no_page_files")
    done = run_cli(str(tmp_path / "in"), "-o", str(tmp_path / "c.csv"), cwd=tmp_path)
    assert done.returncode == 1
    assert parse_summary(done.stderr)["summary.failed"] == {"sources/no_page_files": "1"}
