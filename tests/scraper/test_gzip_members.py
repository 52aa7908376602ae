"""Multi-member gzip (concatenated members) in local ``.gz`` pages, feeds and sitemaps.

Each member alone is an incomplete document, so only reading every member gives the whole
text; the caps apply to the total inflated size across members.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsclean.errors import DecodeError, FeedError
from newsclean.scraper.decode import decode_bytes, decode_page
from newsclean.scraper.discovery.feeds import parse_feed
from newsclean.scraper.discovery.sitemaps import parse_sitemap
from newsclean.scraper.gunzip import maybe_gunzip
from newsclean.scraper.sources import SourceItem, expand_sources, read_file

PAGE = ("<!doctype html><html><head><title>Budget</title></head><body>"
        "<p>The budget passed on Tuesday.</p><p>Taxes rise next year.</p></body></html>")
SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           b"<url><loc>https://news.example.org/a1</loc></url>\n"
           b"<url><loc>https://news.example.org/a2</loc></url>\n</urlset>\n")
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        b"<item><title>one</title><link>https://news.example.org/1</link></item>"
        b"<item><title>two</title><link>https://news.example.org/2</link></item>"
        b"</channel></rss>")
BASE = "https://news.example.org/source.xml"


def members(data: bytes, *cuts: int) -> bytes:
    """``data`` gzipped as one member per piece between the ``cuts`` offsets."""
    bounds = [0, *cuts, len(data)]
    return b"".join(gzip.compress(data[a:b], mtime=0) for a, b in zip(bounds, bounds[1:],
                                                                      strict=False))


def test_local_gz_page_of_two_members_decodes_whole(tmp_path: Path) -> None:
    """The pipeline's local-file path: walk the folder, read the file, decode it."""
    raw = PAGE.encode()
    (tmp_path / "page.html.gz").write_bytes(members(raw, raw.index(b"<p>Taxes")))
    [item] = list(expand_sources([str(tmp_path)]))
    assert isinstance(item, SourceItem)
    decoded = decode_page(read_file(item))
    assert decoded.text == PAGE and decoded.encoding in ("utf-8", "ascii")


def test_local_gz_members_over_the_cap_together_fail() -> None:
    part = b"<p>" + b"a" * 600_000 + b"</p>"         # each member alone is under the cap
    data = members(part * 2, len(part))
    assert len(gzip.decompress(data)) > 1_000_000
    with pytest.raises(DecodeError, match="inflates beyond"):
        decode_bytes(data, max_inflated=1_000_000)


def test_maybe_gunzip_joins_members_and_skips_zero_padding() -> None:
    data = gzip.compress(SITEMAP[:50]) + b"\0" * 8 + gzip.compress(SITEMAP[50:])
    assert maybe_gunzip(data, 1_000_000) == SITEMAP


def test_maybe_gunzip_caps_the_total_across_members() -> None:
    data = members(b"x" * 3_000, 1_000, 2_000)          # 1,000 inflated bytes per member
    assert maybe_gunzip(data, 3_000) == b"x" * 3_000
    with pytest.raises(FeedError) as info:
        maybe_gunzip(data, 2_999)
    assert info.value.reason == "too_large"


def test_maybe_gunzip_corrupt_later_member_is_malformed() -> None:
    data = gzip.compress(SITEMAP) + b"\x1f\x8b\x08\x00garbage" * 10
    with pytest.raises(FeedError) as info:
        maybe_gunzip(data, 1_000_000)
    assert info.value.reason == "malformed"


def test_maybe_gunzip_truncated_later_member_keeps_what_inflated() -> None:
    second = gzip.compress(SITEMAP[50:], mtime=0)
    data = gzip.compress(SITEMAP[:50], mtime=0) + second[:len(second) // 2]
    out = maybe_gunzip(data, 1_000_000)
    assert SITEMAP.startswith(out) and 50 < len(out) < len(SITEMAP)   # part of the second


def test_sitemap_of_two_members_lists_every_url() -> None:
    data = members(SITEMAP, SITEMAP.index(b"<url><loc>https://news.example.org/a2"))
    sitemap = parse_sitemap(data, BASE)
    assert [entry.url for entry in sitemap.urls] == ["https://news.example.org/a1",
                                                     "https://news.example.org/a2"]


def test_feed_of_two_members_lists_every_entry() -> None:
    entries = parse_feed(members(FEED, FEED.index(b"<item><title>two")), BASE)
    assert [entry.url for entry in entries] == ["https://news.example.org/1",
                                                "https://news.example.org/2"]
