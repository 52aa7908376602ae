"""discover_links, robots_sitemaps and sniff_kind."""

from __future__ import annotations

import gzip

import pytest

from newsclean.scraper.discovery.links import (
    Discovered,
    discover_links,
    robots_sitemaps,
    sniff_kind,
)
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"

HOME = """<!DOCTYPE html><html><head>
<base href="/news/">
<link rel="alternate" type="application/rss+xml" href="rss.xml" title="RSS">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://cdn.example.org/atom">
<link rel="alternate" type="application/feed+json" href="//example.org/feed.json">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
<link rel="alternate" hreflang="de" href="/de/">
<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
<link rel="sitemap" type="application/xml" href="/sitemap.xml">
</head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>"""


def test_discover_links() -> None:
    found = discover_links(HOME, "https://example.org/index.html")
    assert found == Discovered(
        feeds=["https://example.org/news/rss.xml", "https://cdn.example.org/atom",
               "https://example.org/feed.json", "https://example.org/late.xml"],
        sitemaps=["https://example.org/sitemap.xml"],
    )


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html>", "\x00\x01binary", '<?xml version="1.0" encoding="utf-8"?><html/>',
     "\ud800 lone surrogate <link rel=alternate type=application/rss+xml href=/f>"],
)
def test_discover_links_survives_junk(html: str) -> None:
    found = discover_links(html, "https://example.org/")
    assert found.sitemaps == []
    assert found.feeds in ([], ["https://example.org/f"])


def test_robots_sitemaps() -> None:
    robots = """User-agent: *
Disallow: /private
Sitemap: https://example.org/sitemap_index.xml
sitemap:   https://example.org/news-sitemap.xml.gz
Sitemap: /relative.xml
Sitemap: ftp://example.org/x.xml
Sitemap: https://example.org/sitemap_index.xml
"""
    assert robots_sitemaps(robots) == ["https://example.org/sitemap_index.xml",
                                       "https://example.org/news-sitemap.xml.gz"]
    assert robots_sitemaps(robots, "https://example.org/robots.txt")[-1] == \
        "https://example.org/relative.xml"
    assert robots_sitemaps("") == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("feed2.rss", "feed"), ("feed1.atom", "feed"), ("feed.json", "feed"),
     ("sitemap.xml", "sitemap"), ("sitemap.xml.gz", "sitemap"),
     ("sitemap2.xml", "sitemap_index"), ("sitemap-hreflang.xml", "sitemap")],
)
def test_sniff_fixtures(name: str, kind: str) -> None:
    assert sniff_kind((WEB / name).read_bytes(), "application/octet-stream") == kind


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?>\n<!-- c --><rdf:RDF xmlns:rdf="x"></rdf:RDF>', None, "feed"),
        (b"\xef\xbb\xbf  <rss version='2.0'>", "text/html", "feed"),
        ('<?xml version="1.0" encoding="utf-16"?><feed/>'.encode("utf-16"), None, "feed"),
        (gzip.compress(b"<sitemapindex></sitemapindex>"), None, "sitemap_index"),
        (b"<!DOCTYPE html>\n<html lang=en><head>", None, "page"),
        (b"<!-- hi --><head><title>x</title>", None, "page"),
        (b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">'
         b'<html xmlns="http://www.w3.org/1999/xhtml">', None, "page"),
        (b"https://e.example/a\nhttps://e.example/b\n", "text/plain", "sitemap"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', None, "feed"),
        (b'{"version": 2}', "application/json", "unknown"),
        (b"plain words", "text/html; charset=utf-8", "page"),
        (b"plain words", "application/rss+xml", "feed"),
        (b"plain words", None, "unknown"),
        (b"", None, "unknown"),
        (b"\x1f\x8bnot gzip", None, "unknown"),
        (b"\x89PNG\r\n\x1a\n", "image/png", "unknown"),
    ],
)
def test_sniff_kind(data: bytes, content_type: str | None, kind: str) -> None:
    assert sniff_kind(data, content_type) == kind
