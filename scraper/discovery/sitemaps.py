"""Parse sitemaps (XML, sitemap index, news, hreflang, gzip, plain text) from bytes.

Pure: bytes in, :class:`Sitemap` out. XML goes through lxml with entity resolution, network access
and huge trees off, after :func:`reject_unsafe_dtd` has refused any DOCTYPE (no real sitemap has
one). lxml's types and errors stay in this module; every failure is a
:class:`~newsclean.errors.FeedError`. Walking an index is in
:mod:`newsclean.scraper.discovery.sitemap_walk`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from newsclean.errors import FeedError
from newsclean.scraper.boms import sniff_head, strip_bom
from newsclean.scraper.discovery.selection import parse_datetime
from newsclean.scraper.discovery.xml_safety import reject_unsafe_dtd
from newsclean.scraper.gunzip import maybe_gunzip
from newsclean.urls import absolute_url

#: the sitemap protocol's own limits: 50,000 URLs and 50 MB uncompressed per file
MAX_SITEMAP_URLS = 50_000
MAX_SITEMAP_BYTES = 50_000_000
#: an ``&`` that does not start a predefined entity or character reference (no DTD, so
#: only these five names exist); real sitemaps often have raw ``&`` in query strings
_STRAY_AMP = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """One ``<url>`` of a sitemap. Dates are aware UTC datetimes or None.

    ``alternates`` records hreflang ``<xhtml:link rel="alternate">`` entries as
    ``(hreflang, url)`` pairs; they are not added to the URL list.
    """

    url: str
    lastmod: datetime | None = None
    news_published: datetime | None = None
    news_title: str | None = None
    alternates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SitemapChild:
    """One ``<sitemap>`` of a sitemap index: the child's URL and its ``<lastmod>`` (an
    aware UTC datetime, None when missing or unreadable), when the child last changed."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: page URLs and, for an index, the child sitemaps to read next.

    ``truncated`` is true when ``max_urls`` cut the URL list.
    """

    urls: list[SitemapUrl] = field(default_factory=list)
    children: list[SitemapChild] = field(default_factory=list)
    is_index: bool = False
    truncated: bool = False


def parse_sitemap(data: bytes, base_url: str, *, max_urls: int = MAX_SITEMAP_URLS,
                  max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Parse sitemap bytes: ``<urlset>``, ``<sitemapindex>`` or one URL per line.

    Gzip is detected from the magic bytes and inflated up to ``max_bytes`` (a gzip bomb
    raises ``too_large``). Relative URLs resolve against ``base_url``; only http(s) URLs
    are kept, without repeats. Raises :class:`~newsclean.errors.FeedError` with ``reason``
    ``unsafe_xml``, ``too_large``, ``malformed`` or ``not_a_sitemap``.
    """
    data = maybe_gunzip(data, max_bytes)
    head = strip_bom(data).lstrip()
    if not head:
        raise FeedError("empty sitemap", reason="malformed")
    if not sniff_head(head).startswith(b"<"):  # also UTF-16 and UTF-32
        return _text_sitemap(head, base_url, max_urls)
    reject_unsafe_dtd(data, allow_doctype=False)
    if b"\x00" not in data[:200]:
        data = _STRAY_AMP.sub(b"&amp;", data)
    return _xml_sitemap(data, base_url, max_urls)


def _events(data: bytes) -> Iterator[tuple[str, etree._Element]]:
    """Stream parse events with lxml in recover mode, entities and network off."""
    return etree.iterparse(  # type: ignore[no-any-return]
        io.BytesIO(data), events=("start", "end"), recover=True, resolve_entities=False,
        no_network=True, huge_tree=False, load_dtd=False, remove_comments=True,
        remove_pis=True)


def _local(tag: object) -> str:
    """Local name of an lxml tag (``{ns}name`` -> ``name``), '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _text(element: etree._Element) -> str:
    return (element.text or "").strip()


def _xml_sitemap(data: bytes, base_url: str, max_urls: int) -> Sitemap:
    """Stream the XML: each top-level ``<url>``/``<sitemap>`` is read at its end tag, then
    freed, and parsing stops at ``max_urls``, so memory stays flat however long the file."""
    urls: dict[str, SitemapUrl] = {}
    children: dict[str, SitemapChild] = {}
    root: etree._Element | None = None
    truncated = False
    try:
        for event, element in _events(data):
            if root is None:
                root = _check_root(element)
            if event == "start" or element.getparent() is not root:
                continue
            name = _local(element.tag)
            if name == "url":
                if len(urls) >= max_urls:
                    truncated = True
                    break
                entry = _url_entry(element, base_url)
                if entry and entry.url not in urls:
                    urls[entry.url] = entry
            elif name == "sitemap":
                child = _child_entry(element, base_url)
                if child and child.url not in children:
                    children[child.url] = child
            _free(element)
    except (etree.XMLSyntaxError, ValueError) as exc:
        if root is None:
            raise FeedError(f"sitemap XML could not be parsed: {exc}",
                            reason="malformed") from exc
    if root is None:
        raise FeedError("sitemap XML has no root element", reason="malformed")
    is_index = _local(root.tag) == "sitemapindex"
    return Sitemap(list(urls.values()), list(children.values()), is_index, truncated)


def _check_root(element: etree._Element) -> etree._Element:
    name = _local(element.tag)
    if name not in ("urlset", "sitemapindex"):
        raise FeedError(f"root element <{name}> is not a sitemap", reason="not_a_sitemap")
    return element


def _free(element: etree._Element) -> None:
    """Drop a finished element and the siblings before it from the tree."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child called ``name`` (any namespace)."""
    for child in element:
        if _local(child.tag) == name:
            return _text(child)
    return None


def _url_entry(element: etree._Element, base_url: str) -> SitemapUrl | None:
    """One ``<url>``: ``loc``, ``lastmod``, ``news:news`` and hreflang alternates.

    Only direct children count, so an ``<image:loc>`` is never taken for the page URL.
    """
    loc = lastmod = published = title = None
    alternates: list[tuple[str, str]] = []
    for child in element:
        name = _local(child.tag)
        if name == "loc" and loc is None:
            loc = absolute_url(_text(child), base_url)
        elif name == "lastmod":
            lastmod = parse_datetime(_text(child))
        elif name == "news":
            published = parse_datetime(_child_text(child, "publication_date"))
            title = _child_text(child, "title") or None
        elif name == "link" and child.get("hreflang") is not None:
            href = absolute_url(child.get("href"), base_url)
            if href:
                alternates.append((child.get("hreflang", "").strip(), href))
    if loc is None:
        return None
    return SitemapUrl(loc, lastmod, published, title, tuple(alternates))


def _child_entry(element: etree._Element, base_url: str) -> SitemapChild | None:
    """One ``<sitemap>`` of an index: ``loc`` and ``lastmod`` (read like a URL's)."""
    url = absolute_url(_child_text(element, "loc"), base_url)
    if not url:
        return None
    return SitemapChild(url, parse_datetime(_child_text(element, "lastmod")))


def _text_sitemap(data: bytes, base_url: str, max_urls: int) -> Sitemap:
    """Plain-text sitemap: one absolute URL per line; other lines are ignored."""
    urls: dict[str, SitemapUrl] = {}
    truncated = False
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line.lower().startswith(("http://", "https://")):
            continue
        url = absolute_url(line, base_url)
        if url and url not in urls:
            if len(urls) >= max_urls:
                truncated = True
                break
            urls[url] = SitemapUrl(url)
    if not urls:
        raise FeedError("text sitemap without any http(s) URL line", reason="not_a_sitemap")
    return Sitemap(list(urls.values()), truncated=truncated)
