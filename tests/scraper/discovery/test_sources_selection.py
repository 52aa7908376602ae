"""parse_since, parse_datetime and select_recent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsclean.dates import parse_since
from newsclean.errors import ConfigError
from newsclean.scraper.discovery.feeds import FeedEntry
from newsclean.scraper.discovery.selection import parse_datetime, select_recent
from newsclean.scraper.discovery.sitemaps import SitemapUrl

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
        (" 2026-11-01T08:00:00Z ", datetime(2026, 11, 1, 8, tzinfo=UTC)),
        ("2026-11-01T08:00:00+02:00", datetime(2026, 11, 1, 6, tzinfo=UTC)),
        ("2026-11-01 08:00", datetime(2026, 11, 1, 8, tzinfo=UTC)),
        ("2d", NOW - timedelta(days=2)),
        ("12h", NOW - timedelta(hours=12)),
        ("30m", NOW - timedelta(minutes=30)),
        ("1w", NOW - timedelta(weeks=1)),
        ("45s", NOW - timedelta(seconds=45)),
        ("3D", NOW - timedelta(days=3)),
        ("0h", NOW),
    ],
)
def test_parse_since(value: str, expected: datetime) -> None:
    result = parse_since(value, NOW)
    assert result == expected and result.tzinfo == UTC


def test_parse_since_naive_now_is_utc() -> None:
    assert parse_since("1d", NOW.replace(tzinfo=None)) == NOW - timedelta(days=1)


@pytest.mark.parametrize("value", ["", "yesterday", "2x", "-2d", "2 days", "2026-13-01",
                                   "d", "1.5h", "999999w", "2026/11/01"])
def test_parse_since_rejects(value: str) -> None:
    with pytest.raises(ConfigError, match="--since"):
        parse_since(value, NOW)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-11-21", datetime(2016, 11, 21, tzinfo=UTC)),
        ("2004-10-01T18:23:17+00:00", datetime(2004, 10, 1, 18, 23, 17, tzinfo=UTC)),
        ("2021-10-29T10:26:00-04:00", datetime(2021, 10, 29, 14, 26, tzinfo=UTC)),
        ("2005-01", datetime(2005, 1, 1, tzinfo=UTC)),
        ("2005", datetime(2005, 1, 1, tzinfo=UTC)),
        ("Sun, 06 Sep 2009 16:20:00 +0000", datetime(2009, 9, 6, 16, 20, tzinfo=UTC)),
        ("Sun, 06 Sep 2009 16:20:00 GMT", datetime(2009, 9, 6, 16, 20, tzinfo=UTC)),
        ("0001-01-01T00:00:00+05:00", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (20261101, None),
    ],
)
def test_parse_datetime(value: object, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


def test_select_recent_keeps_undated_entries_and_order() -> None:
    since = datetime(2026, 11, 1, tzinfo=UTC)
    old = FeedEntry("https://e.example/old", published=datetime(2026, 10, 31, 23, tzinfo=UTC))
    new = FeedEntry("https://e.example/new", published=since)
    undated = FeedEntry("https://e.example/undated")
    news = SitemapUrl("https://e.example/news", lastmod=datetime(2026, 11, 20, tzinfo=UTC),
                      news_published=datetime(2026, 10, 1, tzinfo=UTC))
    modified = SitemapUrl("https://e.example/mod", lastmod=datetime(2026, 11, 2, tzinfo=UTC))
    entries = [old, new, undated, news, modified]
    assert select_recent(entries, since) == [new, undated, modified]


def test_select_recent_with_naive_and_offset_since() -> None:
    entry = FeedEntry("https://e.example/a", published=datetime(2026, 11, 1, 5, tzinfo=UTC))
    assert select_recent([entry], datetime(2026, 11, 1, 5)) == [entry]
    plus_one = timezone(timedelta(hours=1))
    assert select_recent([entry], datetime(2026, 11, 1, 6, 1, tzinfo=plus_one)) == []
