"""Feeds, sitemaps and sites through ``pipeline.run_detailed`` against a real loopback site."""

from __future__ import annotations

import gzip
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from newsclean import pipeline
from newsclean.config import load_config
from newsclean.records import Article
from tests.scraper.discovery.site import BOMB, SINCE, article, article_hits
from tests.scraper.fetch.server import Server, fixed


def run(site: Server, *inputs: str, seen: list[Any] | None = None,
        **options: Any) -> pipeline.RunResult:
    """One run, one worker, no per-host delay, loopback allowed; paths become site URLs;
    ``seen`` gets every result as it comes."""
    urls = tuple(site.url(i) if i.startswith("/") else i for i in inputs)
    for key in ("feeds", "sitemaps", "sites"):
        options[key] = tuple(site.url(path) for path in options.get(key, ()))
    config = load_config(None, {"inputs": urls, "allow_hosts": ("127.0.0.1",), "delay": 0.0,
                                "workers": 1, **options})
    return pipeline.run_detailed(config, seen.append if seen is not None else None)


def sources(result: pipeline.RunResult, site: Server) -> list[str]:
    return [source.removeprefix(site.url("")) for source in result.corpus["source"]]


def failures(result: pipeline.RunResult, site: Server) -> list[tuple[str, str, str]]:
    return [(f.source.removeprefix(site.url("")), f.stage, f.reason) for f in result.failures]


def test_rss_feed_url_is_sniffed_and_expanded(site: Server) -> None:
    result = run(site, "/feed.xml")
    assert sources(result, site) == ["/a1", "/a2"]
    assert article_hits(site) == {"/a1": 1, "/a2": 1}
    assert site.hits["/feed.xml"] == 1 and not result.failures


def test_atom_feed_option(site: Server) -> None:
    result = run(site, feeds=("/atom.xml",))
    assert sources(result, site) == ["/a3", "/a1"]
    assert not result.failures


def test_sitemap_index_with_gzip_child_and_news_sitemap(site: Server) -> None:
    result = run(site, "/sitemap_index.xml")
    assert sources(result, site) == ["/a4", "/a1", "/a5", "/a6", "/a7"]
    assert site.hits["/sitemap-pages.xml.gz"] == 1 and site.hits["/news-sitemap.xml"] == 1


def test_since_selects_before_any_page_is_fetched(site: Server) -> None:
    result = run(site, feeds=("/feed.xml", "/atom.xml"), sitemaps=("/sitemap_index.xml",),
                 since=SINCE)
    assert sources(result, site) == ["/a1", "/a3", "/a4", "/a6"]
    assert article_hits(site) == {"/a1": 1, "/a3": 1, "/a4": 1, "/a6": 1}   # old ones: 0 hits


ARCHIVE = ("/archive-2026-09.xml", "/archive-2026-11.xml", "/archive-latest.xml")


def test_since_skips_index_children_unchanged_before_the_cutoff(
        site: Server, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="newsclean.scraper.discovery.resolve"):
        result = run(site, sitemaps=("/archive_index.xml",), since=SINCE)
    # the OLD child is never requested; the recent and the undated one are read
    assert {path: site.hits[path] for path in ARCHIVE} == {
        "/archive-2026-09.xml": 0, "/archive-2026-11.xml": 1, "/archive-latest.xml": 1}
    assert sources(result, site) == ["/a4", "/a6", "/a8"]
    assert article_hits(site) == {"/a4": 1, "/a6": 1, "/a8": 1}
    assert not result.failures                       # a skipped child is not a failure
    assert "3 sitemaps read, 1 unchanged since the cutoff not read" in caplog.text


def test_without_since_every_index_child_is_read(site: Server) -> None:
    result = run(site, sitemaps=("/archive_index.xml",))
    assert {path: site.hits[path] for path in ARCHIVE} == dict.fromkeys(ARCHIVE, 1)
    assert sources(result, site) == ["/a2", "/a5", "/a4", "/a7", "/a6", "/a8"]
    assert not result.failures


def test_max_age_keeps_recent_entries(site: Server) -> None:
    result = run(site, "/news-sitemap.xml", since="3650d")   # both dates are recent enough
    assert sources(result, site) == ["/a6", "/a7"]


def test_site_home_page_discovers_feeds_and_robots_sitemaps(site: Server) -> None:
    result = run(site, "/")
    # feeds first (RSS, Atom), then the robots.txt sitemap index; each page once
    assert sources(result, site) == ["/a1", "/a2", "/a3", "/a4", "/a5", "/a6", "/a7"]
    assert set(article_hits(site).values()) == {1}
    assert site.hits["/"] == 1 and site.hits["/robots.txt"] == 1   # one per host per run
    assert not result.failures


def test_site_option_without_feeds_or_sitemaps_is_one_failure(site: Server) -> None:
    site.routes["/robots.txt"] = fixed(body=b"User-agent: *\nAllow: /\n",
                                       content_type="text/plain")
    site.routes["/"] = fixed(body=b"<html><head><title>Bare</title></head><body></body></html>")
    result = run(site, "/a9", sites=("/",))
    assert sources(result, site) == ["/a9"]
    assert failures(result, site) == [("/", "discover", "no_sources")]


def test_sniffed_page_is_fetched_once(site: Server) -> None:
    result = run(site, "/a5", "/feed.xml")   # /feed.xml lists /a1 and /a2
    assert sources(result, site) == ["/a5", "/a1", "/a2"]
    assert article_hits(site) == {"/a5": 1, "/a1": 1, "/a2": 1}


def test_repeated_urls_are_fetched_once_first_occurrence_kept(site: Server,
                                                              tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url('/a3')}\n{site.url('/a8')}\n{site.url('/a1')}\n")
    seen: list[Any] = []
    result = run(site, "/a1", "/feed.xml", "/atom.xml", url_files=(urls,), seen=seen)
    assert sources(result, site) == ["/a1", "/a2", "/a3", "/a8"]
    assert set(article_hits(site).values()) == {1}
    assert sorted(a.index for a in seen if isinstance(a, Article)) == [0, 1, 2, 3]


def test_order_is_the_same_across_runs(site: Server) -> None:
    args = ("/feed.xml", "/sitemap_index.xml", "/a9")
    first = run(site, *args, sites=("/",))
    second = run(site, *args, sites=("/",))
    assert sources(first, site) == sources(second, site)
    assert sources(first, site) == ["/a1", "/a2", "/a4", "/a5", "/a6", "/a7", "/a9", "/a3"]
    assert list(first.corpus["id"]) == list(second.corpus["id"])


def test_entity_bomb_feed_is_one_failure_and_the_run_goes_on(site: Server) -> None:
    started = time.monotonic()
    result = run(site, feeds=("/bomb.xml", "/atom.xml"))
    assert time.monotonic() - started < 3
    assert failures(result, site) == [("/bomb.xml", "discover", "unsafe_xml")]
    assert sources(result, site) == ["/a3", "/a1"]


def test_self_referencing_sitemap_index_terminates(site: Server) -> None:
    result = run(site, sitemaps=("/loop.xml",))
    assert sources(result, site) == ["/a8", "/a9"]
    assert site.hits["/loop.xml"] == 1 and site.hits["/loop2.xml"] == 1
    assert site.hits["/loop-pages.xml"] == 1 and not result.failures


@pytest.mark.parametrize("route, status, body, kind", [
    ("/gone.xml", 404, b"", "http_error"),
    ("/junk.xml", 200, b"<html><body><p>no feed here</p></body></html>", "not_a_feed"),
])
def test_failed_feed_is_one_discover_failure(site: Server, route: str, status: int,
                                             body: bytes, kind: str) -> None:
    site.routes[route] = fixed(status, body, "application/rss+xml")
    result = run(site, feeds=(route, "/feed.xml"))
    assert failures(result, site) == [(route, "discover", kind)]
    assert sources(result, site) == ["/a1", "/a2"]


def test_broken_child_sitemap_is_one_failure(site: Server) -> None:
    site.routes["/sitemap-pages.xml.gz"] = fixed(500, b"", "text/plain")
    result = run(site, sitemaps=("/sitemap_index.xml",))
    assert failures(result, site) == [("/sitemap-pages.xml.gz", "discover", "http_error")]
    assert sources(result, site) == ["/a6", "/a7"]


def test_sniffed_url_of_another_type_keeps_the_page_rules(site: Server) -> None:
    site.routes["/doc.pdf"] = fixed(body=b"%PDF-1.4 binary", content_type="application/pdf")
    site.routes["/data.json"] = fixed(body=b'{"a": 1}', content_type="application/json")
    result = run(site, "/doc.pdf", "/data.json", "/a2")
    assert failures(result, site) == [("/doc.pdf", "fetch", "bad_content_type"),
                                      ("/data.json", "fetch", "bad_content_type")]
    assert sources(result, site) == ["/a2"]


def test_files_feeds_and_url_lists_are_numbered_in_input_order(site: Server,
                                                                tmp_path: Path) -> None:
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    first.write_bytes(article(11))
    second.write_bytes(article(12))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url('/a8')}\nftp://e.example/x\n{site.url('/a9')}\n"
                    f"{tmp_path / 'missing.html'}\n{site.url('/a1')}\n")
    seen: list[Any] = []
    result = run(site, str(first), "/feed.xml", str(second), url_files=(urls,), seen=seen)
    rows = sorted([(a.index, a.source) for a in seen if isinstance(a, Article)]
                  + [(f.index, f.source) for f in result.failures])
    names = [source.removeprefix(site.url("")).removeprefix(f"{tmp_path}/")
             for _, source in rows]
    assert names == ["first.html", "/a1", "/a2", "second.html", "/a8", "ftp://e.example/x",
                     "/a9", "missing.html"]
    assert [index for index, _ in rows] == list(range(8))
    assert site.hits["/a1"] == 1


def test_feed_links_to_private_addresses_make_no_connection(site: Server) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/"
    site.routes["/evil.xml"] = fixed(
        body=(f'<rss version="2.0"><channel><item><link>{metadata}</link></item>'
              f"<item><link>{site.url('/a1')}</link></item></channel></rss>").encode(),
        content_type="application/rss+xml")
    result = run(site, feeds=("/evil.xml",))
    assert sources(result, site) == ["/a1"]
    [failure] = result.failures
    assert failure.source == metadata and failure.stage == "fetch"
    assert failure.reason in {"blocked_address", "robots_unavailable"}   # robots.txt is first
    assert "blocked address" in failure.message


@pytest.mark.parametrize("body, kind", [
    (BOMB.replace(b"<rss", b"<urlset").replace(b"</rss>", b"</urlset>"), "unsafe_xml"),
    (gzip.compress(b"<urlset>" + b" " * 60_000_000 + b"</urlset>", compresslevel=1),
     "too_large"),
])
def test_hostile_sitemaps_are_refused(site: Server, body: bytes, kind: str) -> None:
    site.routes["/hostile.xml.gz"] = fixed(body=body, content_type="application/x-gzip")
    started = time.monotonic()
    result = run(site, "/hostile.xml.gz", sitemaps=("/news-sitemap.xml",))
    assert time.monotonic() - started < 5
    assert failures(result, site) == [("/hostile.xml.gz", "discover", kind)]
    assert sources(result, site) == ["/a6", "/a7"]
