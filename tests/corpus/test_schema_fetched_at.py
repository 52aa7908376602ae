"""``fetched_at``: when each page was fetched (a real loopback server) or its file read,
in UTC with ``Z`` in the CSV, between the start and the end of the run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import read_csv
from tests.conftest import newsclean
from tests.scraper.fetch.server import Server, fixed
from tests.test_pipeline_cli import ARTICLE


def _window() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def test_fetched_and_read_pages_carry_their_time(tmp_path: Path, server: Server,
                                                 capsys: pytest.CaptureFixture[str]):
    server.routes["/news/rates"] = fixed(body=ARTICLE.encode())
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    page = tmp_path / "taxes.html"
    page.write_text(ARTICLE.replace("rates", "taxes"), encoding="utf-8")
    out = tmp_path / "c.csv"
    start = _window()
    code, err = newsclean(capsys, "run", server.url("/news/rates"), str(page), "-o", str(out),
                          "--no-state", "--allow-host", "127.0.0.1", "--delay", "0", "-w", "1")
    end = datetime.now(UTC)
    assert code == 0, err
    plain = pd.read_csv(out, dtype=str)
    assert plain["fetched_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()
    typed = read_csv(out)
    assert len(typed) == 2
    for value in typed["fetched_at"]:
        assert start <= value.to_pydatetime() <= end
