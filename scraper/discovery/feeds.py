"""Parse RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed bytes into :class:`FeedEntry`.

Pure: bytes in, records out. feedparser is only ever given an ``io.BytesIO`` (given a
string it would open URLs or files), and only after :func:`reject_unsafe_dtd` has refused
entity declarations. feedparser's and json's types and errors stay in this module; every
failure is a :class:`~newsclean.errors.FeedError`.
"""

from __future__ import annotations

import calendar
import io
import json
import time
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsclean.errors import FeedError
from newsclean.scraper.boms import sniff_head
from newsclean.scraper.discovery.selection import parse_datetime
from newsclean.scraper.discovery.xml_safety import reject_unsafe_dtd
from newsclean.scraper.gunzip import maybe_gunzip
from newsclean.urls import absolute_url

#: default cap on a feed document, after gzip decompression
MAX_FEED_BYTES = 20_000_000
#: default cap on entries read from one feed
MAX_ENTRIES = 10_000
#: default cap on ``<`` characters in an XML feed. feedparser spends ~25 us per tag in pure
#: Python, twice when the strict parser fails and the loose one runs: this bounds a hostile
#: feed of tiny tags to seconds of CPU. Real news feeds have a few thousand to ~50,000.
MAX_FEED_MARKUP = 150_000
_FEED_ERRORS = (ValueError, TypeError, LookupError, AttributeError, OverflowError,
                RecursionError, xml.sax.SAXException)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item: its absolute http(s) URL, title and date (aware UTC, or None).

    ``published`` is the item's publication date, or its update date when it has none.
    """

    url: str
    title: str | None = None
    published: datetime | None = None


def parse_feed(data: bytes, base_url: str, *, max_bytes: int = MAX_FEED_BYTES,
               max_entries: int = MAX_ENTRIES,
               max_markup: int = MAX_FEED_MARKUP) -> list[FeedEntry]:
    """Parse a feed document into entries, in feed order, without repeated URLs.

    ``base_url`` is the feed's own URL: relative links resolve against it (and against
    ``xml:base`` where the feed sets one). Entries without an http(s) link are dropped.
    Gzip input is inflated (capped at ``max_bytes``); an XML feed with more than
    ``max_markup`` ``<`` characters is refused as ``too_large`` (CPU bound). Raises
    :class:`~newsclean.errors.FeedError` with ``reason`` ``unsafe_xml``, ``too_large``,
    ``malformed`` or ``not_a_feed``.
    """
    data = maybe_gunzip(data, max_bytes)
    if sniff_head(data).startswith(b"{"):
        entries = _json_feed_entries(data, base_url)
    else:
        reject_unsafe_dtd(data, allow_doctype=True)
        if data.count(b"<") > max_markup:
            raise FeedError(f"feed has over {max_markup} tags", reason="too_large")
        entries = _xml_feed_entries(data, base_url)
    seen: set[str] = set()
    result = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            result.append(entry)
            if len(result) >= max_entries:
                break
    return result


def _xml_feed_entries(data: bytes, base_url: str) -> list[FeedEntry]:
    """RSS, RDF and Atom through feedparser (strict parser first, loose one on bad XML)."""
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers={"content-location": base_url},
            resolve_relative_uris=False,
        )
    except _FEED_ERRORS as exc:
        raise FeedError(f"feed could not be parsed: {exc!r}", reason="malformed") from exc
    if not parsed.get("version") and not parsed.get("entries"):
        raise FeedError("not an RSS, RDF or Atom feed", reason="not_a_feed")
    entries = []
    for item in parsed.get("entries", []):
        url = absolute_url(_entry_link(item), base_url)
        if url:
            entries.append(FeedEntry(url, _clean_title(item.get("title")), _entry_date(item)))
    return entries


def _entry_link(item: Any) -> str | None:
    """The entry's link: feedparser's ``link``, else its first ``rel=alternate`` link.

    Atom ``rel="self"`` links point at the entry document, not the article, and are not
    used; neither is an RSS ``guid`` that is not a permalink.
    """
    link = item.get("link")
    if isinstance(link, str) and link.strip():
        return link
    for candidate in item.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    return None


def _entry_date(item: Any) -> datetime | None:
    """Published date, else updated date, from feedparser's UTC ``struct_time`` values."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = item.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean_title(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    title = " ".join(value.split())
    return title or None


def _json_feed_entries(data: bytes, base_url: str) -> list[FeedEntry]:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"invalid JSON: {exc}", reason="malformed") from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version" not in version:
        raise FeedError("JSON document is not a JSON Feed", reason="not_a_feed")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("JSON Feed without an 'items' list", reason="malformed")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = absolute_url(item.get("url"), base_url)
        if url:
            published = (parse_datetime(item.get("date_published"))
                         or parse_datetime(item.get("date_modified")))
            entries.append(FeedEntry(url, _clean_title(item.get("title")), published))
    return entries
