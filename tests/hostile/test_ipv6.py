"""IPv6 literal URLs: pages, redirects and sitemap children on ``http://[::1]:PORT``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.scraper.fetch.transport import origin_of
from tests.scraper.fetch.server import Server, fixed
from tests.test_pipeline_cli import ARTICLE


@pytest.fixture
def server6() -> Iterator[Server]:
    srv = Server(host="::1").start()
    try:
        yield srv
    finally:
        srv.stop()


def test_the_origin_of_an_ipv6_url_keeps_its_brackets():
    assert origin_of("http://[::1]:8080/a") == "http://[::1]:8080"
    assert origin_of("https://[2001:db8::1]/") == "https://[2001:db8::1]:443"


def test_pages_redirects_and_sitemap_children_over_ipv6(server6: Server, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    base = f"http://[::1]:{server6.port}"
    index = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
             f"<loc>{base}/child.xml</loc></sitemap></sitemapindex>").encode()
    child = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<url><loc>{base}/moved.html</loc></url></urlset>").encode()
    server6.routes["/index.xml"] = fixed(body=index, content_type="application/xml")
    server6.routes["/child.xml"] = fixed(body=child, content_type="application/xml")
    server6.routes["/moved.html"] = fixed(301, b"", None, Location=f"{base}/page.html")
    server6.routes["/page.html"] = fixed(body=ARTICLE.encode())
    out = tmp_path / "c.csv"
    code = pipeline.main(["run", "--sitemap", f"{base}/index.xml", "-o", str(out),
                          "--allow-host", "[::1]", "--delay", "0", "-w", "1", "--no-progress"])
    assert code == 0, capsys.readouterr().err
    corpus = pd.read_csv(out)
    assert list(corpus["source"]) == [f"{base}/moved.html"]
    assert server6.hits["/page.html"] == 1 and server6.hits["/robots.txt"] == 1
