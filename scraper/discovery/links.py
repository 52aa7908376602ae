"""Find feeds and sitemaps for a site, and tell what a fetched URL returned.

- :func:`discover_links`: ``<link rel="alternate">`` feeds and ``<link rel="sitemap">``
  sitemaps in a home page, resolved against ``<base href>`` and the page URL.
- :func:`robots_sitemaps`: ``Sitemap:`` lines of a robots.txt (parsed by protego).
- :func:`sniff_kind`: feed, sitemap, sitemap index, page or unknown, from the first bytes
  and the Content-Type.

Pure: text or bytes in, values out. lxml's and protego's types stay in this module.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree
from lxml import html as lxml_html
from protego import Protego

from newsclean.scraper.boms import sniff_head
from newsclean.scraper.fetch.content_encoding import GZIP_MAGIC, Zlib
from newsclean.urls import absolute_url, unique

Kind = Literal["feed", "sitemap", "sitemap_index", "page", "unknown"]

#: ``type`` values of ``<link rel="alternate">`` that announce a feed
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
#: root element (local name, lower case) -> kind
ROOT_KINDS: dict[str, Kind] = {
    "rss": "feed", "feed": "feed", "rdf": "feed", "channel": "feed",
    "urlset": "sitemap", "sitemapindex": "sitemap_index", "html": "page",
}
CONTENT_TYPE_KINDS: dict[str, Kind] = {
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/feed+json": "feed",
    "text/html": "page", "application/xhtml+xml": "page",
}
_SNIFF_BYTES = 8192
_MAX_JSON_SNIFF = 20_000_000
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SKIP_MARKUP = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL | re.IGNORECASE)
_HTML_HINT = re.compile(rb"<!DOCTYPE\s+html|<(?:head|body|meta|title)\b", re.IGNORECASE)
_URL_LINE = re.compile(rb"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Discovered:
    """Feed and sitemap URLs announced by a page (absolute, http(s), without repeats)."""

    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def discover_links(html: str, base_url: str) -> Discovered:
    """Feeds from ``<link rel="alternate" type="application/(rss|atom)+xml|feed+json">``
    and sitemaps from ``<link rel="sitemap">``, in document order.

    URLs resolve against the first ``<base href>`` (itself resolved against ``base_url``),
    else ``base_url``. ``application/json`` alternates are not taken: on most sites they
    are API endpoints, not JSON Feeds.
    """
    root = _parse_html(html)
    if root is None:
        return Discovered()
    base = base_url
    for element in root.iter("base"):
        base = absolute_url(element.get("href"), base_url) or base_url
        break
    feeds: list[str] = []
    sitemaps: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        media = (link.get("type") or "").split(";")[0].strip().lower()
        url = absolute_url(link.get("href"), base)
        if url is None:
            continue
        if "alternate" in rels and media in FEED_TYPES:
            feeds.append(url)
        elif "sitemap" in rels:
            sitemaps.append(url)
    return Discovered(unique(feeds), unique(sitemaps))


def _parse_html(html: str) -> etree._Element | None:
    """Parse HTML leniently (encoded to UTF-8 so an XML declaration cannot trip lxml)."""
    data = html.encode("utf-8", errors="replace")
    if not data.strip():
        return None
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def robots_sitemaps(robots_txt: str, base_url: str | None = None) -> list[str]:
    """URLs of the ``Sitemap:`` lines of a robots.txt, in order, without repeats.

    RFC 9309 wants absolute URLs; relative ones are resolved against ``base_url`` when it
    is given and dropped otherwise. Only http(s) URLs are kept.
    """
    parsed = Protego.parse(robots_txt)
    urls = []
    for raw in parsed.sitemaps:
        url = absolute_url(raw, base_url or "")
        if url:
            urls.append(url)
    return unique(urls)


def sniff_kind(data: bytes, content_type: str | None) -> Kind:
    """What a URL returned: ``feed``, ``sitemap``, ``sitemap_index``, ``page`` or
    ``unknown``.

    The content decides first (servers often send feeds as ``text/html`` and sitemaps as
    ``application/octet-stream``): gzip is inflated a little and sniffed again, XML by its
    root element, JSON by a JSON Feed ``version``, text by URL-per-line. The Content-Type
    decides only when the content does not.
    """
    kind = _sniff_content(_gunzip_head(data) if data.startswith(GZIP_MAGIC) else data)
    if kind != "unknown":
        return kind
    media = (content_type or "").split(";")[0].strip().lower()
    return CONTENT_TYPE_KINDS.get(media, "unknown")


def _gunzip_head(data: bytes) -> bytes:
    """The first ``_SNIFF_BYTES`` inflated bytes of gzip ``data``, read across members.

    A first member that is empty or tiny does not hide the document in the next ones.
    Input goes in ``_SNIFF_BYTES`` slices and stops once the head is full, so a large
    file is not inflated further. A corrupt member ends the head at what came before it.
    """
    inflater = Zlib(gzip=True)
    head = bytearray()
    for start in range(0, len(data), _SNIFF_BYTES):
        inflater.feed(data[start:start + _SNIFF_BYTES])
        try:
            while len(head) < _SNIFF_BYTES and (out := inflater.read(_SNIFF_BYTES - len(head))):
                head += out
        except zlib.error:
            break
        if len(head) >= _SNIFF_BYTES:
            break
    return bytes(head)


def _sniff_content(data: bytes) -> Kind:
    head = sniff_head(data, _SNIFF_BYTES)
    if head.startswith((b"{", b"[")):
        return _sniff_json(data)
    if head.startswith(b"<"):
        return _sniff_markup(head)
    lines = [line.strip() for line in head.splitlines()[:20] if line.strip()]
    if lines and all(_URL_LINE.match(line) for line in lines):
        return "sitemap"
    return "unknown"


def _sniff_markup(head: bytes) -> Kind:
    match = _FIRST_TAG.search(_SKIP_MARKUP.sub(b"", head))
    if match:
        name = match[1].decode("ascii", errors="replace").rsplit(":", 1)[-1].lower()
        if name in ROOT_KINDS:
            return ROOT_KINDS[name]
    return "page" if _HTML_HINT.search(head) else "unknown"


def _sniff_json(data: bytes) -> Kind:
    if len(data) > _MAX_JSON_SNIFF:
        return "unknown"
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return "unknown"
    version = doc.get("version") if isinstance(doc, dict) else None
    if isinstance(version, str) and "jsonfeed.org/version" in version:
        return "feed"
    return "unknown"
