"""SitemapWalker: cycles, depth, URL and sitemap caps, failures, all through a fake get()."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from newsclean.errors import FetchError
from scraper.sitemap_walk import (
    SKIP_FETCH_ERROR,
    SKIP_MAX_DEPTH,
    SKIP_NOT_READ,
    SKIP_VISITED,
    STOP_DONE,
    STOP_MAX_SITEMAPS,
    STOP_MAX_URLS,
    SitemapWalker,
)

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
            raise FetchError(url, "404 Not Found", outcome="http_error")
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
