"""sniff_kind on multi-member gzip: the head is read across members, and only the head."""

from __future__ import annotations

import gzip

import pytest

from newsclean.scraper.discovery import links
from newsclean.scraper.discovery.links import _SNIFF_BYTES, _gunzip_head, sniff_kind

SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.example/a</loc></url></urlset>\n")
FEED = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>'


def members(*parts: bytes) -> bytes:
    """One gzip member per part, concatenated."""
    return b"".join(gzip.compress(part, mtime=0) for part in parts)


@pytest.mark.parametrize(("data", "kind"), [
    pytest.param(members(b"", SITEMAP), "sitemap", id="empty-first"),
    pytest.param(members(b"", b"", b"", FEED), "feed", id="three-empty"),
    pytest.param(members(SITEMAP[:39], SITEMAP[39:]), "sitemap", id="xml-declaration-alone"),
    pytest.param(members(SITEMAP[:45], SITEMAP[45:]), "sitemap", id="root-tag-cut"),
    pytest.param(members(b"\xef\xbb\xbf", b"<sitemapindex></sitemapindex>"), "sitemap_index",
                 id="bom-alone"),
    pytest.param(members(b"<!-- c -->", b"<html><p>x"), "page", id="comment-alone"),
    pytest.param(members(*(bytes([b]) for b in FEED)), "feed", id="byte-per-member"),
])
def test_head_spans_members(data: bytes, kind: str) -> None:
    assert sniff_kind(data, "application/octet-stream") == kind
    assert sniff_kind(data, None) == kind


def test_head_is_the_joined_members_up_to_the_sniff_size() -> None:
    page = b"<html>" + b"x" * (3 * _SNIFF_BYTES)
    data = members(b"", page[:10], b"", page[10:5000], page[5000:])
    assert _gunzip_head(data) == page[:_SNIFF_BYTES]


def test_large_document_is_not_inflated_past_the_head(monkeypatch: pytest.MonkeyPatch) -> None:
    """50 MB of sitemap in one member: only the first slice of input is inflated."""
    data = members(b"", SITEMAP[:60], SITEMAP[60:] + b" " * 50_000_000)
    assert len(data) > 5 * _SNIFF_BYTES
    fed: list[int] = []

    class CountingZlib(links.Zlib):
        def feed(self, chunk: bytes) -> None:
            fed.append(len(chunk))
            super().feed(chunk)

    monkeypatch.setattr(links, "Zlib", CountingZlib)
    assert _gunzip_head(data) == (SITEMAP + b" " * _SNIFF_BYTES)[:_SNIFF_BYTES]
    assert 0 < sum(fed) <= _SNIFF_BYTES
    assert sniff_kind(data, None) == "sitemap"


def test_corrupt_later_member_keeps_the_head_before_it() -> None:
    data = members(b"", SITEMAP) + b"\x1f\x8b\x08\x00garbage" * 10
    assert _gunzip_head(data) == SITEMAP
    assert sniff_kind(data, None) == "sitemap"


@pytest.mark.parametrize("data", [b"\x1f\x8bnot gzip", members(b"", b"")])
def test_nothing_inflated_falls_back_to_the_content_type(data: bytes) -> None:
    assert sniff_kind(data, None) == "unknown"
    assert sniff_kind(data, "application/rss+xml") == "feed"
