"""SitemapWalker: cycles, depth, URL and sitemap caps, failures, all through a fake get()."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsclean.errors import FetchError
from newsclean.scraper.discovery.sitemap_walk import (
    SKIP_FETCH_ERROR,
    SKIP_MAX_DEPTH,
    SKIP_NOT_READ,
    SKIP_UNCHANGED,
    SKIP_VISITED,
    STOP_DONE,
    STOP_MAX_SITEMAPS,
    STOP_MAX_URLS,
    SitemapWalker,
    split_unchanged,
)
from newsclean.scraper.discovery.sitemaps import SitemapChild

ROOT = "https://e.example/sitemap.xml"


def index(*children: str) -> bytes:
    body = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return f"<sitemapindex>{body}</sitemapindex>".encode()


def urlset(*urls: str) -> bytes:
    body = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f"<urlset>{body}</urlset>".encode()


def server(pages: dict[str, bytes]) -> tuple[Callable[[str], bytes], Counter[str]]:
    hits: Counter[str] = Counter()

    def get(url: str) -> bytes:
        hits[url] += 1
        if url not in pages:
            raise FetchError(url, "404 Not Found", reason="http_error")
        return pages[url]

    return get, hits


def test_index_with_children() -> None:
    get, _ = server({ROOT: index("https://e.example/a.xml", "https://e.example/b.xml"),
                     "https://e.example/a.xml": urlset("https://e.example/1"),
                     "https://e.example/b.xml": urlset("https://e.example/2",
                                                       "https://e.example/1")})
    result = SitemapWalker(get).walk(ROOT)
    assert result.stop_reason == STOP_DONE
    assert [u.url for u in result.urls] == ["https://e.example/1", "https://e.example/2"]
    assert result.read == [ROOT, "https://e.example/a.xml", "https://e.example/b.xml"]
    assert result.skipped == []


def test_self_referencing_index_terminates_on_the_visited_set() -> None:
    get, hits = server({ROOT: index(ROOT, ROOT + "#again", "https://e.example/a.xml"),
                        "https://e.example/a.xml": urlset("https://e.example/1")})
    result = SitemapWalker(get, max_depth=50).walk(ROOT)
    assert result.stop_reason == STOP_DONE
    assert hits[ROOT] == 1
    assert result.reason_counts() == {SKIP_VISITED: 2}
    assert [u.url for u in result.urls] == ["https://e.example/1"]


def test_two_indexes_pointing_at_each_other() -> None:
    other = "https://e.example/other.xml"
    get, hits = server({ROOT: index(other), other: index(ROOT)})
    result = SitemapWalker(get, max_depth=50).walk(ROOT)
    assert result.stop_reason == STOP_DONE
    assert hits == Counter({ROOT: 1, other: 1})
    assert [s.reason for s in result.skipped] == [SKIP_VISITED]


def _chain(length: int) -> dict[str, bytes]:
    names = [ROOT] + [f"https://e.example/level{i}.xml" for i in range(1, length)]
    pages = {name: index(nxt) for name, nxt in zip(names, names[1:], strict=False)}
    pages[names[-1]] = urlset("https://e.example/deep")
    return pages


@pytest.mark.parametrize(("max_depth", "read", "found"), [(0, 1, 0), (2, 3, 0), (5, 6, 1)])
def test_depth_cap(max_depth: int, read: int, found: int) -> None:
    get, _ = server(_chain(6))
    result = SitemapWalker(get, max_depth=max_depth).walk(ROOT)
    assert len(result.read) == read
    assert len(result.urls) == found
    assert result.reason_counts() == ({SKIP_MAX_DEPTH: 1} if found == 0 else {})


def test_url_cap_stops_the_walk() -> None:
    children = [f"https://e.example/s{i}.xml" for i in range(5)]
    pages = {ROOT: index(*children)}
    pages.update({child: urlset(*(f"{child}/{n}" for n in range(30))) for child in children})
    get, hits = server(pages)
    result = SitemapWalker(get, max_urls=50).walk(ROOT)
    assert result.stop_reason == STOP_MAX_URLS
    assert len(result.urls) == 50
    assert sum(hits.values()) == 3
    assert result.reason_counts() == {SKIP_NOT_READ: 3}


def test_sitemap_count_cap() -> None:
    children = [f"https://e.example/s{i}.xml" for i in range(10)]
    pages = {ROOT: index(*children)}
    pages.update({child: urlset(f"{child}/1") for child in children})
    get, hits = server(pages)
    result = SitemapWalker(get, max_sitemaps=4).walk(ROOT)
    assert result.stop_reason == STOP_MAX_SITEMAPS
    assert sum(hits.values()) == 4
    assert len(result.urls) == 3
    assert result.reason_counts() == {SKIP_NOT_READ: 7}


def test_failed_children_are_reported_and_the_walk_goes_on() -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "b">]><urlset/>'
    get, _ = server({ROOT: index("https://e.example/missing.xml", "https://e.example/bomb.xml",
                                 "https://e.example/ok.xml"),
                     "https://e.example/bomb.xml": bomb,
                     "https://e.example/ok.xml": urlset("https://e.example/1")})
    result = SitemapWalker(get).walk(ROOT)
    assert result.stop_reason == STOP_DONE
    assert [(s.url, s.reason) for s in result.skipped] == [
        ("https://e.example/missing.xml", SKIP_FETCH_ERROR),
        ("https://e.example/bomb.xml", "unsafe_xml"),
    ]
    assert [u.url for u in result.urls] == ["https://e.example/1"]


def test_root_failure() -> None:
    get, _ = server({})
    result = SitemapWalker(get).walk(ROOT)
    assert result.urls == [] and result.read == []
    assert result.reason_counts() == {SKIP_FETCH_ERROR: 1}


def dated_index(*children: tuple[str, str | None]) -> bytes:
    body = "".join(f"<sitemap><loc>{child}</loc>"
                   + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</sitemap>"
                   for child, lastmod in children)
    return f"<sitemapindex>{body}</sitemapindex>".encode()


SINCE = datetime(2026, 11, 1, tzinfo=UTC)
OLD, EDGE, NEW, UNDATED = (f"https://e.example/{name}.xml"
                           for name in ("old", "edge", "new", "undated"))
DATED_PAGES = {
    ROOT: dated_index((OLD, "2026-11-01T00:30:00+01:00"),   # 2026-10-31T23:30Z: before
                      (EDGE, "2026-11-01"),                   # exactly the cutoff: kept
                      (NEW, "2026-11-20T08:00:00Z"), (UNDATED, None)),
    OLD: urlset("https://e.example/old-1"),
    EDGE: urlset("https://e.example/edge-1"),
    NEW: urlset("https://e.example/new-1"),
    UNDATED: urlset("https://e.example/undated-1"),
}


def test_since_skips_children_unchanged_before_the_cutoff() -> None:
    get, hits = server(DATED_PAGES)
    result = SitemapWalker(get, since=SINCE).walk(ROOT)
    assert hits == Counter({ROOT: 1, EDGE: 1, NEW: 1, UNDATED: 1})   # OLD never fetched
    assert result.read == [ROOT, EDGE, NEW, UNDATED]
    assert [(s.url, s.reason) for s in result.skipped] == [(OLD, SKIP_UNCHANGED)]
    assert result.reason_counts() == {SKIP_UNCHANGED: 1}
    assert [u.url for u in result.urls] == ["https://e.example/edge-1",
                                            "https://e.example/new-1",
                                            "https://e.example/undated-1"]
    assert result.stop_reason == STOP_DONE


def test_without_since_every_child_is_read() -> None:
    get, hits = server(DATED_PAGES)
    result = SitemapWalker(get).walk(ROOT)
    assert hits == Counter({ROOT: 1, OLD: 1, EDGE: 1, NEW: 1, UNDATED: 1})
    assert result.skipped == []


def test_unchanged_children_do_not_count_against_the_depth_cap() -> None:
    get, hits = server(DATED_PAGES)
    result = SitemapWalker(get, max_depth=0, since=SINCE).walk(ROOT)
    assert hits == Counter({ROOT: 1})
    assert result.reason_counts() == {SKIP_UNCHANGED: 1, SKIP_MAX_DEPTH: 3}


def test_split_unchanged_is_pure_and_keeps_order() -> None:
    children = [SitemapChild("https://e.example/1", datetime(2026, 10, 31, tzinfo=UTC)),
                SitemapChild("https://e.example/2"),
                SitemapChild("https://e.example/3", datetime(2026, 11, 2, tzinfo=UTC))]
    keep, skipped = split_unchanged(children, datetime(2026, 11, 1))   # naive since: UTC
    assert keep == ["https://e.example/2", "https://e.example/3"]
    assert [(s.url, s.reason) for s in skipped] == [("https://e.example/1", SKIP_UNCHANGED)]
    assert "2026-10-31" in skipped[0].message
    assert split_unchanged(children, None) == ([c.url for c in children], [])
