"""One run, one robots.txt cache and one per-host politeness state: discovery then pages."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import pytest

from newsclean.records import Failure, RawPage
from newsclean.scraper.discovery.expand import SourcePlan, expand_pages
from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.run import FetchRun
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.discovery.site import RFC_NEW, article, rss
from tests.scraper.discovery.test_discovery_run import run, sources
from tests.scraper.fetch.server import Server, fixed

DELAY = 0.3
SLACK = 0.03      # server-side hit times jitter a little around the client's start times


@pytest.fixture
def other() -> Iterator[Server]:
    """A second host (another port: another origin) with its own robots.txt and a page."""
    srv = Server().start()
    srv.routes["/robots.txt"] = fixed(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    srv.routes["/b1"] = fixed(body=article(21), content_type="text/html; charset=utf-8")
    try:
        yield srv
    finally:
        srv.stop()


def all_hits(server: Server) -> list[tuple[float, str]]:
    return sorted((t, path) for path, times in server.hit_times.items() for t in times)


def test_robots_txt_is_requested_once_per_host_in_a_run(site: Server, other: Server) -> None:
    site.routes["/mixed.xml"] = fixed(body=rss(site, [("/a1", RFC_NEW), ("/a2", RFC_NEW)]).replace(
        b"</channel>", f"<item><link>{other.url('/b1')}</link></item></channel>".encode()),
        content_type="application/rss+xml")
    result = run(site, "/mixed.xml", sites=("/",))
    assert site.hits["/robots.txt"] == 1 and other.hits["/robots.txt"] == 1
    assert site.hits["/a1"] == 1 and other.hits["/b1"] == 1 and not result.failures


def test_per_host_delay_holds_from_the_last_discovery_request_to_the_first_page(
        site: Server) -> None:
    result = run(site, "/feed.xml", delay=DELAY)
    assert sources(result, site) == ["/a1", "/a2"]
    hits = all_hits(site)
    assert [path for _, path in hits] == ["/robots.txt", "/feed.xml", "/a1", "/a2"]
    gaps = [b - a for (a, _), (b, _) in zip(hits, hits[1:], strict=False)]
    assert min(gaps) >= DELAY - SLACK
    assert gaps[1] < DELAY + 0.2      # discovery -> pages: the delay, no extra fixed pause


def test_crawl_delay_read_during_discovery_spaces_the_first_page(site: Server) -> None:
    site.routes["/robots.txt"] = fixed(body=b"User-agent: *\nAllow: /\nCrawl-delay: 0.3\n",
                                       content_type="text/plain")
    run(site, "/feed.xml")                                     # --delay 0
    feed, first_page = site.hit_times["/feed.xml"][0], min(site.hit_times["/a1"]
                                                           + site.hit_times["/a2"])
    assert site.hits["/robots.txt"] == 1
    assert first_page - feed >= DELAY - SLACK


def test_host_given_up_during_discovery_stays_given_up_for_pages(
        server: Server, settings: FetchSettings) -> None:
    server.routes["/down.xml"] = fixed(500, b"", "text/plain")
    strict = dataclasses.replace(settings, host_failure_limit=1, retry=RetryPolicy(retries=0))
    with FetchRun(strict) as fetching:
        assert isinstance(fetching.fetch_source(server.url("/down.xml")), Failure)
        [page] = list(fetching.fetch_pages([(0, server.url("/p"))]))
    assert isinstance(page, Failure) and page.reason == "host_given_up"
    assert server.hits["/p"] == 0 and server.hits["/robots.txt"] == 1


def test_pages_through_the_client_keep_page_rules(server: Server,
                                                  settings: FetchSettings) -> None:
    server.routes["/f.xml"] = fixed(body=b"<rss version='2.0'/>",
                                    content_type="application/rss+xml")
    server.routes["/p"] = fixed()
    with FetchRun(settings) as fetching:
        assert isinstance(fetching.fetch_source(server.url("/f.xml")), RawPage)
        results = sorted(fetching.fetch_pages(enumerate([server.url("/f.xml"),
                                                         server.url("/p")])),
                         key=lambda r: r.index)
    assert isinstance(results[0], Failure) and results[0].reason == "bad_content_type"
    assert isinstance(results[1], RawPage)


def test_closing_pages_early_leaves_the_client_usable(server: Server,
                                                      settings: FetchSettings) -> None:
    many = dataclasses.replace(settings, global_concurrency=1)     # window 64, queue 64
    urls = [(i, server.url(f"/p{i}")) for i in range(200)]
    for path in [f"/p{i}" for i in range(200)] + ["/after"]:
        server.routes[path] = fixed()
    with FetchRun(many) as fetching:
        pages = fetching.fetch_pages(urls)
        first = [next(pages) for _ in range(3)]
        time.sleep(0.3)                       # let the queue fill up behind the consumer
        started = time.monotonic()
        pages.close()
        assert time.monotonic() - started < 2
        assert isinstance(fetching.fetch_source(server.url("/after")), RawPage)
    assert len(first) == 3 and server.hits["/robots.txt"] == 1
    assert sum(server.hits.values()) < 1 + 200 + 1


def test_closing_expand_pages_early_stops_every_thread(site: Server,
                                                       settings: FetchSettings) -> None:
    slow = dataclasses.replace(settings, per_host_delay=DELAY)
    plan = SourcePlan(feeds=(site.url("/feed.xml"),))
    results = expand_pages([], plan, slow)
    first = next(results)
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 1
    assert isinstance(first, RawPage) and site.hits["/a2"] == 0
    names = {thread.name for thread in threading.enumerate()}
    assert not any(name.startswith(("newsclean-discover", "newsclean-fetch"))
                   for name in names)
