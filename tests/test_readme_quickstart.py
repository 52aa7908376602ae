"""The README's first command says how many articles the bundled fixtures give and what
the second run's summary says: both must be what the command does (a fixture added
without updating the README fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURES, ROOT, changes, newsclean


def _promised() -> tuple[int, int]:
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    articles = re.search(r"`newsclean\.db`: (\d+) articles", quick)
    unchanged = re.search(r"unchanged=(\d+)`", quick)
    assert articles and unchanged, "the README's quick start no longer states its counts"
    return int(articles.group(1)), int(unchanged.group(1))


def test_the_quick_start_gives_the_articles_the_readme_promises(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, unchanged = _promised()
    monkeypatch.chdir(tmp_path)       # the command's relative outputs and state file
    args = ("run", str(FIXTURES), "-o", "corpus.csv", "--audit", "removed.csv", "--no-progress")
    code, err = newsclean(capsys, *args)
    assert code == 0, err
    assert len(pd.read_csv(tmp_path / "corpus.csv")) == articles
    assert changes(err)[0] == articles
    assert (tmp_path / "newsclean.db").exists()
    code, err = newsclean(capsys, *args)
    assert code == 0, err
    assert changes(err) == (0, 0, 0, unchanged)
