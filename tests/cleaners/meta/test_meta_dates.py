"""Choosing a page date: URL dates, zone repair between candidates, dateline elements, the
extensive search (newsclean's parser where htmldate would call dateparser)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.meta.dates import choose, htmldate_dates, url_date
from newsclean.cleaners.meta.extensive import extensive_date
from newsclean.dates import parse_date


@pytest.mark.parametrize(("url", "found"), [
    ("https://metro.co.uk/2024/07/17/king-speech-1234/", date(2024, 7, 17)),
    ("https://x.test/news/2024-04-30-georgia", date(2024, 4, 30)),
    ("http://politics.people.com.cn/n1/2024/0424/c1001-1.html", date(2024, 4, 24)),
    ("https://x.test/article/20230115/story", date(2023, 1, 15)),
    ("https://x.test/security/topics/alert20190402.html", date(2019, 4, 2)),
    ("https://x.test/p/5f3a20190402/", None),        # inside a hex id
    ("https://x.test/p/a120190402/", None),          # after a digit
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


@pytest.mark.parametrize(("line", "day"), [
    ("2019年3月15日 09:43", "2019-03-15"),            # htmldate's patterns read no CJK form
    ("Actualizado: Miércoles, 15 de Abril de 2020", "2020-04-15"),
    ("Posted on Jan 15,2008 by staff", "2008-01-15"),
])
def test_extensive_search_reads_what_htmldate_cannot(line: str, day: str) -> None:
    tree = parse_html(_dated_by_text_only(f"<span>{line}</span>"))
    assert [d.value.date().isoformat() for d in htmldate_dates(tree, None)] == [day]


def test_extensive_search_takes_the_oldest_text_date() -> None:
    page = ("<html><body><div><h2>Club news</h2><p>First posted 3 May 2021</p>"
            "<p>Edited 9 June 2022</p><p>The club met on the river bank.</p></div></body></html>")
    found = extensive_date(parse_html(page), "en")
    assert found is not None and found.value.date() == date(2021, 5, 3)


def test_a_date_with_a_price_or_out_of_range_is_no_date() -> None:
    """htmldate's gates hold for newsclean's parser too: no currency, a plausible year."""
    for line in ("¥2500 2019年3月15日", "2150年3月15日"):
        assert htmldate_dates(parse_html(_dated_by_text_only(line)), None) == []


def test_page_path_never_imports_dateparser(tmp_path: Path) -> None:
    """The whole page path (the pipeline on a page whose only date needs the extensive
    search) in a fresh interpreter: dateparser is not even imported."""
    page = tmp_path / "page.html"
    page.write_text(_dated_by_text_only("Madrid, miércoles 15 de abril de 2020"),
                    encoding="utf-8")
    script = ("import sys; from newsclean.cleaners.page import clean_page; "
              "from newsclean.config import CleanOptions; "
              "from newsclean.records import DecodedPage; "
              f"text = open({str(page)!r}, encoding='utf-8').read(); "
              "a = clean_page(DecodedPage(index=0, source='p', text=text), CleanOptions()); "
              "print(a.meta.published, 'dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.split() == ["2020-04-15", "False"]


@pytest.mark.parametrize(("utc", "local", "iso"), [
    # the same instant with the page's own offset (a meta value, a visible dateline)
    ("2019-10-18T22:04:00Z", "Sat, 19 Oct 2019 00:04:00 +0200", "2019-10-19T00:04:00+02:00"),
    # a local time without zone: the difference of the wall clocks is the offset
    ("2023-11-09T06:35:29+00:00", "2023-11-08 22:35:29", "2023-11-08T22:35:29-08:00"),
    ("2020-02-25T02:25:54Z", "2020-02-24 21:25", "2020-02-24T21:25:54-05:00"),
    ("2021-03-01T10:15:07Z", "2021-03-01 15:45:07", "2021-03-01T15:45:07+05:30"),
])
def test_utc_time_is_given_in_the_local_offset_another_source_shows(
        utc: str, local: str, iso: str) -> None:
    best = choose([_p(utc, "json-ld"), _p(local, "meta")])
    assert best is not None and (best.iso, best.source) == (iso, "json-ld")


@pytest.mark.parametrize("other", [
    "2023-11-08 22:36:29",           # other minutes: another event, not the same instant
    "2023-11-08 22:35:28",           # other seconds
    "2023-11-08 23:05",              # half an hour off, to the minute only: chance
    "2023-11-07 22:35:29",           # more than 14 hours apart
    "2023-11-08",                    # no time of day
    "2023-11-08T22:35:29-08:30",     # an offset, but for another instant
    "2023-11-08 18:35:29",           # twelve hours behind: p.m. read as a.m., no zone
])
def test_utc_time_stays_utc_without_the_same_instant_elsewhere(other: str) -> None:
    best = choose([_p("2023-11-09T06:35:29Z", "json-ld"), _p(other, "meta")])
    assert best is not None and best.iso == "2023-11-09T06:35:29+00:00"


@pytest.mark.parametrize(("line", "day"), [
    ("01.02.2022 The rowing club took in more members in January than ever before in a "
     "winter month, the board said.", "2022-02-01"),
    ("Published on the 1st: February 1, 2022, after the vote of the members.", "2022-02-01"),
])
def test_a_first_of_the_month_written_in_full_is_a_day(line: str, day: str) -> None:
    tree = parse_html(_dated_by_text_only(line))
    assert [d.value.date().isoformat() for d in htmldate_dates(tree, None)] == [day]


def test_a_clock_without_zone_that_is_the_utc_time_of_a_zoned_one_takes_its_offset() -> None:
    # <time datetime="2016-11-29T15:00:19"> beside a dateline "10:00am EST": UTC without "Z"
    best = choose([_p("2016-11-29T15:00:19", "time"), _p("2016-11-29T10:00:00-05:00", "dateline")])
    assert best is not None and (best.iso, best.source) == ("2016-11-29T10:00:19-05:00", "time")
    # another clock says nothing about it
    kept = choose([_p("2016-11-29T15:00:19", "time"), _p("2016-11-29T12:00:00-05:00", "dateline")])
    assert kept is not None and kept.iso == "2016-11-29T15:00:19"


@pytest.mark.parametrize(("raw", "iso"), [
    ("2018-10-29T10:15-500", "2018-10-29T10:15:00-05:00"),     # an offset hour of one digit
    ("2018-10-29T10:15+530", "2018-10-29T10:15:00+05:30"),
    ("2018-10-29T10:15-0500", "2018-10-29T10:15:00-05:00"),
])
def test_iso_offsets_of_three_and_four_digits(raw: str, iso: str) -> None:
    assert _p(raw, "meta").iso == iso


def test_microdata_date_and_a_dateline_in_the_page() -> None:
    from newsclean.cleaners.meta.extract import extract_metadata
    from tests.cleaners.meta.conftest import page

    body = ('<h1>Ferry service resumes</h1><span class="author-timestamp" itemprop="datePublished"'
            ' content="2018-10-29T10:15-500">October 29, 2018</span><p>The ferry ran.</p>')
    meta = extract_metadata(page("", body), strict=True)
    assert (meta.published, meta.origin("published")) == ("2018-10-29T10:15:00-05:00", "meta")
    body = ('<h1>Ferry service resumes</h1><time datetime="2016-11-29T15:00:19"></time>'
            '<div class="date">Nov 29, 2016, 10:00am EST</div><p>The ferry ran.</p>')
    meta = extract_metadata(page("", body), strict=True)
    assert meta.published == "2016-11-29T10:00:19-05:00"


def test_a_dateline_gives_a_utc_time_its_local_offset() -> None:
    from newsclean.cleaners.meta.extract import extract_metadata
    from tests.cleaners.meta.conftest import page

    head = '<meta property="article:published_time" content="2020-02-25T02:25:54Z">'
    body = ('<h1>Ferry service resumes</h1><div class="date">February 24, 2020 | 9:25pm</div>'
            '<p>The ferry ran.</p>')
    meta = extract_metadata(page(head, body), strict=True)
    assert (meta.published, meta.origin("published")) == ("2020-02-24T21:25:54-05:00", "meta")
