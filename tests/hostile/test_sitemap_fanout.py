"""A sitemap tree that fans out past the walk's caps is one counted row in the errors file
and one log line, not one warning per child."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from tests.scraper.fetch.server import Server, fixed

CHILDREN = 40_000
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _index(locs: list[str]) -> bytes:
    return (f"<sitemapindex {NS}>" + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in locs)
            + "</sitemapindex>").encode()


def test_children_past_the_depth_cap_are_one_counted_row(
        server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]):
    for level in range(3):
        server.routes[f"/i{level}.xml"] = fixed(body=_index([server.url(f"/i{level + 1}.xml")]),
                                                content_type="application/xml")
    server.routes["/i3.xml"] = fixed(
        body=_index([server.url(f"/leaf{n}.xml") for n in range(CHILDREN)]),
        content_type="application/xml")
    out = tmp_path / "c.csv"
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        code = pipeline.main(["run", "--sitemap", server.url("/i0.xml"), "-o", str(out),
                              "--allow-host", "127.0.0.1", "--delay", "0", "-w", "1",
                              "--no-progress"])
    assert code == 1, capsys.readouterr().err
    errors = pd.read_csv(tmp_path / "c.errors.csv", dtype=str)
    assert list(errors[["source", "stage", "reason"]].itertuples(index=False, name=None)) == [
        (server.url("/i0.xml"), "discover", "sitemap_cap")]
    assert f"{CHILDREN} child sitemaps not read" in errors["message"][0]
    assert "deeper than 3" in errors["message"][0]
    assert len([r for r in caplog.records if "not read" in r.getMessage()]) == 1
    assert server.hits["/leaf0.xml"] == 0
