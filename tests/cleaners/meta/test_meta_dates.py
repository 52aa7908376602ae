"""Choosing a page date: URL dates, zone repair between candidates, dateline elements."""

from __future__ import annotations

from datetime import date

import pytest

from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.meta.dates import choose, htmldate_dates, url_date
from newsclean.dates import parse_date


@pytest.mark.parametrize(("url", "found"), [
    ("https://metro.co.uk/2024/07/17/king-speech-1234/", date(2024, 7, 17)),
    ("https://x.test/news/2024-04-30-georgia", date(2024, 4, 30)),
    ("http://politics.people.com.cn/n1/2024/0424/c1001-1.html", date(2024, 4, 24)),
    ("https://x.test/article/20230115/story", date(2023, 1, 15)),
    ("https://x.test/2024/13/45/bad", None),
    ("https://x.test/story/12345", None),
    (None, None),
])
def test_url_date(url: str | None, found: date | None) -> None:
    assert url_date(url) == found


def _p(raw: str, source: str) -> object:
    parsed = parse_date(raw, source=source)
    assert parsed is not None
    return parsed


def test_jsonld_offset_beats_og_z_for_the_same_wall_clock() -> None:
    best = choose([_p("2024-07-17T11:21:03Z", "meta"), _p("2024-07-17T11:21:03+01:00", "json-ld")])
    assert best is not None and (best.iso, best.source) == ("2024-07-17T11:21:03+01:00", "json-ld")


def test_first_source_wins_when_times_differ() -> None:
    best = choose([_p("2025-01-28T11:30:00+00:00", "json-ld"),
                   _p("2025-01-28T02:39:19+00:00", "meta")])
    assert best is not None and best.iso == "2025-01-28T11:30:00+00:00"


def test_naive_value_stays_naive_unless_another_gives_its_zone() -> None:
    alone = choose([_p("2026-04-20T14:09:42", "json-ld")])
    assert alone is not None and alone.iso == "2026-04-20T14:09:42"
    zoned = choose([_p("2023-04-28T18:41:00", "meta"), _p("2023-04-28T18:41:00+02:00", "time")])
    assert zoned is not None and zoned.iso == "2023-04-28T18:41:00+02:00"


def test_date_only_takes_time_from_same_day() -> None:
    best = choose([_p("2024-11-22", "meta"), _p("2024-11-22T06:57:50+00:00", "time")])
    assert best is not None and best.iso == "2024-11-22T06:57:50+00:00"


def test_choose_nothing() -> None:
    assert choose([]) is None


def _dated_by_text_only(line: str) -> str:
    return ("<html><head><title>Club news</title></head><body><div class='entry'>"
            f"<h2>Club news</h2><div>{line}</div><p>The club met on the river bank and "
            "planted forty young trees along the path.</p></div></body></html>")


def test_extensive_search_finds_a_day_written_in_text() -> None:
    tree = parse_html(_dated_by_text_only("Pressemitteilung vom 20.01.2022"))
    assert [d.value.date().isoformat() for d in htmldate_dates(tree, None)] == ["2022-01-20"]


@pytest.mark.parametrize("line", ["Copyright 2024 Club News. All rights reserved.",
                                  "Archive: May 2024"])
def test_month_or_year_without_a_day_is_no_date(line: str) -> None:
    assert htmldate_dates(parse_html(_dated_by_text_only(line)), None) == []
