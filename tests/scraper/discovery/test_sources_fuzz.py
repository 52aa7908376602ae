"""Property tests: on any bytes the source parsers return or raise FeedError, nothing else."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.errors import FeedError
from newsclean.scraper.discovery.feeds import parse_feed
from newsclean.scraper.discovery.links import discover_links, sniff_kind
from newsclean.scraper.discovery.sitemaps import parse_sitemap

BASE = "https://e.example/src"
FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

#: fragments that steer random input towards the parsers' interesting paths
FRAGMENTS = [
    b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="utf-16"?>', b"<rss>",
    b'<rss version="2.0">', b"<channel>", b"<item>", b"</item>", b"<link>", b"</link>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"<link href='/x'/>",
    b"<urlset>", b"</urlset>", b"<sitemapindex>", b"<sitemap>", b"<url>", b"<loc>",
    b"</loc>", b"<lastmod>", b"2026-11-01", b"<news:news>", b"<news:publication_date>",
    b"<!DOCTYPE x [", b"<!ENTITY a 'b'>", b"]>", b"&a;", b"&amp;", b"&", b"<![CDATA[", b"]]>",
    b"https://e.example/a", b"http://", b"javascript:x", b"\n", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b'{"version": "https://jsonfeed.org/version/1", "items": [',
    b'{"url": "/a", "date_published": "2026-11-01"}', b"]}", b"{", b"[", b"\x1f\x8b",
    b"<pubDate>Sun, 06 Sep 2009 16:20:00 +0000</pubDate>", b"<!--", b"-->", b"<html>",
]
documents = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=8)), max_size=40)
    .map(b"".join),
)
maybe_gzipped = st.one_of(documents, documents.map(gzip.compress))


@FUZZ
@given(maybe_gzipped)
def test_parse_feed_raises_only_feed_error(data: bytes) -> None:
    try:
        entries = parse_feed(data, BASE)
    except FeedError as exc:
        assert exc.reason in {"unsafe_xml", "too_large", "malformed", "not_a_feed"}
        return
    for entry in entries:
        assert entry.url.startswith(("http://", "https://"))
        assert entry.published is None or entry.published.utcoffset() is not None


@FUZZ
@given(maybe_gzipped)
def test_parse_sitemap_raises_only_feed_error(data: bytes) -> None:
    try:
        sitemap = parse_sitemap(data, BASE, max_urls=100)
    except FeedError as exc:
        assert exc.reason in {"unsafe_xml", "too_large", "malformed", "not_a_sitemap"}
        return
    assert len(sitemap.urls) <= 100
    assert all(u.url.startswith(("http://", "https://")) for u in sitemap.urls)
    assert all(c.url.startswith(("http://", "https://")) for c in sitemap.children)


@FUZZ
@given(documents, st.one_of(st.none(), st.text(max_size=40)))
def test_sniff_and_discover_never_raise(data: bytes, content_type: str | None) -> None:
    assert sniff_kind(data, content_type) in {"feed", "sitemap", "sitemap_index", "page",
                                              "unknown"}
    found = discover_links(data.decode("utf-8", errors="replace"), BASE)
    assert all(url.startswith(("http://", "https://")) for url in found.feeds + found.sitemaps)
