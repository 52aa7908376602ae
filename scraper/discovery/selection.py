"""Dates of feed and sitemap entries, and selecting the recent ones before any fetch.

``--since 2026-11-01`` or ``--max-age 2d`` become one aware UTC datetime via
:func:`newsclean.dates.parse_since` (in the core: the configuration reads it too);
:func:`select_recent` then keeps the entries dated on or after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TypeVar

from newsclean.dates import as_utc, parse_date

T = TypeVar("T")

#: entry attributes holding a date, in order of preference
DATE_FIELDS = ("published", "news_published", "lastmod")
#: W3C datetime forms that are no day: ``YYYY`` and ``YYYY-MM`` (the first day is taken)
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_datetime(value: object) -> datetime | None:
    """Parse a feed or sitemap date (W3C/ISO 8601, RFC 2822, or any form
    :func:`newsclean.dates.parse_date` reads) to an aware UTC datetime.

    Returns None for anything else (non-strings, empty, unreadable or implausible values): a
    bad date in a feed or sitemap is not a reason to drop the entry. Dates without a time
    are midnight UTC; dates without a zone are taken as UTC.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    match = _YEAR_MONTH.match(text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2] or 1), 1, tzinfo=UTC)
        except ValueError:
            return None
    parsed = parse_date(text)
    return as_utc(parsed.value) if parsed else None


def entry_date(entry: object) -> datetime | None:
    """The first date found on ``entry`` among :data:`DATE_FIELDS`, or None."""
    for name in DATE_FIELDS:
        value = getattr(entry, name, None)
        if isinstance(value, datetime):
            return as_utc(value)
    return None


def select_recent(entries: Iterable[T], since: datetime) -> list[T]:
    """Keep the entries dated on or after ``since`` (a naive ``since`` is taken as UTC).

    The date is the first of ``published``, ``news_published``, ``lastmod`` that the entry has
    (:class:`~newsclean.scraper.discovery.feeds.FeedEntry`,
    :class:`~newsclean.scraper.discovery.sitemaps.SitemapUrl`).

    Entries with no date are **kept**: many feeds and sitemaps omit dates, and dropping
    those would silently lose whole sites; the page's own date can still be checked after
    extraction. Order is preserved.
    """
    cutoff = as_utc(since)
    kept = []
    for entry in entries:
        when = entry_date(entry)
        if when is None or when >= cutoff:
            kept.append(entry)
    return kept
