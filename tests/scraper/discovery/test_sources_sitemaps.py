"""parse_sitemap: urlset, index, news, hreflang, gzip, text, caps and unsafe XML."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from newsclean.errors import FeedError
from newsclean.scraper.discovery import sitemaps
from newsclean.scraper.discovery.sitemaps import SitemapChild, SitemapUrl, parse_sitemap
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"
BASE = "https://news.example.org/sitemap.xml"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example.org/2026/11/24/budget</loc>
    <lastmod>2026-11-24T18:00:00+01:00</lastmod>
    <image:image><image:loc>https://cdn.example.org/budget.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-11-24T09:15:00+01:00</news:publication_date>
      <news:title>Budget &amp; taxes: what changes</news:title>
    </news:news>
  </url>
  <url><loc>/2026/11/23/weather</loc><lastmod>2026-11-23</lastmod></url>
  <url><loc>ftp://news.example.org/file</loc></url>
  <url><lastmod>2026-11-23</lastmod></url>
</urlset>"""


def _urlset(count: int) -> bytes:
    body = b"".join(b"<url><loc>https://e.example/%d</loc></url>" % i for i in range(count))
    return b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + body + b"</urlset>"


@pytest.mark.parametrize("name", ["sitemap.xml", "sitemap.xml.gz"])
def test_fixture_urlset(name: str) -> None:
    sitemap = parse_sitemap((WEB / name).read_bytes(), BASE)
    assert not sitemap.is_index and sitemap.children == [] and not sitemap.truncated
    assert len(sitemap.urls) == 84
    assert sitemap.urls[0] == SitemapUrl("https://www.sitemaps.org/",
                                         lastmod=datetime(2016, 11, 21, tzinfo=UTC))
    assert sitemap.urls[-1].url == "https://www.sitemaps.org/zh_TW/terms.html"


def test_fixture_index_with_cdata_loc() -> None:
    sitemap = parse_sitemap((WEB / "sitemap2.xml").read_bytes(), BASE)
    assert sitemap.is_index and sitemap.urls == []
    assert sitemap.children == [
        SitemapChild("http://www.example.com/sitemap1.xml.gz",
                     datetime(2004, 10, 1, 18, 23, 17, tzinfo=UTC)),
        SitemapChild("http://www.example.com/sitemap2.xml.gz", datetime(2005, 1, 1, tzinfo=UTC))]


def test_index_child_lastmod_is_read_like_a_url_lastmod() -> None:
    data = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>/2026-09.xml</loc><lastmod>2026-10-01T01:30:00+02:00</lastmod></sitemap>
  <sitemap><lastmod>2026-11-20</lastmod><loc>https://e.example/2026-11.xml</loc></sitemap>
  <sitemap><loc>https://e.example/latest.xml</loc></sitemap>
  <sitemap><loc>https://e.example/junk.xml</loc><lastmod>last tuesday</lastmod></sitemap>
  <sitemap><loc>https://e.example/latest.xml</loc><lastmod>2026-11-21</lastmod></sitemap>
</sitemapindex>"""
    sitemap = parse_sitemap(data, BASE)
    assert sitemap.is_index and sitemap.urls == []
    assert sitemap.children == [
        # the offset is applied: 01:30 at +02:00 is 23:30 UTC the day before
        SitemapChild("https://news.example.org/2026-09.xml",
                     datetime(2026, 9, 30, 23, 30, tzinfo=UTC)),
        SitemapChild("https://e.example/2026-11.xml", datetime(2026, 11, 20, tzinfo=UTC)),
        SitemapChild("https://e.example/latest.xml", None),   # no lastmod; first one is kept
        SitemapChild("https://e.example/junk.xml", None),     # unreadable lastmod
    ]


def test_fixture_hreflang_alternates_are_recorded_not_listed() -> None:
    sitemap = parse_sitemap((WEB / "sitemap-hreflang.xml").read_bytes(), BASE)
    assert [u.url for u in sitemap.urls] == [
        "http://www.example.com/english/page.html",
        "http://www.example.com/deutsch/page.html",
        "http://www.example.com/schweiz-deutsch/page.html",
    ]
    assert sitemap.urls[0].alternates[1] == ("de-ch",
                                             "http://www.example.com/schweiz-deutsch/page.html")


def test_news_sitemap() -> None:
    first, second = parse_sitemap(NEWS_SITEMAP, BASE).urls
    assert first == SitemapUrl(
        "https://news.example.org/2026/11/24/budget",
        lastmod=datetime(2026, 11, 24, 17, tzinfo=UTC),
        news_published=datetime(2026, 11, 24, 8, 15, tzinfo=UTC),
        news_title="Budget & taxes: what changes",
    )
    assert second == SitemapUrl("https://news.example.org/2026/11/23/weather",
                                lastmod=datetime(2026, 11, 23, tzinfo=UTC))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_sitemap(encoding: str) -> None:
    text = ('<?xml version="1.0" encoding="UTF-16"?>'
            "<urlset><url><loc>https://e.example/\u00e9t\u00e9</loc></url></urlset>")
    data = (b"\xfe\xff" if encoding == "utf-16-be" else b"") + text.encode(encoding)
    assert [u.url for u in parse_sitemap(data, BASE).urls] == ["https://e.example/\u00e9t\u00e9"]


def test_text_sitemap() -> None:
    data = b"\xef\xbb\xbfhttps://e.example/a\r\n\n  http://e.example/b  \n# comment\nhttps://e.example/a\n"
    assert [u.url for u in parse_sitemap(data, BASE).urls] == ["https://e.example/a",
                                                             "http://e.example/b"]


def test_raw_ampersands_are_kept() -> None:
    data = (b"<urlset><url><loc>https://e.example/?a=1&b=2&amp;c=&#51;</loc></url>"
            b"<url><loc>https://e.example/x&y</loc></url></urlset>")
    assert [u.url for u in parse_sitemap(data, BASE).urls] == [
        "https://e.example/?a=1&b=2&c=3", "https://e.example/x&y"]


@pytest.mark.parametrize("gzipped", [False, True])
def test_max_urls_truncates(gzipped: bool) -> None:
    data = _urlset(100)
    sitemap = parse_sitemap(gzip.compress(data) if gzipped else data, BASE, max_urls=10)
    assert sitemap.truncated and len(sitemap.urls) == 10


def test_text_sitemap_max_urls() -> None:
    data = b"\n".join(b"https://e.example/%d" % i for i in range(100))
    sitemap = parse_sitemap(data, BASE, max_urls=5)
    assert sitemap.truncated and len(sitemap.urls) == 5


def _gzip_bomb(inflated_mb: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')]
    parts += [packer.compress(b" " * (1 << 20)) for _ in range(inflated_mb)]
    return b"".join(parts) + packer.flush()


def test_gzip_bomb_is_cut_with_bounded_time_and_memory() -> None:
    bomb = _gzip_bomb(200)  # 200 MB inflated, ~200 KB on the wire
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(FeedError) as info:
            parse_sitemap(bomb, BASE, max_bytes=5_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.reason == "too_large"
    assert time.perf_counter() - start < 10         # about 1 s: catches a hang only
    assert peak < 20_000_000


def test_gzip_bomb_is_cut_at_the_default_cap() -> None:
    with pytest.raises(FeedError) as info:
        parse_sitemap(_gzip_bomb(60), BASE)
    assert info.value.reason == "too_large"


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<urlset><url><loc>https://e.example/&b;</loc></url></urlset>",
        b'<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>https://e.example/&x;</loc></url></urlset>",
        b'<!DOCTYPE urlset SYSTEM "file:///etc/passwd"><urlset></urlset>',
        gzip.compress(b'<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset/>'),
    ],
    ids=["entity-expansion", "xxe", "external-dtd", "gzipped-xxe"],
)
def test_any_doctype_is_refused(data: bytes) -> None:
    with pytest.raises(FeedError) as info:
        parse_sitemap(data, BASE)
    assert info.value.reason == "unsafe_xml"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "malformed"),
        (b"   \n", "malformed"),
        (b'<rss version="2.0"><channel></channel></rss>', "not_a_sitemap"),
        (b"just some words\nno urls here", "not_a_sitemap"),
        (b"<", "malformed"),
        (b"\x1f\x8b", "malformed"),
    ],
)
def test_bad_documents_are_typed_errors(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_sitemap(data, BASE)
    assert info.value.reason == reason


def test_parsing_streams_and_stops_at_max_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    events = 0
    stream = sitemaps._events

    def counted(data: bytes) -> Iterator[tuple[str, object]]:
        nonlocal events
        for event in stream(data):
            events += 1
            yield event

    monkeypatch.setattr(sitemaps, "_events", counted)
    sitemap = parse_sitemap(_urlset(300_000), BASE, max_urls=100)  # ~12 MB
    assert sitemap.truncated and len(sitemap.urls) == 100
    # start and end of <url> and <loc> for the 101 urls read, and the root: not 1.2 million
    assert 4 * 100 < events < 4 * 102 + 2


def test_only_top_level_url_elements_count() -> None:
    data = (b"<urlset><url><loc>https://e.example/a</loc>"
            b"<x:extra xmlns:x='urn:x'><x:url><x:loc>https://e.example/inner</x:loc></x:url>"
            b"</x:extra></url></urlset>")
    assert [u.url for u in parse_sitemap(data, BASE).urls] == ["https://e.example/a"]


def test_truncated_xml_keeps_what_was_read() -> None:
    data = _urlset(3)[:-40]
    assert [u.url for u in parse_sitemap(data, BASE).urls][:2] == ["https://e.example/0",
                                                                  "https://e.example/1"]
