"""The one date parser: zones kept, naive kept naive, no day/month swaps, and the forms
the HTML, text and feed paths each knew before they shared it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from newsclean.dates import ParsedDate, find_date, parse_date, zone_offset


@pytest.mark.parametrize(("raw", "iso"), [
    ("2025-06-05T14:46:12+02:00", "2025-06-05T14:46:12+02:00"),
    ("2024-11-26T13:27:18.000Z", "2024-11-26T13:27:18+00:00"),
    ("2026-06-05T17:20:55+0000", "2026-06-05T17:20:55+00:00"),
    ("2024-04-30 16:17:29 +02:00", "2024-04-30T16:17:29+02:00"),
    ("2024-04-27T07:39+0200", "2024-04-27T07:39:00+02:00"),
    ("2025-02-12T07:25:30.9996320", "2025-02-12T07:25:30"),
    ("2026-04-20T14:09:42.493", "2026-04-20T14:09:42"),
    ("2025-06-30", "2025-06-30"),
    ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),
    ("Mon, 05 Aug 2024 12:47:21 GMT", "2024-08-05T12:47:21+00:00"),
    ("Fri Apr 28 2023 17:52:31 GMT+0000 (Coordinated Universal Time)",
     "2023-04-28T17:52:31+00:00"),
])
def test_parse_date_keeps_the_zone_given(raw: str, iso: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize("junk", ["", "5m", "1761135952", "yesterday", "0000-00-00",
                                  "1850-01-01", "3025-01-01T00:00:00Z", "99/99/2024",
                                  # no day (dateutil alone would fill in today's)
                                  "May 2024", "Sep 2023 10:27", "10:27 EDT"])
def test_junk_is_no_date(junk: str) -> None:
    assert parse_date(junk) is None


@pytest.mark.parametrize(("raw", "lang", "hint", "expected"), [
    ("05/06/2025", "de", None, date(2025, 6, 5)),
    ("05/06/2025", "en-US", None, date(2025, 5, 6)),
    ("05/06/2025", "en-US", date(2025, 6, 5), date(2025, 6, 5)),
    ("05/06/2025", "fr", date(2025, 5, 6), date(2025, 5, 6)),
    ("13/06/2025", "en-US", None, date(2025, 6, 13)),
    ("06.05.2025", None, None, date(2025, 5, 6)),
])
def test_day_month_ambiguity(raw: str, lang: str | None, hint: date | None,
                             expected: date) -> None:
    parsed = parse_date(raw, language=lang, hint=hint)
    assert parsed is not None and parsed.value.date() == expected


@pytest.mark.parametrize(("text", "iso"), [
    ("Do 25.04.24 | 14:07 Uhr | Von Eva", "2024-04-25T14:07:00"),
    ("28. April 2024, 14:26 Uhr", "2024-04-28T14:26:00"),
    ("Posted: Aug 08, 2024 4:00 AM EDT", "2024-08-08T04:00:00-04:00"),
    ("Lunes, 2 diciembre 2024 - 02:24", "2024-12-02T02:24:00"),
    ("Stand: 15.04.2026 14:36 Uhr MESZ", "2026-04-15T14:36:00+02:00"),
    ("May 15th, 2023", "2023-05-15"),
    ("Publicado el 2 de diciembre de 2024, 10:16", "2024-12-02T10:16:00"),
    ("Mis à jour le 30 août 2023 à 14h52", "2023-08-30T14:52:00"),
    # the year glued to the next word: text_content() joins a byline's parts without space
    ("08/08/2017durch Stephan", "2017-08-08"),
    ("Jan. 15, 2008By Jane Doe", "2008-01-15"),
])
def test_find_date(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


# Where the HTML, text and feed copies disagreed, the better reading now holds on every path.
@pytest.mark.parametrize(("text", "iso"), [
    # time before the date, with a US generic zone (the HTML path gave only the day)
    ("Published 3:04 p.m. ET July 11, 2018", "2018-07-11T15:04:00-04:00"),
    ("Published 3:04 p.m. ET Jan. 11, 2018", "2018-01-11T15:04:00-05:00"),
    ("July 4, 2021 10:00 a. m. PT", "2021-07-04T10:00:00-07:00"),
    # zones only the text path knew
    ("July 11, 2018 3:04 PM HKT", "2018-07-11T15:04:00+08:00"),
    ("12 March 2021 09:00 NZDT", "2021-03-12T09:00:00+13:00"),
    # numeric offsets after a written time
    ("Jul 11, 2023 10:00 -0500", "2023-07-11T10:00:00-05:00"),
    ("Jul 11, 2023 10:00 p.m. GMT+2:00", "2023-07-11T22:00:00+02:00"),
    # months only one side knew: Italian/Spanish abbreviations (text), Dutch/Portuguese (HTML)
    ("12 gen 2021", "2021-01-12"),
    ("5 ago 2020 14:00", "2020-08-05T14:00:00"),
    ("3 mei 2021 10:00", "2021-05-03T10:00:00"),
    ("5 de janeiro de 2020", "2020-01-05"),
    # "14 h 52" with spaces (text path) and a two-digit year (HTML path)
    ("14 h 52, 3 mars 2021", "2021-03-03T14:52:00"),
    ("Do 25.04.24 | 14:07", "2024-04-25T14:07:00"),
    # a US zone means a month-first numeric date whatever the page language
    ("05/06/2025 10:00 EDT", "2025-05-06T10:00:00-04:00"),
])
def test_one_reading_on_every_path(text: str, iso: str) -> None:
    from newsclean.cleaners.text.dates import parse_dateline

    found = find_date(text, language="de")
    assert found is not None and found.iso == iso
    assert parse_dateline(text, lang="de")[1] == iso
    if not text.startswith("Do "):
        parsed = parse_date(text, language="de")
        assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize(("raw", "iso"), [
    ("Tue, 11 Jul 2023 10:00:00 HKT", "2023-07-11T10:00:00+08:00"),
    ("Mon, 05 Aug 2024 12:47:21 GMT", "2024-08-05T12:47:21+00:00"),
    ("Fri Apr 28 2023 17:52:31 GMT+0530 (India Standard Time)", "2023-04-28T17:52:31+05:30"),
])
def test_rfc_like_values_keep_a_known_zone(raw: str, iso: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize(("zone", "day", "minutes"), [
    ("ET", date(2021, 3, 13), -300), ("ET", date(2021, 3, 14), -240),
    ("PT", date(2006, 4, 1), -480), ("PT", date(2006, 4, 2), -420),
    ("ct", date(2021, 11, 7), -360), ("HKT", date(2021, 7, 1), 480),
    ("nzdt", date(2021, 1, 1), 780), ("IST", date(2021, 1, 1), 330),
    ("XYZ", date(2021, 1, 1), None),
])
def test_zone_offset_in_one_unit(zone: str, day: date, minutes: int | None) -> None:
    expected = None if minutes is None else timedelta(minutes=minutes)
    assert zone_offset(zone, day) == expected


@pytest.mark.parametrize(("text", "lang", "iso"), [
    ("05/06/2025", None, "2025-06-05"),
    ("05/06/2025", "en", "2025-05-06"),
    ("05/06/2025", "en_US", "2025-05-06"),
    ("05/06/2025", "en-GB", "2025-06-05"),
])
def test_numeric_order_by_language(text: str, lang: str | None, iso: str) -> None:
    found = find_date(text, language=lang)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("December 31, 2007, 6:21 PMEdwards: Money Doesn't Matter", "2007-12-31T18:21:00"),
    ("August 9, 2012 at 12:45 pm (UTC -4) Link to this comment", "2012-08-09T12:45:00-04:00"),
    ("3 May 2021 10:00 amazing", "2021-05-03T10:00:00"),
])
def test_glued_and_spaced_clock_suffixes(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


def test_value_with_only_a_numeric_offset_reaches_dateutil() -> None:
    parsed = parse_date("Fri Feb 18 10:27:24 2022")
    assert parsed is not None and parsed.iso == "2022-02-18T10:27:24"
    parsed = parse_date("Fri Feb 18 10:27:24 +0100 2022")
    assert parsed is not None and parsed.iso == "2022-02-18T10:27:24+01:00"


def test_time_range_is_not_an_offset() -> None:
    found = find_date("3 May 2021 10:00-12:00")
    assert found is not None and found.iso == "2021-05-03T10:00:00"


def test_parsed_date_iso_drops_microseconds() -> None:
    from datetime import datetime

    assert ParsedDate(datetime(2024, 1, 2, 3, 4, 5, 678), True).iso == "2024-01-02T03:04:05"


@pytest.mark.parametrize(("text", "iso"), [
    ("2019年3月15日 09:43", "2019-03-15T09:43:00"),
    ("2023年4月28日(金) 18:05 JST", "2023-04-28T18:05:00+09:00"),
    ("2023年04月28日", "2023-04-28"),
    ("2023 年 4 月 28 日", "2023-04-28"),
    ("2023년 4월 28일 오후", "2023-04-28"),
    ("2023/04/28 10:15", "2023-04-28T10:15:00"),
    ("更新 2023.4.28", "2023-04-28"),
    ("Jan 15,2008", "2008-01-15"),
    ("Posted Jan 15,2008 at 3:04 p.m. ET", "2008-01-15T15:04:00-05:00"),
])
def test_year_first_and_comma_glued_forms(text: str, iso: str) -> None:
    """Forms htmldate handed to dateparser: one parser reads them on every path."""
    found = find_date(text)
    assert found is not None and found.iso == iso
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize("text", ["2023/13/28", "2023.04/28", "2023/04/28/9", "2150年3月15日",
                                  "Jan 15,20081", "12023年4月28日"])
def test_year_first_lookalikes_are_no_date(text: str) -> None:
    assert find_date(text) is None
    assert parse_date(text) is None
