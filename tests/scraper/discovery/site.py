"""A small news site for the discovery tests, served by the fetcher tests' loopback server.

Articles ``/a1`` .. ``/a9``; ``NEW`` dates are after :data:`SINCE`, ``OLD`` ones before.
Routes: ``/`` (home page linking the RSS and Atom feeds), ``/robots.txt`` (allows all,
``Sitemap: /sitemap_index.xml``), ``/feed.xml`` (RSS), ``/atom.xml`` (Atom),
``/sitemap_index.xml`` (index of a gzipped child and a news sitemap), ``/bomb.xml``
(billion laughs), ``/loop.xml`` and ``/loop2.xml`` (an index that lists itself),
``/archive_index.xml`` (an index whose ``<lastmod>`` dates the children
``/archive-2026-09.xml`` as OLD, ``/archive-2026-11.xml`` as NEW, ``/archive-latest.xml``
not at all).
"""

from __future__ import annotations

import gzip
import re

from tests.scraper.fetch.server import Server, fixed

SINCE = "2026-11-01"
NEW = "2026-11-20T08:00:00Z"
OLD = "2026-10-01T08:00:00Z"
RFC_NEW = "Fri, 20 Nov 2026 08:00:00 GMT"
RFC_OLD = "Thu, 01 Oct 2026 08:00:00 GMT"
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def article(n: int) -> bytes:
    """An article page with enough words to be kept."""
    paragraphs = "".join(
        f"<p>Paragraph {i} of story number {n}, about the harbour, the council and the "
        f"people who live by the water, told in plain words.</p>" for i in range(5))
    return (f"<!doctype html><html><head><title>Story {n}</title></head><body><article>"
            f"<h1>Story {n}</h1>{paragraphs}</article></body></html>").encode()


def rss(server: Server, items: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<item><title>{path}</title><link>{server.url(path)}</link>"
                   f"<pubDate>{date}</pubDate></item>" for path, date in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{server.url('/')}</link>{body}</channel></rss>").encode()


def atom(server: Server, items: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<entry><title>{path}</title><link href="{server.url(path)}"/>'
                   f"<id>{path}</id><updated>{date}</updated></entry>" for path, date in items)
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
            f"<id>x</id><updated>{NEW}</updated>{body}</feed>").encode()


def urlset(server: Server, items: list[tuple[str, str]], news: bool = False) -> bytes:
    if news:
        entries = "".join(
            f"<url><loc>{server.url(path)}</loc><news:news><news:publication_date>{date}"
            f"</news:publication_date><news:title>{path}</news:title></news:news></url>"
            for path, date in items)
        return f'<?xml version="1.0"?><urlset {SM} {NEWS}>{entries}</urlset>'.encode()
    entries = "".join(f"<url><loc>{server.url(path)}</loc><lastmod>{date}</lastmod></url>"
                      for path, date in items)
    return f'<?xml version="1.0"?><urlset {SM}>{entries}</urlset>'.encode()


def index(server: Server, *paths: str) -> bytes:
    body = "".join(f"<sitemap><loc>{server.url(path)}</loc></sitemap>" for path in paths)
    return f'<?xml version="1.0"?><sitemapindex {SM}>{body}</sitemapindex>'.encode()


def dated_index(server: Server, *children: tuple[str, str | None]) -> bytes:
    """A sitemap index whose children carry a ``<lastmod>`` (None: no lastmod element)."""
    body = "".join(f"<sitemap><loc>{server.url(path)}</loc>"
                   + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</sitemap>"
                   for path, lastmod in children)
    return f'<?xml version="1.0"?><sitemapindex {SM}>{body}</sitemapindex>'.encode()


BOMB = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                   for i in range(9))
        + b']><rss version="2.0"><channel><title>&j;</title></channel></rss>')


def serve_site(server: Server) -> Server:
    """Install the site's routes on ``server`` (see the module docstring)."""
    routes = server.routes
    for n in range(1, 10):
        routes[f"/a{n}"] = fixed(body=article(n), content_type="text/html; charset=utf-8")
    routes["/robots.txt"] = fixed(
        body=f"User-agent: *\nAllow: /\nSitemap: {server.url('/sitemap_index.xml')}\n".encode(),
        content_type="text/plain")
    routes["/"] = fixed(body=(
        b'<html><head><title>Home</title><link rel="alternate" type="application/rss+xml" '
        b'href="/feed.xml"><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        b"</head><body><p>Front page</p></body></html>"))
    routes["/feed.xml"] = fixed(body=rss(server, [("/a1", RFC_NEW), ("/a2", RFC_OLD)]),
                                content_type="application/rss+xml")
    routes["/atom.xml"] = fixed(body=atom(server, [("/a3", NEW), ("/a1", NEW)]),
                                content_type="application/atom+xml")
    routes["/sitemap_index.xml"] = fixed(
        body=index(server, "/sitemap-pages.xml.gz", "/news-sitemap.xml"),
        content_type="application/xml")
    routes["/sitemap-pages.xml.gz"] = fixed(
        body=gzip.compress(urlset(server, [("/a4", NEW), ("/a1", NEW), ("/a5", OLD)])),
        content_type="application/x-gzip")
    routes["/news-sitemap.xml"] = fixed(
        body=urlset(server, [("/a6", NEW), ("/a7", OLD)], news=True), content_type="text/xml")
    routes["/bomb.xml"] = fixed(body=BOMB, content_type="application/rss+xml")
    routes["/loop.xml"] = fixed(body=index(server, "/loop.xml", "/loop2.xml"),
                                content_type="application/xml")
    routes["/loop2.xml"] = fixed(body=index(server, "/loop.xml", "/loop-pages.xml"),
                                 content_type="application/xml")
    routes["/loop-pages.xml"] = fixed(body=urlset(server, [("/a8", NEW), ("/a9", NEW)]),
                                      content_type="application/xml")
    routes["/archive_index.xml"] = fixed(
        body=dated_index(server, ("/archive-2026-09.xml", OLD),
                         ("/archive-2026-11.xml", "2026-11-20T09:00:00+01:00"),
                         ("/archive-latest.xml", None)),
        content_type="application/xml")
    routes["/archive-2026-09.xml"] = fixed(
        body=urlset(server, [("/a2", OLD), ("/a5", OLD)]), content_type="application/xml")
    routes["/archive-2026-11.xml"] = fixed(
        body=urlset(server, [("/a4", NEW), ("/a7", OLD)]), content_type="application/xml")
    routes["/archive-latest.xml"] = fixed(
        body=urlset(server, [("/a6", NEW), ("/a8", NEW)]), content_type="application/xml")
    return server


def article_hits(server: Server) -> dict[str, int]:
    """Hits per article path (only the ones requested)."""
    return {path: n for path, n in server.hits.items() if re.fullmatch(r"/a\d+", path) and n}
