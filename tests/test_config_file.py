"""The config file end to end: found by default, and combined with the flags so that the
outputs of one run describe that run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURES, newsclean

SEEDS = FIXTURES / "seeds"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_newsclean_toml_here_is_read_and_the_log_says_so(tmp_path: Path):
    _write(tmp_path / "newsclean.toml", f'[run]\nsources = ["{SEEDS}"]\noutput = "c.csv"\n'
           "workers = 1\nno_state = true\n")
    done = subprocess.run([sys.executable, "-m", "newsclean", "run"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "reading newsclean.toml (no --config given; --no-config ignores it)" in done.stderr
    assert len(pd.read_csv(tmp_path / "c.csv")) == 3


def test_no_config_ignores_it_and_config_wins(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                              capsys: pytest.CaptureFixture[str]):
    _write(Path("newsclean.toml"), '[run]\nworkers = "broken"\n')
    code, err = newsclean(capsys, "run", "--no-config", str(SEEDS), "-o", "a.csv", "-w", "1")
    assert code == 0, err
    assert "reading newsclean.toml" not in caplog.text
    other = _write(tmp_path / "other.toml", f'[run]\nsources = ["{SEEDS}"]\nworkers = 1\n'
                   'output = "b.csv"\nno_state = true\n')
    code, err = newsclean(capsys, "run", "--config", str(other))
    assert code == 0, err
    assert (tmp_path / "b.csv").is_file() and "reading newsclean.toml" not in caplog.text
    code, err = newsclean(capsys, "run", str(SEEDS))          # the broken one is read
    assert code == 2 and "workers = 'broken': expected an integer" in err


def test_an_output_flag_replaces_the_files_outputs(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]):
    job = tmp_path / "job"
    job.mkdir()
    config = _write(job / "newsclean.toml", f'[run]\nsources = ["{SEEDS}"]\nworkers = 1\n'
                    'output = "file.csv"\nparquet = "file.parquet"\naudit = "removed.csv"\n'
                    'errors = "file.errors.csv"\nno_state = true\n')
    code, err = newsclean(capsys, "run", "--config", str(config), "-o", "flag.csv")
    assert code == 0, err
    assert sorted(p.name for p in Path.cwd().iterdir()) == ["flag.csv", "flag.errors.csv"]
    assert list(job.iterdir()) == [config]                     # none of the file's outputs
    assert len(pd.read_csv("flag.csv")) == 3
    code, err = newsclean(capsys, "run", "--config", str(config))
    assert code == 0, err
    assert {p.name for p in job.iterdir()} == {"newsclean.toml", "file.csv", "file.parquet",
                                               "removed.csv", "file.errors.csv"}
    assert len(pd.read_parquet(job / "file.parquet")) == len(pd.read_csv(job / "file.csv"))


def test_a_source_flag_replaces_the_files_sources(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]):
    page = _write(tmp_path / "one.txt", "A paragraph about the council vote on the new "
                  "tram line in town, told in plain words for everyone who rides it.\n")
    config = _write(tmp_path / "c.toml", f'[run]\nsources = ["{SEEDS}"]\nworkers = 1\n'
                    'feed = ["http://127.0.0.1:9/feed.xml"]\nno_state = true\n')
    code, err = newsclean(capsys, "run", "--config", str(config), str(page), "-o", "c.csv")
    assert code == 0, err
    assert list(pd.read_csv("c.csv")["source"]) == [str(page)]
